/**
 * @file The surprisal toolkit in VS Code: "Analyse Surprisal of Current File" scores the active file
 * (or the selection), colours it, shows a hover per token and the chart in the side panel.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { surprisalRequest } from '../../shared/surprisal';
import { changedDuringRun, report, runWithProgress } from '../runWithProgress';
import { SurprisalDecorations } from './surprisalDecorations';
import { readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import { SIDE_PANEL_ID } from '../views/sidePanel';

/** Characters sent to the engine at most; longer documents are refused before tokenizing. */
const MAX_CHARS = 64 * 1024 * 1024;

async function analyseSurprisal(ctx: HostContext): Promise<void> {
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
  const params = { ...settings, text, offset, allowLocalFiles: vscode.workspace.isTrusted };
  const result = await runWithProgress(`Model Lens: surprisal of ${name}`, ctx.log, (signal, onProgress) =>
    ctx.engine.request(surprisalRequest, params, { signal, onProgress }),
  );
  ctx.statusBar.show(settings.model, result?.device);
  if (result === undefined || changedDuringRun(document, version, ctx.log)) return;
  const bpb = result.bitsPerByte.toFixed(3);
  ctx.log.info(
    `surprisal: ${name}, ${result.tokens.length} tokens, ${bpb} bits/byte (${result.model} on ${result.device})`,
  );
  ctx.surprisal.set(document, result);
  ctx.sidePanel.post({ type: 'show', kind: surprisalRequest.name, result, source: name }, document.uri);
  await vscode.commands.executeCommand(`${SIDE_PANEL_ID}.focus`);
  const column = editor.viewColumn !== undefined ? { viewColumn: editor.viewColumn } : {};
  await vscode.window.showTextDocument(document, { ...column, preserveFocus: false });
}

/**
 * The surprisal toolkit's commands and decorations. Its hover (`surprisalHover`) is part of Model Lens's one hover,
 * registered with the dependencies toolkit (src/host/editor/hover.ts).
 */
export const surprisalHost: HostToolkit = (ctx) => ({
  commands: { 'modelLens.analyseSurprisal': () => analyseSurprisal(ctx) },
  disposables: [new SurprisalDecorations(ctx.surprisal)],
});
