/**
 * @file "Generate with Decision-Tree LM" and "Trace Prediction at Cursor", with the model trained last.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { treesGenerateRequest, treesTraceRequest, type TreeModelRef } from '../../shared/trees';
import { activeEditorOrReport } from '../editor/activeText';
import { changedDuringRun, report, runWithProgress } from '../runWithProgress';
import type { HostContext } from '../toolkit';
import { TRAIN_FIRST } from './files';
import { modelRef, type TreesState } from './state';
import { generationNote, temperatureOf } from './texts';

function trained(ctx: HostContext, state: TreesState): TreeModelRef | undefined {
  const ref = modelRef(state);
  if (ref === undefined) report(new LensError('bad-input', TRAIN_FIRST), ctx.log);
  return ref;
}

/** The three lines before the cursor, up to it. */
function textBefore(editor: vscode.TextEditor | undefined): string {
  if (editor === undefined) return '';
  const active = editor.selection.active;
  return editor.document.getText(new vscode.Range(new vscode.Position(Math.max(0, active.line - 3), 0), active));
}

async function askPrompt(before: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({ title: 'Prompt for the decision-tree LM', value: before });
  if (typed === undefined) return undefined;
  // The input box is one line: when the suggested text is accepted as is, keep its line breaks.
  const flat = (s: string): string => s.replace(/\s+/gu, ' ');
  return flat(typed) === flat(before) ? before : typed;
}

/** Generates after the text before the cursor; previews it, then inserts or copies on request. */
export async function generateTreeLM(ctx: HostContext, state: TreesState): Promise<void> {
  const tree = trained(ctx, state);
  const editor = vscode.window.activeTextEditor;
  if (tree === undefined) return;
  const prompt = await askPrompt(textBefore(editor));
  if (prompt === undefined) return;
  const temperature = temperatureOf(vscode.workspace.getConfiguration('modelLens.trees').get('temperature'));
  const seed = temperature > 0 ? Math.floor(Math.random() * 2 ** 31) : 1;
  const params = { tree, prompt, maxTokens: 120, temperature, seed };
  const r = await runWithProgress('Model Lens: generating', ctx.log, (signal) =>
    ctx.engine.request(treesGenerateRequest, params, { signal }),
  );
  if (r === undefined || state.summary === undefined) return;
  const note = generationNote(state.summary, temperature, seed);
  ctx.log.info(`trees generate (temperature ${temperature}, seed ${seed}): ${JSON.stringify(r.text)}`);
  const preview = r.text.length > 300 ? `${r.text.slice(0, 300)}…` : r.text;
  const actions = [...(editor !== undefined ? ['Insert at Cursor'] : []), 'Copy'];
  const action = await vscode.window.showInformationMessage(
    `Decision-tree LM continues: ${JSON.stringify(preview)}. ${note}`,
    ...actions,
  );
  if (action === 'Copy') await vscode.env.clipboard.writeText(r.text);
  if (action === 'Insert at Cursor' && editor !== undefined) {
    await editor.edit((e) => e.insert(editor.selection.active, r.text));
  }
}

/** Traces the prediction of the token at the cursor: panel plus decorations. */
export async function traceTreePrediction(ctx: HostContext, state: TreesState): Promise<void> {
  const tree = trained(ctx, state);
  if (tree === undefined) return;
  const editor = await activeEditorOrReport('decision-tree trace', ctx.log);
  if (editor === undefined) return;
  const doc = editor.document;
  const source = vscode.workspace.asRelativePath(doc.uri);
  const params = { tree, text: doc.getText(), at: doc.offsetAt(editor.selection.active), source };
  const version = doc.version;
  const result = await runWithProgress('Model Lens: tracing the prediction', ctx.log, (signal) =>
    ctx.engine.request(treesTraceRequest, params, { signal }),
  );
  if (result === undefined || changedDuringRun(doc, version, ctx.log)) return;
  const at = `${result.position.line + 1}:${result.position.character + 1}`;
  const replay = result.replayed ? 'ok' : 'FAILED';
  const tested = `${result.tested.length} source tokens tested`;
  ctx.log.info(
    `trees trace: ${source} ${at} predicted ${JSON.stringify(result.predicted)}, ${tested}, replay ${replay}`,
  );
  state.decorations.show(editor, result);
  state.panel.show({ type: 'show', kind: treesTraceRequest.name, result, source }, doc.uri);
}
