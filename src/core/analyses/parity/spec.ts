/**
 * @file What one cell and one run of a parity grid are: the cell key, the run spec of each cell and seed (with the
 * seeds that make runs comparable across widths), and the median of the successful runs' steps.
 */
import { PARITY_OPTIONS, type ParityGridParams, type ParityInit } from '../../../shared/parity';
import { mixSeed } from '../../random/draws';
import type { RunResult, RunSpec } from './train';

/** A cell of the grid. */
export interface CellKey {
  readonly width: number;
  readonly samples: number;
  readonly init: ParityInit;
}

/** Trains one spec (the grid's only way to train: the engine passes its worker pool). */
export type RunExec = (spec: RunSpec) => Promise<RunResult>;

/** Rows of neurons every run reports: enough for the panel and for the rewind check. */
export const keepOf = (k: number): number => 2 * k;

/**
 * The spec of run `run` of a cell. The data seed depends on (seed, run, samples) only, so every width and init of a
 * run trains on the same examples; the init seed on (seed, run, width, init).
 */
export function runSpec(p: ParityGridParams, support: readonly number[], cell: CellKey, run: number): RunSpec {
  return {
    n: p.n,
    support,
    width: cell.width,
    samples: cell.samples,
    sparsity: cell.init === 'sparse' ? p.sparsity : 0,
    steps: p.steps,
    batch: p.batch,
    lr: p.lr,
    weightDecay: p.weightDecay,
    testSize: p.testSize,
    evalEvery: p.evalEvery,
    dataSeed: mixSeed(p.seed, run, cell.samples, 0xda),
    initSeed: mixSeed(p.seed, run, cell.width, cell.init === 'sparse' ? p.sparsity : 0, 0x1a),
    report: Math.max(PARITY_OPTIONS.topNeurons, keepOf(p.k)),
  };
}

/** The median of the successful runs' steps (null when none succeeded). */
export function medianSteps(results: readonly RunResult[]): number | null {
  const s = results.flatMap((r) => (r.steps === null ? [] : [r.steps])).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : Math.round(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}
