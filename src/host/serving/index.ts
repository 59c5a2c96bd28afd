/**
 * @file The serving toolkit in VS Code: "Simulate Serving Schedule…" on a trace file (explorer, editor) or on
 * generated M/G/1 jobs; the panel's c slider runs the simulation again at the new c.
 *
 * Workspace trust: the command reads a trace (numbers in JSONL or CSV) and runs no model and no code from the
 * workspace, and writes nothing, so it runs in restricted mode too.
 */
import * as vscode from 'vscode';
import { SERVING_OPTIONS, servingSimulateRequest, type ServingSimulateParams } from '../../shared/serving';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { pickPredictions, pickSource } from './picks';
import { parseC, simulateParams } from './plan';

/** What the toolkit remembers: the panel and the last simulation's params (the slider reruns them). */
interface ServingState {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  last: ServingSimulateParams | undefined;
}

function options(): { jobs: number; seed: number } {
  const c = vscode.workspace.getConfiguration('modelLens.serving');
  const jobs = c.get<number>('jobs', SERVING_OPTIONS.jobs.default);
  const ok = Number.isSafeInteger(jobs) && jobs >= 1 && jobs <= SERVING_OPTIONS.jobs.max;
  return { jobs: ok ? jobs : SERVING_OPTIONS.jobs.default, seed: SERVING_OPTIONS.seed.default };
}

const sourceName = (p: ServingSimulateParams): string =>
  p.source.kind === 'trace' ? vscode.workspace.asRelativePath(p.source.path) : `M/G/1 jobs at load ${p.source.rho}`;

/** Runs `params` and shows the result; the panel says it is running meanwhile. */
async function simulate(s: ServingState, params: ServingSimulateParams): Promise<void> {
  const name = sourceName(params);
  s.ctx.log.info(`serving: ${name}, c ${params.c.join(',')}, ${params.predictions.kind} predictions`);
  if (s.panel.isOpen) s.panel.show({ type: 'status', state: 'running', message: `Simulating ${name}…` });
  const result = await runWithProgress(`Model Lens: simulating ${name}`, s.ctx.log, (signal, onProgress) =>
    s.ctx.engine.request(servingSimulateRequest, params, { signal, onProgress }),
  );
  if (result === undefined) {
    if (s.panel.isOpen) s.panel.show({ type: 'status', state: 'idle', message: '' });
    return;
  }
  s.last = params;
  const source = params.source.kind === 'trace' ? vscode.Uri.file(params.source.path) : undefined;
  s.panel.show({ type: 'show', kind: servingSimulateRequest.name, result, source: name }, source);
}

async function simulateServing(s: ServingState, arg: unknown): Promise<void> {
  const source = await pickSource(arg);
  if (source === undefined) return;
  const predictions = await pickPredictions(source);
  if (predictions === undefined) return;
  const c = s.last?.c[0] ?? SERVING_OPTIONS.c.default[1];
  await simulate(s, simulateParams(source, predictions, c, options()));
}

/** The slider's action: the last simulation again at the new c. */
function setC(s: ServingState, arg: string): void {
  const c = parseC(arg);
  if (c === undefined || s.last === undefined) return;
  void simulate(s, { ...s.last, c: [c] }).catch((e: unknown) => report(e, s.ctx.log));
}

/** The serving toolkit: its command and the panel with the c slider. */
export const servingHost: HostToolkit = (ctx) => {
  const state: ServingState = {
    ctx,
    panel: ctx.panel('serving', { setC: (arg) => setC(state, arg) }),
    last: undefined,
  };
  return {
    commands: {
      'modelLens.simulateServing': (arg: unknown) =>
        simulateServing(state, arg).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
