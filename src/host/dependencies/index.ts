/**
 * @file The dependencies toolkit in VS Code: "Show Token Dependencies" (the token at the cursor:
 * decorations, a hover with links, the summary in the side panel), "Show Attention-Sparsity Map"
 * (the whole file or selection in a panel), and the command hover links use to jump to a dependency.
 */
import * as vscode from 'vscode';
import { withAblation } from '../../shared/withAblation';
import {
  dependenciesRequest,
  tokenSlice,
  type DependenciesParams,
  type DependenciesResult,
  type DependencyMethod,
} from '../../shared/dependencies';
import { showToken } from '../../shared/tokenText';
import { activeEditorOrReport } from '../editor/activeText';
import { changedDuringRun, runWithProgress } from '../runWithProgress';
import { revealInEditor } from '../editor/reveal';
import { modelArgOf, readDependencySettings, readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { DependencyDecorations } from './decorations';

/** What the toolkit keeps between commands. */
interface State {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  readonly decorations: DependencyDecorations;
}

/** What a request asks: the token at the cursor (from its window), or the map of the file or selection. */
type Ask = 'token' | 'map';

/** The part of the document a token's window needs (it can be a file of any size), where it starts, and `at`. */
function tokenPart(doc: vscode.TextDocument, at: number): Pick<DependenciesParams, 'text' | 'origin' | 'at' | 'scope'> {
  const end = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  const slice = tokenSlice(end, at);
  const from = doc.positionAt(slice.start);
  const text = doc.getText(new vscode.Range(from, doc.positionAt(slice.end)));
  return { text, origin: { offset: slice.start, line: from.line, character: from.character }, at, scope: 'token' };
}

/** What a caller may set instead of the settings: the model (the copy probe shows where its model reads from). */
interface Overrides {
  readonly method?: DependencyMethod | undefined;
  readonly model?: string | undefined;
}

/** The overrides a command argument gives: `{ model }` with a non-empty model name, else none. */
function overridesOf(arg: unknown): Overrides {
  const model = modelArgOf(arg);
  return model === undefined ? {} : { model };
}

function paramsOf(ctx: HostContext, editor: vscode.TextEditor, ask: Ask, o: Overrides = {}): DependenciesParams {
  const doc = editor.document;
  const s = readSettings();
  const d = readDependencySettings();
  const { selection } = editor;
  const range =
    ask === 'token' || selection.isEmpty
      ? undefined
      : { start: doc.offsetAt(selection.start), end: doc.offsetAt(selection.end) };
  // A selection made top to bottom leaves the cursor after its last token: take that token.
  const active = doc.offsetAt(selection.active);
  const at = range === undefined ? active : Math.max(range.start, Math.min(active, range.end - 1));
  const method = ask === 'token' ? (o.method ?? d.method) : 'attention';
  const model = o.model ?? s.model;
  const where = ask === 'token' ? ` at ${at}` : range !== undefined ? ` [${range.start}, ${range.end})` : '';
  ctx.log.info(`dependencies: ${method} on ${doc.uri.fsPath}${where} with ${model} (p ${d.p}, k ${d.k})`);
  return {
    source: vscode.workspace.asRelativePath(doc.uri),
    model,
    device: s.device,
    allowLocalFiles: vscode.workspace.isTrusted,
    method,
    p: d.p,
    k: d.k,
    reach: d.reach,
    maxTokens: s.maxTokens,
    maps: ask === 'map',
    ...(ask === 'token' ? tokenPart(doc, at) : { text: doc.getText(), at }),
    ...(range !== undefined ? { range } : {}),
  };
}

/** The result without its maps, for the side panel's summary. */
function summaryOnly(result: DependenciesResult): DependenciesResult {
  const { rows: _rows, windowMaps: _maps, ...rest } = result;
  return rest;
}

/** Runs the request on `editor`; undefined when it failed, was cancelled or the document changed. */
async function run(
  ctx: HostContext,
  editor: vscode.TextEditor,
  title: string,
  ask: Ask,
  o: Overrides = {},
): Promise<DependenciesResult | undefined> {
  const params = paramsOf(ctx, editor, ask, o);
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
  return result;
}

/** Says, as an information message, why a token has no dependencies to show. */
function tell(ctx: HostContext, message: string): void {
  ctx.log.info(`dependencies: ${message}`);
  void vscode.window.showInformationMessage(`Model Lens: ${message}`);
}

/** Dependencies of the token at the cursor: decorations, hover with links, and the side panel's summary. */
async function showTokenDependencies(state: State, model?: string): Promise<void> {
  const editor = await activeEditorOrReport('token dependencies', state.ctx.log);
  if (editor === undefined) return;
  const doc = editor.document;
  if (doc.lineCount === 1 && doc.lineAt(0).text.length === 0) {
    state.decorations.clear();
    tell(state.ctx, 'The file is empty: there is no token to show the dependencies of.');
    return;
  }
  // With both methods, attention (one pass) is shown first; ablation (a pass per earlier token) then adds to it. A
  // model that gives no attentions (fused attention, a remote model) ran ablation already, in the first run.
  const both = readDependencySettings().method === 'both';
  const title = 'Model Lens: token dependencies';
  const first = await run(state.ctx, editor, title, 'token', { model, method: both ? 'attention' : undefined });
  if (first === undefined || !showAt(state, editor, first) || !both || first.methods.includes('ablation')) return;
  const version = editor.document.version;
  const second = await run(state.ctx, editor, `${title} by ablation`, 'token', { model, method: 'ablation' });
  if (second === undefined || editor.document.version !== version) return;
  const result = withAblation(first, second);
  state.ctx.sidePanel.post(
    { type: 'show', kind: dependenciesRequest.name, result: summaryOnly(result), source: result.source },
    editor.document.uri,
  );
  showAt(state, editor, result);
}

/** Shows the dependencies of a result's token; false when it has nothing before it (and says so). */
function showAt(state: State, editor: vscode.TextEditor, result: DependenciesResult): boolean {
  const token = result.tokens[result.at?.index ?? -1];
  if (result.at?.context === 0) {
    state.decorations.clear();
    const shown = showToken(token?.text ?? '');
    tell(
      state.ctx,
      `"${shown}" is the first token of the file, so nothing comes before it to depend on. Put the cursor on a later ` +
        'token and run Show Token Dependencies again.',
    );
    return false;
  }
  state.decorations.show(editor, result);
  const i = result.at?.index ?? 0;
  const n = result.at?.ablation?.length ?? result.at?.attention?.length ?? 0;
  const k = `k_attention ${result.kAttention?.[i] ?? '-'}, k_ablation ${result.kAblation?.[i] ?? '-'}`;
  state.ctx.log.info(`dependencies: "${showToken(token?.text ?? '')}", ${n} dependencies shown, ${k}`);
  return true;
}

/** The attention-sparsity map of the file (or selection) in a panel. */
async function showSparsityMap(state: State): Promise<void> {
  const editor = await activeEditorOrReport('attention-sparsity map', state.ctx.log);
  if (editor === undefined) return;
  const result = await run(state.ctx, editor, 'Model Lens: attention-sparsity map', 'map');
  if (result === undefined) return;
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

/**
 * The dependencies toolkit's commands, decorations and map panel, and Model Lens's one hover: the dependency part
 * (when dependencies were asked for) first, then surprisal's (registered here once, for both toolkits).
 */
export const dependenciesHost: HostToolkit = (ctx) => {
  const state: State = { ctx, panel: ctx.panel('dependencies'), decorations: new DependencyDecorations() };
  ctx.onClear(() => state.decorations.clear());
  // Dependency links show first in the hover, above surprisal.
  ctx.onHover(state.decorations.hover(), 0);
  return {
    commands: {
      'modelLens.showTokenDependencies': (arg?: unknown) => showTokenDependencies(state, overridesOf(arg).model),
      'modelLens.showSparsityMap': () => showSparsityMap(state),
      'modelLens.revealRange': revealRange,
    },
    disposables: [state.decorations],
  };
};
