/**
 * @file "Model Lens: Analyse Surprisal of Current File": scores the active file (or the
 * selection), colours it, and shows the chart in the side panel.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { CommandFactory } from '../context';
import { readSettings } from '../settings';
import { SIDE_PANEL_ID } from '../views/sidePanel';
import { changedDuringRun, report, runWithProgress } from './runWithProgress';

/** Characters sent to the engine at most; longer documents are refused before tokenizing. */
const MAX_CHARS = 64 * 1024 * 1024;

/** Creates the command. */
export const analyseSurprisal: CommandFactory = (ctx) => async () => {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    report(new LensError('bad-input', 'Open a file first: the surprisal analysis runs on the active editor.'), ctx.log);
    return;
  }
  const { document, selection } = editor;
  const range = selection.isEmpty ? undefined : selection;
  const text = document.getText(range);
  const offset = range === undefined ? 0 : document.offsetAt(range.start);
  if (text.length > MAX_CHARS) {
    report(new LensError('too-long', 'The file is too large to analyse. Select a part of it.'), ctx.log);
    return;
  }
  const settings = readSettings();
  const version = document.version;
  const name = vscode.workspace.asRelativePath(document.uri);
  ctx.statusBar.show(settings.model, undefined, true);
  const result = await runWithProgress(`Model Lens: surprisal of ${name}`, ctx.log, (signal, onProgress) =>
    ctx.engine.request(
      { type: 'surprisal', params: { text, offset, maxTokens: settings.maxTokens, model: settings.model, device: settings.device, allowLocalFiles: vscode.workspace.isTrusted } },
      { signal, onProgress },
    ),
  );
  ctx.statusBar.show(settings.model, result?.device);
  if (result === undefined || changedDuringRun(document, version, ctx.log)) return;
  ctx.log.info(`surprisal: ${name}, ${result.tokens.length} tokens, ${result.bitsPerByte.toFixed(3)} bits/byte (${result.model} on ${result.device})`);
  ctx.surprisal.set(document, result);
  ctx.sidePanel.post({ type: 'showSurprisal', result, source: name }, document.uri);
  await vscode.commands.executeCommand(`${SIDE_PANEL_ID}.focus`);
  await vscode.window.showTextDocument(document, { ...(editor.viewColumn !== undefined ? { viewColumn: editor.viewColumn } : {}), preserveFocus: false });
};
