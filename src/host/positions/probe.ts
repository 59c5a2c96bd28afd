/**
 * @file "Length Generalization Probe" in VS Code: asks for the task, the longest length and the
 * problems per length, opens its own panel at once, and asks the engine for one length at a time so
 * the curves grow as each length is done (progress and cancellation cover the whole run).
 */
import * as vscode from 'vscode';
import { probeMerge } from './probeMerge';
import {
  lengthProbeRequest,
  MODEL_TASKS,
  type LengthProbeParams,
  type LengthProbeResult,
  type PositionTask,
} from '../../shared/positions';
import { runWithProgress } from '../runWithProgress';
import type { HostContext } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';

const TASK_DETAILS: Readonly<Record<PositionTask, string>> = {
  addition: 'a+b=, answer least-significant digit first; trained up to 10 digits',
  multiplication: 'a*d= (N×1), answer least-significant digit first; trained up to 10 digits',
  copy: 'x|x over digits; trained up to 10 symbols',
};

function askInt(title: string, value: number, min: number, max: number): Thenable<number | undefined> {
  const validateInput = (v: string): string | undefined =>
    /^\d+$/u.test(v.trim()) && Number(v) >= min && Number(v) <= max
      ? undefined
      : `A whole number from ${min} to ${max}`;
  return vscode.window
    .showInputBox({ title, value: String(value), validateInput })
    .then((v) => (v === undefined ? undefined : Number(v.trim())));
}

async function askProbe(): Promise<LengthProbeParams | undefined> {
  const tasks = MODEL_TASKS.map((label) => ({ label, detail: TASK_DETAILS[label] }));
  const task = await vscode.window.showQuickPick(tasks, { title: 'Length Generalization Probe: task' });
  if (task === undefined) return undefined;
  const maxLength = await askInt('Longest length to probe (training maximum is 10)', 30, 1, 200);
  if (maxLength === undefined) return undefined;
  const samples = await askInt('Problems per length', 50, 1, 10_000);
  if (samples === undefined) return undefined;
  return { task: task.label, maxLength, samples, seed: 1 };
}

/** Probes lengths 1 … maxLength one at a time, showing the merged curves in `panel` after each. */
async function probeLive(
  ctx: HostContext,
  panel: ViewPanel,
  params: LengthProbeParams,
  uri: vscode.Uri,
): Promise<{ result?: LengthProbeResult | undefined; done: number }> {
  const n = params.maxLength;
  const run = { result: undefined as LengthProbeResult | undefined, done: 0 };
  await runWithProgress('Model Lens: length generalization', ctx.log, async (signal, onProgress) => {
    for (let length = 1; length <= n; length++) {
      const part = await ctx.engine.request(
        lengthProbeRequest,
        { ...params, lengths: [length] },
        { signal, onProgress: (f, m) => onProgress((length - 1 + f) / n, `length ${length} of ${n}: ${m}`) },
      );
      run.result = probeMerge(run.result, part, n);
      run.done = length;
      panel.show({ type: 'show', kind: lengthProbeRequest.name, result: run.result, source: params.task }, uri);
    }
  });
  return run;
}

/** The command: asks, opens the probe panel at once, and draws the curves live. */
export async function lengthGeneralizationProbe(ctx: HostContext, panel: ViewPanel): Promise<void> {
  const params = await askProbe();
  if (params === undefined) return;
  const { task, maxLength, samples } = params;
  ctx.log.info(`length probe: ${task} 1..${maxLength}, ${samples} per length`);
  const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/');
  panel.show({ type: 'clear' }, uri);
  const waiting =
    `Probing ${task} at lengths 1–${maxLength}, ${samples} problems each: ` +
    'the curves appear and grow as each length is done.';
  panel.show({ type: 'status', state: 'running', message: waiting }, uri);
  const { result, done } = await probeLive(ctx, panel, params, uri);
  if (done < maxLength) {
    const message = `Stopped after ${done} of ${maxLength} lengths; run the probe again for the rest.`;
    panel.show({ type: 'status', state: 'error', message }, uri);
  }
  for (const m of result?.methods ?? []) {
    ctx.log.info(`length probe ${m.name}: ${m.accuracy.map((a) => (a === null ? '-' : a.toFixed(2))).join(' ')}`);
  }
}
