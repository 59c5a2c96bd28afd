/**
 * @file The sparse-parity toolkit in VS Code: "Sparse Parity Frontier" opens a panel whose form runs a grid (the
 * form's `run` message is checked by schema here again; a grid estimated to be long is run only when the person
 * says so in a modal), streaming each finished cell into the heatmap; "Stop" ends it and keeps what finished.
 * "MLP vs Trees on Table…" is in `./table.ts`.
 *
 * Workspace trust: the grid runs no model and reads no file, so it runs in restricted mode too.
 */
import * as vscode from 'vscode';
import {
  parityEstimateRequest,
  parityGridRequest,
  type ParityEstimate,
  type ParityGridParams,
  type ParityGridResult,
} from '../../shared/parity';
import {
  PARITY_RUN_ACTION,
  PARITY_STOP_ACTION,
  parityPanelKind,
  parseRunArg,
  type ParityPanelState,
} from '../../shared/parityPanel';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { confirmText, durationText, gridSize, gridTimeoutMs, startingResult, threadsText } from './plan';
import { mlpVsTrees } from './table';

/** What the toolkit remembers: the panels and the grid running. */
interface ParityState {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  readonly table: ViewPanel;
  /** Stops the grid running (the form's Stop button, or a new grid). */
  running: AbortController | undefined;
  /** Counts grids started: only the latest one's results are shown. */
  started: number;
}

const idle = { type: 'status', state: 'idle', message: '' } as const;

function showGrid(s: ParityState, params: ParityGridParams, result: ParityGridResult, state: ParityPanelState): void {
  s.panel.show({ type: 'show', kind: parityPanelKind.name, result: { params, result, state } });
}

/** Times a short run of the grid and asks in a modal when it is long: the estimate to run it by, or undefined. */
async function confirmed(
  s: ParityState,
  params: ParityGridParams,
  signal: AbortSignal,
): Promise<ParityEstimate | undefined> {
  s.panel.show({ type: 'status', state: 'running', message: 'Timing a short run to estimate the grid…' });
  const estimate = await runWithProgress('Model Lens: estimating the parity grid', s.ctx.log, (cancel) =>
    s.ctx.engine.request(parityEstimateRequest, params, { signal: AbortSignal.any([cancel, signal]) }),
  );
  if (estimate === undefined) return undefined;
  s.ctx.log.info(`parity: estimate ${durationText(estimate.seconds)} for ${estimate.runs} runs`);
  if (!estimate.confirm) return estimate;
  const go = await vscode.window.showWarningMessage(confirmText(params, estimate), { modal: true }, 'Run');
  return go === 'Run' ? estimate : undefined;
}

/** Runs the grid the form asked for, showing each partial result; a newer grid stops this one. */
async function runGrid(s: ParityState, arg: string): Promise<void> {
  const parsed = parseRunArg(arg);
  if ('problem' in parsed) return void s.panel.show({ type: 'status', state: 'error', message: parsed.problem });
  const params = parsed.params;
  s.running?.abort();
  const mine = ++s.started;
  const stop = new AbortController();
  s.running = stop;
  const current = (): boolean => mine === s.started;
  try {
    const estimate = await confirmed(s, params, stop.signal);
    if (estimate === undefined || !current()) {
      if (current()) s.panel.show({ type: 'status', state: 'idle', message: 'The grid was not run.' });
      return;
    }
    const { cells, runs } = gridSize(params);
    let last: ParityGridResult | undefined;
    const onPartial = (r: ParityGridResult): void => {
      if (!current()) return;
      last = r;
      showGrid(s, params, r, 'running');
      const message = `Training: ${r.cells.length} of ${cells} cells done (${durationText(r.seconds)} so far)…`;
      s.panel.show({ type: 'status', state: 'running', message });
    };
    showGrid(s, params, startingResult(params), 'running');
    const at = `at most about ${durationText(estimate.seconds)} on ${threadsText(estimate.workers)}`;
    const message = `Training ${runs} networks in ${cells} cells (${at})…`;
    s.panel.show({ type: 'status', state: 'running', message });
    s.ctx.log.info(`parity: n ${params.n}, k ${params.k}, ${cells} cells, ${runs} runs`);
    const result = await runWithProgress(`Model Lens: sparse parity grid (${runs} networks)`, s.ctx.log, (c, p) =>
      s.ctx.engine.request(parityGridRequest, params, {
        signal: AbortSignal.any([c, stop.signal]),
        onProgress: p,
        onPartial,
        timeoutMs: gridTimeoutMs(estimate),
      }),
    );
    if (!current()) return;
    if (result !== undefined) showGrid(s, params, result, 'done');
    else showGrid(s, params, last ?? startingResult(params), 'stopped');
    s.panel.show(idle);
  } finally {
    if (s.running === stop) s.running = undefined;
  }
}

/** The form's Stop button: ends the grid running; the cells done stay. */
function stopGrid(s: ParityState): void {
  s.running?.abort();
}

/** The parity toolkit: the frontier panel with its form, and the table comparison. */
export const parityHost: HostToolkit = (ctx) => {
  const state: ParityState = {
    ctx,
    panel: ctx.panel('parity', {
      [PARITY_RUN_ACTION]: (arg) => void runGrid(state, arg).catch((e: unknown) => report(e, ctx.log)),
      [PARITY_STOP_ACTION]: () => stopGrid(state),
    }),
    table: ctx.panel('tabular'),
    running: undefined,
    started: 0,
  };
  return {
    commands: {
      'modelLens.sparseParityFrontier': () => state.panel.show(idle),
      'modelLens.mlpVsTrees': (arg: unknown) =>
        mlpVsTrees(ctx, state.table, arg).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
