/**
 * @file "Generate with Decision-Tree LM" and "Trace Prediction at Cursor".
 */
import { legacyRequest } from '../legacyRequest';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { CommandFactory, LensContext } from '../context';
import { changedDuringRun, report, runWithProgress } from './runWithProgress';

function modelId(ctx: LensContext): string | undefined {
  const id = ctx.trees.summary?.modelId;
  if (id === undefined) report(new LensError('bad-input', 'Train a decision-tree LM first: run "Model Lens: Train Decision-Tree LM".'), ctx.log);
  return id;
}

/** Generates after the text before the cursor; previews it, then inserts on request. */
export const treesGenerate: CommandFactory = (ctx) => async () => {
  const id = modelId(ctx);
  const editor = vscode.window.activeTextEditor;
  if (id === undefined) return;
  const before = editor === undefined ? '' : editor.document.getText(new vscode.Range(new vscode.Position(Math.max(0, editor.selection.active.line - 3), 0), editor.selection.active));
  const typed = await vscode.window.showInputBox({ title: 'Prompt for the decision-tree LM', value: before });
  if (typed === undefined) return;
  // The input box is one line: when the suggested text is accepted as is, keep its line breaks.
  const flat = (s: string): string => s.replace(/\s+/gu, ' ');
  const prompt = flat(typed) === flat(before) ? before : typed;
  const r = await runWithProgress('Model Lens: generating', ctx.log, (signal) =>
    legacyRequest(ctx.engine, { type: 'treesGenerate', params: { modelId: id, prompt, maxTokens: 120, temperature: 0, seed: 1 } }, { signal }));
  if (r === undefined) return;
  ctx.log.info(`trees generate: ${JSON.stringify(r.text)}`);
  const preview = r.text.length > 300 ? `${r.text.slice(0, 300)}…` : r.text;
  const action = await vscode.window.showInformationMessage(`Decision-tree LM continues: ${JSON.stringify(preview)}`, ...(editor !== undefined ? ['Insert at Cursor'] : []), 'Copy');
  if (action === 'Copy') await vscode.env.clipboard.writeText(r.text);
  if (action === 'Insert at Cursor' && editor !== undefined) await editor.edit((e) => e.insert(editor.selection.active, r.text));
};

/** Traces the prediction of the token at the cursor: panel plus decorations. */
export const treesTrace: CommandFactory = (ctx) => async () => {
  const id = modelId(ctx);
  const editor = vscode.window.activeTextEditor;
  if (id === undefined) return;
  if (editor === undefined) {
    report(new LensError('bad-input', 'Open a file and put the cursor on a token to trace.'), ctx.log);
    return;
  }
  const doc = editor.document;
  const params = { modelId: id, text: doc.getText(), at: doc.offsetAt(editor.selection.active), source: vscode.workspace.asRelativePath(doc.uri) };
  const version = doc.version;
  const result = await runWithProgress('Model Lens: tracing the prediction', ctx.log, (signal) => legacyRequest(ctx.engine, { type: 'treesTrace', params }, { signal }));
  if (result === undefined || changedDuringRun(doc, version, ctx.log)) return;
  ctx.log.info(`trees trace: ${params.source} ${result.position.line + 1}:${result.position.character + 1} predicted ${JSON.stringify(result.predicted)}, ${result.tested.length} source tokens tested, replay ${result.replayed ? 'ok' : 'FAILED'}`);
  ctx.trees.decorations.show(editor, result);
  ctx.trees.panel.show({ type: 'showTreeTrace', result }, doc.uri);
};
