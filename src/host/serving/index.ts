/**
 * @file The serving toolkit in VS Code: "Simulate Serving Schedule…" on a trace file (explorer, editor) or on
 * generated M/G/1 jobs; the panel's c slider runs the simulation again at the new c.
 *
 * Workspace trust: the command reads a trace (numbers in JSONL or CSV) and runs no model and no code from the
 * workspace, and writes nothing, so it runs in restricted mode too.
 */
import * as vscode from 'vscode';
import {
  SERVING_OPTIONS,
  servingSimulateRequest,
  type ServingSimulateParams,
  type ServingSimulateResult,
} from '../../shared/serving';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { pickPredictions, pickServer, pickSource } from './picks';
import { parseC, simulateParams, trailOnly, withTrail } from './plan';

/** What the toolkit remembers: the panel and the last simulation's params (the slider reruns them). */
interface ServingState {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  last: Simulated | undefined;
  /** Counts simulations started: only the latest one's result is shown (the slider may move again meanwhile). */
  started: number;
}

/** A simulation shown: its params (all policies) and result. */
interface Simulated {
  readonly params: ServingSimulateParams;
  readonly result: ServingSimulateResult;
}

/** Generated jobs per run in the panel (the setting's default): enough for smooth CDFs, quick on a laptop. */
const PANEL_JOBS = 20_000;

function options(): { jobs: number; seed: number } {
  const c = vscode.workspace.getConfiguration('modelLens.serving');
  const jobs = c.get<number>('jobs', PANEL_JOBS);
  const ok = Number.isSafeInteger(jobs) && jobs >= 1 && jobs <= SERVING_OPTIONS.jobs.max;
  return { jobs: ok ? jobs : PANEL_JOBS, seed: SERVING_OPTIONS.seed.default };
}

const sourceName = (p: ServingSimulateParams): string =>
  p.source.kind === 'trace' ? vscode.workspace.asRelativePath(p.source.path) : `M/G/1 jobs at load ${p.source.rho}`;

/**
 * Runs `params` and shows the result, and each partial result (the runs done so far) while it runs; the panel says
 * it is running meanwhile. With `base`, `params` runs TRAIL alone and its runs replace TRAIL's in `base` (the
 * slider).
 */
async function simulate(s: ServingState, params: ServingSimulateParams, base?: Simulated): Promise<void> {
  const mine = ++s.started;
  const name = sourceName(params);
  s.ctx.log.info(`serving: ${name}, c ${params.c.join(',')}, ${params.predictions.kind} predictions`);
  const running = { type: 'status', state: 'running', message: `Simulating ${name}…` } as const;
  if (s.panel.isOpen) s.panel.show(running);
  const source = params.source.kind === 'trace' ? vscode.Uri.file(params.source.path) : undefined;
  const show = (r: ServingSimulateResult): void => {
    const result = base === undefined ? r : withTrail(base.result, r);
    s.panel.show({ type: 'show', kind: servingSimulateRequest.name, result, source: name }, source);
  };
  const onPartial = (r: ServingSimulateResult): void => {
    if (mine !== s.started) return;
    show(r);
    s.panel.show(running);
  };
  const result = await runWithProgress(`Model Lens: simulating ${name}`, s.ctx.log, (signal, onProgress) =>
    s.ctx.engine.request(servingSimulateRequest, params, { signal, onProgress, onPartial }),
  );
  if (mine !== s.started) return;
  if (result === undefined) {
    if (s.panel.isOpen) s.panel.show({ type: 'status', state: 'idle', message: '' });
    return;
  }
  s.last = {
    params: base === undefined ? params : { ...base.params, c: params.c },
    result: base === undefined ? result : withTrail(base.result, result),
  };
  show(result);
  // The idle status replaces the running one the panel would otherwise replay after the result when it reloads.
  s.panel.show({ type: 'status', state: 'idle', message: '' });
}

async function simulateServing(s: ServingState, arg: unknown): Promise<void> {
  const source = await pickSource(arg);
  if (source === undefined) return;
  const server = await pickServer(source);
  if (server === undefined) return;
  const predictions = await pickPredictions(source);
  if (predictions === undefined) return;
  const c = s.last?.params.c[0] ?? SERVING_OPTIONS.c.default[1];
  await simulate(s, simulateParams(source, predictions, c, options(), server));
}

/** The slider's action: TRAIL alone again at the new c, on the last simulation's workload. */
function setC(s: ServingState, arg: string): void {
  const c = parseC(arg);
  const last = s.last;
  if (c === undefined) return;
  if (last === undefined) {
    const message = 'The slider reruns the last simulation of this window: run "Simulate Serving Schedule…" again.';
    s.panel.show({ type: 'status', state: 'error', message });
    return;
  }
  void simulate(s, trailOnly(last.params, c), last).catch((e: unknown) => report(e, s.ctx.log));
}

/** The serving toolkit: its command and the panel with the c slider. */
export const servingHost: HostToolkit = (ctx) => {
  const state: ServingState = {
    ctx,
    panel: ctx.panel('serving', { setC: (arg) => setC(state, arg) }),
    last: undefined,
    started: 0,
  };
  return {
    commands: {
      'modelLens.simulateServing': (arg: unknown) =>
        simulateServing(state, arg).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
