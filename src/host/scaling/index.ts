/**
 * @file The scaling toolkit in VS Code: "Fit Scaling Laws…" on a log file or run folder (the column mapping in a
 * quick pick, remembered per folder; each dataset fitted on its own loss with its largest-compute run held out;
 * the loss-to-loss fit between two datasets), "Fit Loss-to-Loss…" (two other datasets) and "Translate Law…".
 *
 * Workspace trust: these commands only read training logs (numbers in CSV, JSONL or event files) and run no
 * model and no code from the workspace, and nothing is written into the log's folder, so they run in
 * restricted mode too, like opening the file in a text editor would.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { scalingFitRequest, scalingL2lRequest, SCALING_OPTIONS } from '../../shared/scaling';
import { scalingColumnsRequest, scalingPanelKind, type PanelL2l, type ScalingPanel } from '../../shared/scalingPanel';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { rememberMapping, savedMappingFor, sameMapping, type Mapping } from './mapping';
import { logTarget, mappingFolder, pickDataset, pickMapping } from './picks';
import { defaultPair, fitPlan, lawFor, pickFits } from './plan';
import { translateLaw } from './translate';

/** workspaceState key of the mappings remembered per folder. */
const SAVED_KEY = 'modelLens.scaling.mappings';

/** What the toolkit remembers between commands. */
export interface ScalingState {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  /** The last fit: the log, and what the panel shows. */
  last: { readonly path: string; readonly shown: ScalingPanel } | undefined;
}

const fitOptions = { bootstrap: SCALING_OPTIONS.bootstrap.default, seed: SCALING_OPTIONS.seed.default };

/** The mapping to fit with: the folder's saved one (or the guess), as the user corrects it; remembered. */
async function chooseMapping(
  s: ScalingState,
  uri: vscode.Uri,
): Promise<{ mapping: Mapping; datasets: string[] } | undefined> {
  const path = uri.fsPath;
  const folder = await mappingFolder(uri);
  const store = s.ctx.extension.workspaceState;
  const first = await runWithProgress('Model Lens: reading the log', s.ctx.log, (signal) =>
    s.ctx.engine.request(scalingColumnsRequest, { path }, { signal }),
  );
  if (first === undefined) return undefined;
  const initial = savedMappingFor(store.get(SAVED_KEY), folder, first.columns) ?? first.guess;
  const mapping = await pickMapping(first, initial);
  if (mapping === undefined) return undefined;
  await store.update(SAVED_KEY, rememberMapping(store.get(SAVED_KEY), folder, mapping));
  const info = sameMapping(mapping, first.guess)
    ? first
    : await s.ctx.engine.request(scalingColumnsRequest, { path, mapping });
  if (info.problem !== undefined) throw new LensError('bad-input', info.problem);
  return { mapping, datasets: [...info.datasets] };
}

/** Fits the loss-to-loss law between two datasets of the last fit (runs paired by N and D; E's from their fits). */
export async function fitPair(
  s: ScalingState,
  shown: ScalingPanel,
  path: string,
  pair: readonly [string, string],
  yRuns?: readonly string[],
): Promise<PanelL2l | undefined> {
  const [xFit, yFit] = pair.map((d) => shown.fits.find((f) => f.dataset === d));
  if (xFit === undefined || yFit === undefined) return undefined;
  // With a few runs of y chosen, E₀ comes from x's fit and E₁ is fitted on those runs (y's own fit used them all).
  const few = yRuns !== undefined && xFit.law.kind === 'compute' ? { e0: xFit.law.params.E } : undefined;
  const params = {
    path,
    mapping: shown.mapping,
    x: { column: xFit.loss, dataset: xFit.dataset },
    y: { column: yFit.loss, dataset: yFit.dataset, ...(yRuns !== undefined ? { runs: [...yRuns] } : {}) },
    ...(few ?? { eFromFits: xFit.law.kind === 'compute' }),
    predict: [],
    holdOut: yRuns !== undefined ? ('none' as const) : ('largest' as const),
    ...fitOptions,
  };
  const fit = await runWithProgress(`Model Lens: loss-to-loss fit ${pair[0]} → ${pair[1]}`, s.ctx.log, (signal) =>
    s.ctx.engine.request(scalingL2lRequest, params, { signal }),
  );
  return fit === undefined ? undefined : { xDataset: pair[0], yDataset: pair[1], fit };
}

/** Shows `shown` in the panel and keeps it as the last fit. */
export function show(s: ScalingState, path: string, shown: ScalingPanel): void {
  s.last = { path, shown };
  s.panel.show({ type: 'show', kind: scalingPanelKind.name, result: shown, source: path }, vscode.Uri.file(path));
}

/** Picks the log and its mapping, fits each dataset, then the loss-to-loss law of the first two, and shows all. */
async function fitScalingLaws(s: ScalingState, arg: unknown): Promise<void> {
  const uri = await logTarget(arg);
  if (uri === undefined) return;
  const chosen = await chooseMapping(s, uri);
  if (chosen === undefined) return;
  const { mapping, datasets } = chosen;
  const plan = fitPlan(datasets, mapping.losses);
  const law = lawFor(mapping);
  const path = uri.fsPath;
  const replies = await runWithProgress('Model Lens: fitting scaling laws', s.ctx.log, async (signal, progress) => {
    const out = [];
    for (const [i, loss] of plan.losses.entries()) {
      const onProgress = (f: number, m: string) => progress((i + f) / plan.losses.length, `${m} (${loss})`);
      const params = { path, law, loss, mapping, holdOut: 'largest' as const, ...fitOptions };
      out.push(await s.ctx.engine.request(scalingFitRequest, params, { signal, onProgress }));
    }
    return out;
  });
  if (replies === undefined) return;
  const fits = pickFits(datasets, plan.lossOf, replies);
  const source = replies[0]?.source ?? path;
  const base: ScalingPanel = { source, mapping, fits, translated: [] };
  s.ctx.log.info(`scaling: fitted ${fits.map((f) => `${f.dataset} on ${f.loss} (R² ${f.r2.toFixed(3)})`).join(', ')}`);
  const pair = defaultPair(fits.map((f) => f.dataset));
  const l2l = pair !== undefined ? await fitPair(s, base, path, pair) : undefined;
  show(s, path, l2l !== undefined ? { ...base, l2l } : base);
}

/** Fits the loss-to-loss law between two datasets the user picks (of the last fit). */
async function fitLossToLoss(s: ScalingState): Promise<void> {
  const last = s.last;
  if (last === undefined) throw new LensError('bad-input', 'Run "Model Lens: Fit Scaling Laws…" on a log first.');
  const datasets = last.shown.fits.map((f) => f.dataset);
  if (datasets.length < 2) {
    throw new LensError('bad-input', 'The last fit has one dataset; a loss-to-loss fit needs runs of two datasets.');
  }
  const x = await pickDataset(datasets, 'Fit Loss-to-Loss (1/2): the dataset whose loss predicts (x)');
  if (x === undefined) return;
  const y = await pickDataset(datasets, `Fit Loss-to-Loss (2/2): the dataset predicted from ${x} (y)`, x);
  if (y === undefined) return;
  const l2l = await fitPair(s, last.shown, last.path, [x, y]);
  if (l2l !== undefined) show(s, last.path, { ...last.shown, l2l });
}

/** The scaling toolkit: its three commands and the panel. */
export const scalingHost: HostToolkit = (ctx) => {
  const s: ScalingState = { ctx, panel: ctx.panel('scaling'), last: undefined };
  const safe = (f: () => Promise<void>) => () => f().catch((e: unknown) => report(e, ctx.log));
  return {
    commands: {
      'modelLens.fitScalingLaws': (arg: unknown) => safe(() => fitScalingLaws(s, arg))(),
      'modelLens.fitLossToLoss': safe(() => fitLossToLoss(s)),
      'modelLens.translateScalingLaw': safe(() => translateLaw(s, { show, fitPair })),
    },
  };
};
