/**
 * @file The remaining-length toolkit in VS Code: "Predict Remaining Length" on the selection (or the line at the
 * cursor) as a prompt. The panel draws each partial result the engine sends, so the distributions appear as the
 * model writes; the final result adds the truth and the layer scan.
 *
 * Workspace trust: the prompt runs through an embedded model; a model from a local folder (the setting
 * modelLens.remaining.model) is loaded only in a trusted workspace.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { remainingPredictRequest, type RemainingPredictParams } from '../../shared/remaining';
import { activeEditorOrReport } from '../editor/activeText';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { promptParams } from './plan';

async function predict(ctx: HostContext, panel: ViewPanel): Promise<void> {
  const editor = await activeEditorOrReport('remaining-length prediction', ctx.log);
  if (editor === undefined) return;
  const doc = editor.document;
  const range = editor.selection.isEmpty ? doc.lineAt(editor.selection.active.line).range : editor.selection;
  const c = vscode.workspace.getConfiguration('modelLens.remaining');
  const planned = promptParams(doc.getText(range), {
    maxTokens: c.get<unknown>('maxTokens'),
    model: c.get<unknown>('model'),
    allowLocalFiles: vscode.workspace.isTrusted,
  });
  if ('problem' in planned) throw new LensError('bad-input', planned.problem);
  const params: RemainingPredictParams = planned.params;
  const source = vscode.workspace.asRelativePath(doc.uri);
  ctx.log.info(`remaining: ${JSON.stringify(params.prompt.slice(0, 80))} (up to ${params.maxTokens} tokens)`);
  const shown = (result: unknown): void =>
    panel.show({ type: 'show', kind: remainingPredictRequest.name, result, source }, doc.uri);
  if (panel.isOpen) panel.show({ type: 'status', state: 'running', message: 'The model is reading the prompt…' });
  const result = await runWithProgress('Model Lens: predicting the remaining length', ctx.log, (signal, onProgress) =>
    ctx.engine.request(remainingPredictRequest, params, { signal, onProgress, onPartial: shown }),
  );
  if (result !== undefined) shown(result);
  // The idle status replaces the running one the panel would otherwise replay after the result when it reloads.
  if (panel.isOpen) panel.show({ type: 'status', state: 'idle', message: '' });
}

/** The remaining-length toolkit: its command and panel. */
export const remainingHost: HostToolkit = (ctx) => {
  const panel = ctx.panel('remaining');
  return {
    commands: {
      'modelLens.predictRemainingLength': () => predict(ctx, panel).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
