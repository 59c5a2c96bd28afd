/**
 * @file The dependencies toolkit in VS Code: "Show Token Dependencies" (the token at the cursor:
 * decorations, a hover with links, the summary in the side panel), "Show Attention-Sparsity Map"
 * (the whole file or selection in a panel), and the command hover links use to jump to a dependency.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import {
  DEFAULT_K,
  DEFAULT_P,
  dependenciesRequest,
  type DependenciesParams,
  type DependenciesResult,
  type DependencyMethod,
} from '../../shared/dependencies';
import { changedDuringRun, report, runWithProgress } from '../runWithProgress';
import { revealInEditor } from '../editor/reveal';
import { readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { DependencyDecorations } from './decorations';

/** What the toolkit keeps between commands. */
interface State {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  readonly decorations: DependencyDecorations;
}

function paramsOf(
  ctx: HostContext,
  editor: vscode.TextEditor,
  method: DependencyMethod,
  maps: boolean,
): DependenciesParams {
  const doc = editor.document;
  const s = readSettings();
  const { selection } = editor;
  const range = selection.isEmpty
    ? undefined
    : { start: doc.offsetAt(selection.start), end: doc.offsetAt(selection.end) };
  const where = range !== undefined ? ` [${range.start}, ${range.end})` : '';
  ctx.log.info(`dependencies: ${method} on ${doc.uri.fsPath}${where}`);
  return {
    text: doc.getText(),
    source: vscode.workspace.asRelativePath(doc.uri),
    model: s.model,
    device: s.device,
    allowLocalFiles: vscode.workspace.isTrusted,
    method,
    at: doc.offsetAt(selection.active),
    p: DEFAULT_P,
    k: DEFAULT_K,
    maxTokens: s.maxTokens,
    maps,
    ...(range !== undefined ? { range } : {}),
  };
}

function activeEditor(ctx: HostContext): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined)
    report(new LensError('bad-input', 'Open a file and put the cursor on a token first.'), ctx.log);
  return editor;
}

/** The result without its maps, for the side panel's summary. */
function summaryOnly(result: DependenciesResult): DependenciesResult {
  const { rows: _rows, windowMaps: _maps, ...rest } = result;
  return rest;
}

/** Runs the request on the active editor; undefined when it failed, was cancelled or the document changed. */
async function run(
  ctx: HostContext,
  title: string,
  method: DependencyMethod,
  maps: boolean,
): Promise<{ editor: vscode.TextEditor; result: DependenciesResult } | undefined> {
  const editor = activeEditor(ctx);
  if (editor === undefined) return undefined;
  const params = paramsOf(ctx, editor, method, maps);
  const version = editor.document.version;
  const result = await runWithProgress(title, ctx.log, (signal, onProgress) =>
    ctx.engine.request(dependenciesRequest, params, { signal, onProgress }),
  );
  if (result === undefined || changedDuringRun(editor.document, version, ctx.log)) return undefined;
  ctx.statusBar.show(result.model, result.device);
  ctx.sidePanel.post(
    { type: 'show', kind: dependenciesRequest.name, result: summaryOnly(result), source: result.source },
    editor.document.uri,
  );
  return { editor, result };
}

/** Dependencies of the token at the cursor: decorations, hover with links, and the side panel's summary. */
async function showTokenDependencies(state: State): Promise<void> {
  const done = await run(state.ctx, 'Model Lens: token dependencies', 'both', false);
  if (done === undefined) return;
  const { editor, result } = done;
  state.decorations.show(editor, result);
  const i = result.at?.index ?? 0;
  const n = result.at?.ablation?.length ?? result.at?.attention?.length ?? 0;
  const k = `k_attention ${result.kAttention?.[i] ?? '-'}, k_ablation ${result.kAblation?.[i] ?? '-'}`;
  state.ctx.log.info(`dependencies: token ${result.at?.index ?? '?'}, ${n} dependencies shown, ${k}`);
}

/** The attention-sparsity map of the file (or selection) in a panel. */
async function showSparsityMap(state: State): Promise<void> {
  const done = await run(state.ctx, 'Model Lens: attention-sparsity map', 'attention', true);
  if (done === undefined) return;
  const { editor, result } = done;
  state.panel.show(
    { type: 'show', kind: dependenciesRequest.name, result, source: result.source },
    editor.document.uri,
  );
}

/** Reveals a range of a document: `[uri, start, end]` (used by hover links). */
async function revealRange(...args: unknown[]): Promise<void> {
  const [uri, start, end] = args;
  if (typeof uri !== 'string' || typeof start !== 'number' || typeof end !== 'number') return;
  await revealInEditor(vscode.Uri.parse(uri), start, end);
}

/** The dependencies toolkit's commands, decorations, hover and map panel. */
export const dependenciesHost: HostToolkit = (ctx) => {
  const state: State = { ctx, panel: ctx.panel('dependencies'), decorations: new DependencyDecorations() };
  ctx.onClear(() => state.decorations.clear());
  return {
    commands: {
      'modelLens.showTokenDependencies': () => showTokenDependencies(state),
      'modelLens.showSparsityMap': () => showSparsityMap(state),
      'modelLens.revealRange': revealRange,
    },
    disposables: [
      state.decorations,
      vscode.languages.registerHoverProvider({ scheme: '*' }, state.decorations.hover()),
    ],
  };
};
