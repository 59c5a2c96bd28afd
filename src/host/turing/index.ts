/**
 * @file The turing toolkit in VS Code: "Run Turing-Program Model on Selection" runs the zoo's Turing-program model
 * of the selected problem (`57+68`, `123*4`) greedily; the panel lists the scratchpad's lines as the model writes
 * them, each checked by the simulator, the first wrong one in red beside the line it should have been.
 *
 * Workspace trust: a model from a local folder (the setting modelLens.turing.model) loads only in a trusted
 * workspace; the embedded models always do.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { programRunRequest, type ProgramRunResult } from '../../shared/turing';
import { activeEditorOrReport } from '../editor/activeText';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { programParams } from './plan';

async function runProgram(ctx: HostContext, panel: ViewPanel): Promise<void> {
  const editor = await activeEditorOrReport('Turing-program run', ctx.log);
  if (editor === undefined) return;
  const doc = editor.document;
  const range = editor.selection.isEmpty ? doc.lineAt(editor.selection.active.line).range : editor.selection;
  const model = vscode.workspace.getConfiguration('modelLens.turing').get<unknown>('model');
  const planned = programParams(doc.getText(range), model, vscode.workspace.isTrusted);
  if ('problem' in planned) throw new LensError('bad-input', planned.problem);
  const { params } = planned;
  const source = vscode.workspace.asRelativePath(doc.uri);
  ctx.log.info(`turing: ${params.model} on ${params.input}`);
  let last: ProgramRunResult | undefined;
  const shown = (result: ProgramRunResult): void => {
    last = result;
    panel.show({ type: 'show', kind: programRunRequest.name, result, source }, doc.uri);
  };
  if (panel.isOpen) panel.show({ type: 'status', state: 'running', message: 'The model is writing its scratchpad…' });
  const result = await runWithProgress(
    'Model Lens: the Turing-program model is writing',
    ctx.log,
    (signal, onProgress) => ctx.engine.request(programRunRequest, params, { signal, onProgress, onPartial: shown }),
  );
  if (result !== undefined) shown(result);
  else if (last !== undefined) shown({ ...last, done: true, stopped: true });
  // A cancelled or failed run keeps the lines written so far, said so in place of the running status.
  const message = result === undefined ? 'Stopped before the model finished: the lines written so far are shown.' : '';
  if (panel.isOpen) panel.show({ type: 'status', state: 'idle', message });
}

/** The turing toolkit: its command and panel. */
export const turingHost: HostToolkit = (ctx) => {
  const panel = ctx.panel('turing');
  return {
    commands: {
      'modelLens.runTuringProgram': () => runProgram(ctx, panel).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
