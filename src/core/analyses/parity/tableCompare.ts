/**
 * @file MLP against trees on a table (the paper's tabular experiment, in small): a seeded split into train and test
 * (testShare of the rows), then for each fraction of the training split a wide s-sparse 2-layer MLP (softmax
 * cross-entropy, SGD with batch 32, features standardized by the training rows' mean and deviation), the project's
 * CART tree (depth ≤ 12, leaves ≥ 2 rows) and its boosted trees (30 rounds of depth-4 trees, leaves ≥ 5 % of the
 * rows) are trained on the same rows and scored by test accuracy.
 */
import {
  TABLE_OPTIONS,
  type TableCompareParams,
  type TableCompareResult,
  type TableScore,
} from '../../../shared/parity';
import { LensError, throwIfCancelled } from '../../errors';
import { boostedPredict, boostedTrain } from '../trees/boosted';
import { cartPredict, cartTrain } from '../trees/cart';
import type { FeatureMatrix } from '../trees/features';
import { initMlp, lossGrad, mlpBackward, mlpForward, mlpScratch, sgdStep, type Mlp } from './mlp';
import { Rng, mixSeed } from '../../random/draws';
import { readTable, type TableData } from './table';

/** SGD settings of the table MLP: batch 32, η = 0.05, weight decay 1e-4. */
export const TABLE_SGD = { batch: 32, lr: 0.05, weightDecay: 1e-4 } as const;

/** Rows [0, count) of `order` gathered from `t` into a standardized feature matrix (by `stats`). */
function gather(t: TableData, order: Int32Array, from: number, count: number, stats: Float64Array) {
  const d = t.features.length;
  const values = new Float32Array(count * d);
  const y = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const src = order[from + r] ?? 0;
    for (let j = 0; j < d; j++) values[r * d + j] = ((t.x[src * d + j] ?? 0) - (stats[j] ?? 0)) / (stats[d + j] ?? 1);
    y[r] = t.y[src] ?? 0;
  }
  const m: FeatureMatrix = {
    rows: count,
    cols: d,
    values,
    descriptors: t.features.map((_, dim) => ({ kind: 'dense', dim, source: 'table' })),
  };
  return { m, y };
}

/** Mean and standard deviation (1 where 0) of each feature over rows `order[0, count)`: [means…, deviations…]. */
function featureStats(t: TableData, order: Int32Array, count: number): Float64Array {
  const d = t.features.length;
  const s = new Float64Array(2 * d);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < count; r++) {
      const v = t.x[(order[r] ?? 0) * d + j] ?? 0;
      sum += v;
      sq += v * v;
    }
    const mean = sum / Math.max(1, count);
    s[j] = mean;
    s[d + j] = Math.sqrt(Math.max(0, sq / Math.max(1, count) - mean * mean)) || 1;
  }
  return s;
}

/** Trains the table MLP on `m` (SGD, batches drawn with replacement). */
export function trainTableMlp(m: FeatureMatrix, y: Int32Array, classes: number, p: TableCompareParams): Mlp {
  const net = initMlp(m.cols, p.width, classes, mixSeed(p.seed, 0x7ab), Math.min(p.sparsity, m.cols));
  const batch = TABLE_SGD.batch;
  const s = mlpScratch(net, batch);
  const rng = new Rng(mixSeed(p.seed, 0xba7c));
  const labels = Float32Array.from(y);
  const index = new Int32Array(batch);
  for (let step = 0; step < p.steps; step++) {
    for (let b = 0; b < batch; b++) index[b] = rng.below(m.rows);
    mlpForward(net, m.values, batch, s, index);
    lossGrad('xent', labels, batch, s, classes, index);
    mlpBackward(net, m.values, batch, s, index);
    sgdStep(net, s.grads, TABLE_SGD.lr, TABLE_SGD.weightDecay);
  }
  return net;
}

function mlpAccuracy(net: Mlp, m: FeatureMatrix, y: Int32Array): number {
  const s = mlpScratch(net, 1);
  let right = 0;
  for (let r = 0; r < m.rows; r++) {
    mlpForward(net, m.values.subarray(r * m.cols), 1, s);
    let best = 0;
    for (let o = 1; o < net.outputs; o++) if ((s.out[o] ?? 0) > (s.out[best] ?? 0)) best = o;
    if (best === y[r]) right++;
  }
  return right / Math.max(1, m.rows);
}

function accuracyOf(predict: (row: Float32Array, at: number) => number, m: FeatureMatrix, y: Int32Array): number {
  let right = 0;
  for (let r = 0; r < m.rows; r++) if (predict(m.values, r * m.cols) === y[r]) right++;
  return right / Math.max(1, m.rows);
}

/** Scores of the three methods trained on `m`, tested on `test`. */
function scoresAt(
  p: TableCompareParams,
  t: TableData,
  fraction: number,
  train: ReturnType<typeof gather>,
  test: ReturnType<typeof gather>,
) {
  const timed = (method: TableScore['method'], run: () => number): TableScore => {
    const start = performance.now();
    const testAccuracy = run();
    return { method, fraction, trainRows: train.m.rows, testAccuracy, seconds: (performance.now() - start) / 1000 };
  };
  const C = t.classes.length;
  return [
    timed('mlp', () => mlpAccuracy(trainTableMlp(train.m, train.y, C, p), test.m, test.y)),
    timed('cart', () => {
      const model = cartTrain(train.m, train.y, { maxDepth: 12, minLeaf: 2 });
      return accuracyOf((row, at) => cartPredict(model, row, at), test.m, test.y);
    }),
    timed('boosted', () => {
      // Leaves of at least 20 rows (the default) leave a tiny training set unsplit: 5 % of the rows, 1 to 20.
      const minLeaf = Math.max(1, Math.min(20, Math.floor(train.m.rows / 20)));
      const model = boostedTrain(train.m, train.y, { rounds: 30, maxClasses: C, seed: p.seed, minLeaf });
      return accuracyOf((row, at) => boostedPredict(model, row, at), test.m, test.y);
    }),
  ];
}

/** Runs the comparison (see the file comment). */
export async function compareOnTable(
  p: TableCompareParams,
  signal?: AbortSignal,
  progress?: (fraction: number, message: string) => void,
): Promise<TableCompareResult> {
  if (!p.allowLocalFiles)
    throw new LensError('bad-input', 'This workspace is restricted: tables are not read from it. Trust the workspace.');
  const t = await readTable(p.path, p.label, signal);
  const order = Int32Array.from(new Rng(mixSeed(p.seed, 0x5b1)).distinct(t.rows, t.rows));
  const testRows = Math.max(1, Math.round(t.rows * p.testShare));
  const trainRows = t.rows - testRows;
  const stats = featureStats(t, order, trainRows);
  const test = gather(t, order, trainRows, testRows, stats);
  const scores: TableScore[] = [];
  for (const [i, fraction] of p.fractions.entries()) {
    throwIfCancelled(signal);
    progress?.(i / p.fractions.length, `Training on ${Math.round(fraction * 100)} % of the training rows`);
    const count = Math.max(Math.min(trainRows, 2), Math.round(trainRows * fraction));
    scores.push(...scoresAt(p, t, fraction, gather(t, order, 0, count, stats), test));
  }
  const counts = new Int32Array(t.classes.length);
  for (let r = 0; r < trainRows; r++) {
    const c = t.y[order[r] ?? 0] ?? 0;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  const top = counts.indexOf(Math.max(...counts));
  let majority = 0;
  for (let r = 0; r < testRows; r++) if (test.y[r] === top) majority++;
  const { source, label, features, classes, rows, notes } = t;
  const result = { source, label, features: [...features], classes: [...classes], rows, trainRows, testRows };
  return { ...result, majority: majority / testRows, scores, notes: [...notes] };
}

/** The default fractions (1 %, 10 %, 100 % of the training rows). */
export const DEFAULT_FRACTIONS = TABLE_OPTIONS.fractions.default;
