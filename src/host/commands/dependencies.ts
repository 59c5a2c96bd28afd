/**
 * @file "Show Token Dependencies" (the token at the cursor) and "Show Attention-Sparsity Map"
 * (the whole file in a panel), plus the command hovers use to jump to a dependency.
 */
import { legacyRequest } from '../legacyRequest';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { DependenciesRequest } from '../../shared/protocol';
import type { DependenciesResult } from '../../shared/results';
import type { CommandFactory, LensContext } from '../context';
import { revealInEditor } from '../editor/reveal';
import { readSettings } from '../settings';
import { changedDuringRun, report, runWithProgress } from './runWithProgress';

function params(ctx: LensContext, editor: vscode.TextEditor, method: 'attention' | 'both', maps: boolean): DependenciesRequest['params'] {
  const doc = editor.document;
  const s = readSettings();
  const range = editor.selection.isEmpty ? undefined : { start: doc.offsetAt(editor.selection.start), end: doc.offsetAt(editor.selection.end) };
  ctx.log.info(`dependencies: ${method} on ${doc.uri.fsPath}${range !== undefined ? ` [${range.start}, ${range.end})` : ''}`);
  return {
    text: doc.getText(), source: vscode.workspace.asRelativePath(doc.uri), model: s.model, device: s.device, allowLocalFiles: vscode.workspace.isTrusted,
    method, at: doc.offsetAt(editor.selection.active), p: 0.9, k: 32, maxTokens: s.maxTokens, maps, ...(range !== undefined ? { range } : {}),
  };
}

function activeEditor(ctx: LensContext): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) report(new LensError('bad-input', 'Open a file and put the cursor on a token first.'), ctx.log);
  return editor;
}

/** The result without its maps, for the side panel's summary. */
function summaryOnly(result: DependenciesResult): DependenciesResult {
  const { rows: _rows, windowMaps: _maps, ...rest } = result;
  return rest;
}

/** Dependencies of the token at the cursor: decorations, hover with links, and the map panel. */
export const showTokenDependencies: CommandFactory = (ctx) => async () => {
  const editor = activeEditor(ctx);
  if (editor === undefined) return;
  const p = params(ctx, editor, 'both', false);
  const version = editor.document.version;
  const result = await runWithProgress('Model Lens: token dependencies', ctx.log, (signal, onProgress) => legacyRequest(ctx.engine, { type: 'dependencies', params: p }, { signal, onProgress }));
  if (result === undefined || changedDuringRun(editor.document, version, ctx.log)) return;
  ctx.statusBar.show(result.model, result.device);
  ctx.dependencies.decorations.show(editor, result);
  ctx.sidePanel.post({ type: 'showDependencies', result: summaryOnly(result) });
  const n = result.at?.ablation?.length ?? result.at?.attention?.length ?? 0;
  ctx.log.info(`dependencies: token ${result.at?.index ?? '?'}, ${n} dependencies shown, k_attention ${result.kAttention?.[result.at?.index ?? 0] ?? '-'}, k_ablation ${result.kAblation?.[result.at?.index ?? 0] ?? '-'}`);
};

/** The attention-sparsity map of the file (or selection) in a panel. */
export const showSparsityMap: CommandFactory = (ctx) => async () => {
  const editor = activeEditor(ctx);
  if (editor === undefined) return;
  const p = params(ctx, editor, 'attention', true);
  const version = editor.document.version;
  const result = await runWithProgress('Model Lens: attention-sparsity map', ctx.log, (signal, onProgress) => legacyRequest(ctx.engine, { type: 'dependencies', params: p }, { signal, onProgress }));
  if (result === undefined || changedDuringRun(editor.document, version, ctx.log)) return;
  ctx.statusBar.show(result.model, result.device);
  ctx.dependencies.panel.show({ type: 'showDependencies', result }, editor.document.uri);
  ctx.sidePanel.post({ type: 'showDependencies', result: summaryOnly(result) });
};

/** Reveals a range of a document: `[uri, start, end]` (used by hover links). */
export const revealRange: CommandFactory = () => async (...args: unknown[]) => {
  const [uri, start, end] = args;
  if (typeof uri !== 'string' || typeof start !== 'number' || typeof end !== 'number') return;
  await revealInEditor(vscode.Uri.parse(uri), start, end);
};
