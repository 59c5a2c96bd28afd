/**
 * @file The memorization-vs-reasoning sweep in VS Code: "Memorization vs Reasoning" opens a panel with the zoo's
 * MoE and dense models of the phone-book and path tasks (build-time accuracy, at once); its "Re-measure on a
 * sample" button re-scores every model on a seeded sample, drawing each model's live point as it is scored. A new
 * re-measure stops the one running.
 *
 * Workspace trust: only embedded models and eval sets are read, so it runs in restricted mode too.
 */
import { LensError } from '../../core/errors';
import {
  moeSweepRequest,
  parseSample,
  REMEASURE_ACTION,
  SAMPLE,
  type MoeSweepParams,
  type MoeSweepResult,
} from '../../shared/moeSweep';
import { report, runWithProgress } from '../runWithProgress';
import { readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';

/** The seed of the panel's live sample: fixed, so a re-measure of the same size scores the same items. */
const PANEL_SEED = 1;

interface SweepState {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  running: AbortController | undefined;
}

const shown = (s: SweepState, result: MoeSweepResult): void =>
  s.panel.show({ type: 'show', kind: moeSweepRequest.name, result });

/** The sample size the panel sent; a bad one is a `bad-input` error saying what to type. */
function sampleOf(arg: string): number {
  const parsed = parseSample(arg);
  if ('problem' in parsed) throw new LensError('bad-input', parsed.problem);
  return parsed.sample;
}

async function sweep(s: SweepState, live: boolean, sample: number): Promise<void> {
  s.running?.abort();
  const stop = new AbortController();
  s.running = stop;
  const params: MoeSweepParams = { live, sample, seed: PANEL_SEED, device: readSettings().device };
  const what = live ? `re-measuring the zoo on ${sample} items per model` : 'reading the zoo sweep';
  s.ctx.log.info(`moe sweep: ${what}`);
  if (live) s.panel.show({ type: 'status', state: 'running', message: `Re-measuring on ${sample} items per model…` });
  try {
    const result = await runWithProgress(`Model Lens: ${what}`, s.ctx.log, (signal, onProgress) =>
      s.ctx.engine.request(moeSweepRequest, params, {
        signal: AbortSignal.any([signal, stop.signal]),
        onProgress,
        onPartial: (r) => s.running === stop && shown(s, r),
      }),
    );
    if (result !== undefined && s.running === stop) shown(s, result);
  } finally {
    if (s.running === stop) {
      s.running = undefined;
      s.panel.show({ type: 'status', state: 'idle', message: '' });
    }
  }
}

/** The sweep toolkit: its command and panel. */
export const moeSweepHost: HostToolkit = (ctx) => {
  const state: SweepState = {
    ctx,
    panel: ctx.panel('moeSweep', {
      [REMEASURE_ACTION]: (arg) =>
        void Promise.resolve()
          .then(() => sweep(state, true, sampleOf(arg)))
          .catch((e: unknown) => report(e, ctx.log)),
    }),
    running: undefined,
  };
  return {
    commands: {
      'modelLens.memorizationVsReasoning': () =>
        sweep(state, false, SAMPLE.default).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
