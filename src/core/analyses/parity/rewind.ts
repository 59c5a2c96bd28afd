/**
 * @file The lottery ticket of a grid. In the showcase cell (the best success rate; ties: sparse init, then more
 * data, then wider) the first successful run's top-norm neurons are shown with their first-layer weights. The rewind
 * check then takes, for each successful run of that cell (at most {@link REWIND_RUNS}), its `keep` = 2k neurons
 * of largest norm, rewinds them to their initial weights, and retrains that sub-network alone on the same data; and
 * the same for `keep` neurons picked at random from the same initial network. Each retraining may take at most
 * {@link REWIND_BUDGET} times the steps the full network took to succeed (and at most the grid's cutoff): the paper's
 * claim is that the ticket learns about as fast as the whole network, and a random sub-network does not (on easy
 * grids a random one may still learn, much later). The ticket is real when the top neurons succeed within that
 * budget and the random ones do not.
 */
import type { ParityGridParams, ParityNeurons, ParityRewind } from '../../../shared/parity';
import { PARITY_OPTIONS } from '../../../shared/parity';
import { keepOf, medianSteps, runSpec, type CellKey, type RunExec } from './spec';
import { Rng, mixSeed } from '../../random/draws';
import type { RunResult } from './train';

/** Most successful runs of the showcase cell that the rewind check retrains. */
export const REWIND_RUNS = 5;
/** A retraining's step budget, as a multiple of the full network's steps to success. */
export const REWIND_BUDGET = 3;

const rate = (r: readonly RunResult[]) => r.filter((x) => x.success).length / Math.max(1, r.length);
const dataOf = (samples: number) => (samples === 0 ? Infinity : samples);

/** Index of the showcase cell (see the file comment); undefined when the grid is empty. */
export function showcaseCell(keys: readonly CellKey[], runs: readonly (readonly RunResult[])[]): number | undefined {
  let best: number | undefined;
  const better = (a: number, b: number): boolean => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka === undefined || kb === undefined) return false;
    const d = rate(runs[a] ?? []) - rate(runs[b] ?? []);
    if (d !== 0) return d > 0;
    if (ka.init !== kb.init) return ka.init === 'sparse';
    if (ka.samples !== kb.samples) return dataOf(ka.samples) > dataOf(kb.samples);
    return ka.width > kb.width;
  };
  keys.forEach((_, i) => {
    if (best === undefined || better(i, best)) best = i;
  });
  return best;
}

/** Neurons, then the rewind check, of the showcase cell (empty when the grid has no runs). */
export async function lotteryTicket(
  p: ParityGridParams,
  support: readonly number[],
  keys: readonly CellKey[],
  runs: readonly (readonly RunResult[])[],
  exec: RunExec,
): Promise<{ neurons?: ParityNeurons; rewind?: ParityRewind }> {
  const c = showcaseCell(keys, runs);
  const key = c === undefined ? undefined : keys[c];
  const results = c === undefined ? [] : (runs[c] ?? []);
  if (key === undefined || results.length === 0) return {};
  const shown = Math.max(
    0,
    results.findIndex((r) => r.success),
  );
  const neurons: ParityNeurons = {
    ...key,
    seed: shown,
    succeeded: results[shown]?.success ?? false,
    neurons: (results[shown]?.neurons ?? []).slice(0, PARITY_OPTIONS.topNeurons),
  };
  if (!p.rewind) return { neurons };
  const keep = Math.min(keepOf(p.k), key.width);
  const chosen = results.flatMap((r, run) => (r.success ? [run] : [])).slice(0, REWIND_RUNS);
  const arm = (pick: (run: number) => number[]) =>
    Promise.all(
      chosen.map((run) => {
        const steps = Math.min(p.steps, REWIND_BUDGET * (results[run]?.steps ?? p.steps));
        return exec({ ...runSpec(p, support, key, run), steps, keep: pick(run), report: 0 });
      }),
    );
  const [top, random] = await Promise.all([
    arm((run) => (results[run]?.neurons ?? []).slice(0, keep).map((x) => x.index)),
    arm((run) => new Rng(mixSeed(p.seed, run, 0x4a7d)).distinct(keep, key.width)),
  ]);
  const summary = (r: readonly RunResult[]) => ({
    runs: r.length,
    successes: r.filter((x) => x.success).length,
    medianSteps: medianSteps(r),
  });
  return { neurons, rewind: { ...key, keep, budget: REWIND_BUDGET, top: summary(top), random: summary(random) } };
}
