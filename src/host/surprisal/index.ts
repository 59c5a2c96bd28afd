/**
 * @file The surprisal toolkit in VS Code: "Analyse Surprisal of Current File" scores the active file
 * (or the selection), colours it, shows a hover per token and the chart in the side panel.
 */
import * as vscode from 'vscode';
import { activeTextEditor, editorText, type EditorText } from '../editor/activeText';
import { surprisalRequest, surprisalTopRequest } from '../../shared/surprisal';
import { changedDuringRun, report, runWithProgress } from '../runWithProgress';
import { SurprisalDecorations } from './surprisalDecorations';
import { surprisalHover } from './surprisalHover';
import { modelArgOf, readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import { SIDE_PANEL_ID } from '../views/sidePanel';

/** Scores the active file with the configured model, or with `modelOverride` (an inspected file) for this run. */
async function analyseSurprisal(ctx: HostContext, modelOverride?: string): Promise<void> {
  const settings = { ...readSettings(), ...(modelOverride === undefined ? {} : { model: modelOverride }) };
  let editor: vscode.TextEditor;
  let input: EditorText;
  try {
    editor = await activeTextEditor('surprisal analysis');
    input = editorText(editor, settings.maxFileBytes);
  } catch (error) {
    report(error, ctx.log);
    return;
  }
  const { document } = editor;
  const version = document.version;
  const name = vscode.workspace.asRelativePath(document.uri);
  ctx.statusBar.show(settings.model, undefined, true);
  const { model, device, maxTokens } = settings;
  const params = { model, device, maxTokens, ...input, allowLocalFiles: vscode.workspace.isTrusted };
  const result = await runWithProgress(`Model Lens: surprisal of ${name}`, ctx.log, (signal, onProgress) =>
    ctx.engine.request(surprisalRequest, params, { signal, onProgress }),
  );
  ctx.statusBar.show(settings.model, result?.device);
  if (result === undefined || changedDuringRun(document, version, ctx.log)) return;
  const bpb = result.bitsPerByte.toFixed(3);
  ctx.log.info(
    `surprisal: ${name}, ${result.tokens.length} tokens, ${bpb} bits/byte (${result.model} on ${result.device})`,
  );
  const { topId } = result;
  const topAt =
    topId === undefined
      ? undefined
      : async (index: number) => (await ctx.engine.request(surprisalTopRequest, { topId, index })).top;
  ctx.surprisal.set(document, result, topAt);
  ctx.sidePanel.post({ type: 'show', kind: surprisalRequest.name, result, source: name }, document.uri);
  await vscode.commands.executeCommand(`${SIDE_PANEL_ID}.focus`);
  const column = editor.viewColumn !== undefined ? { viewColumn: editor.viewColumn } : {};
  await vscode.window.showTextDocument(document, { ...column, preserveFocus: false });
}

/** The surprisal toolkit's commands, decorations and its part of Model Lens's one hover (below dependencies). */
export const surprisalHost: HostToolkit = (ctx) => {
  ctx.onHover(surprisalHover(ctx.surprisal), 1);
  return {
    commands: { 'modelLens.analyseSurprisal': (arg?: unknown) => analyseSurprisal(ctx, modelArgOf(arg)) },
    disposables: [new SurprisalDecorations(ctx.surprisal)],
  };
};
