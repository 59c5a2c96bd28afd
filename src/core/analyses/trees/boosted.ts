/**
 * @file Multi-class gradient boosting (softmax cross-entropy) over regression trees. To keep
 * training fast on byte or word vocabularies, only the `maxClasses` most frequent tokens get
 * their own class; all others share one "other" class (token id -1). Each round fits one tree
 * per class, on a random half of the samples by default, to the Newton step of the softmax loss
 * (gradient p − y, hessian p(1 − p)); a leaf
 * stores its contribution to the class score, already multiplied by the learning rate. The
 * predicted token is the named class with the highest score: "other" absorbs probability mass so
 * the named classes stay calibrated, but it is never emitted.
 */
import { binsFitSteps } from './bins';
import { tokenSplitMode, type TokenSplit } from './cart';
import type { FeatureMatrix, TrainedLearner } from './features';
import { GradSplitter } from './gradSplit';
import { growTreeSteps } from './grow';
import { labelsCheck } from './labels';
import { rngSeeded } from '../../random/rng';
import { stepsRun, type Steps } from './steps';
import { treeLeaf, type FlatTree } from './tree';
import { LensError } from '../../errors';

/** Limits and choices for boosting. */
export interface BoostedOptions {
  /** Boosting rounds; each adds one tree per class. @default 10 */
  readonly rounds?: number;
  /** Shrinkage applied to every leaf. @default 0.3 */
  readonly learningRate?: number;
  /** Depth of each tree. @default 4 */
  readonly maxDepth?: number;
  /** Fewest samples per leaf. @default 20 */
  readonly minLeaf?: number;
  /** L2 penalty on leaf values. @default 1 */
  readonly lambda?: number;
  /** Tokens with their own class (the most frequent); the rest share "other". @default 16 */
  readonly maxClasses?: number;
  /** Most quantile bins per numeric feature. @default 64 */
  readonly maxBins?: number;
  /** How token-at-offset features split. @default 'threshold' */
  readonly tokenSplit?: TokenSplit;
  /** Fraction of the samples each tree is grown on (stochastic gradient boosting). @default 0.5 */
  readonly subsample?: number;
  /** Seed of the subsampling. @default 1 */
  readonly seed?: number;
}

/** A trained boosted ensemble. Tree `r * classes.length + k` is round r's tree for class k. */
export interface BoostedModel extends TrainedLearner {
  readonly kind: 'boosted';
  readonly trees: readonly FlatTree[];
  /** Initial score per class: the log of its smoothed training frequency. */
  readonly base: Float32Array;
  readonly learningRate: number;
}

/** Trains a softmax boosted ensemble on a feature matrix and one token id per row. */
export function boostedTrain(m: FeatureMatrix, labels: ArrayLike<number>, options: BoostedOptions = {}): BoostedModel {
  return stepsRun(boostedTrainSteps(m, labels, options));
}

/** {@link boostedTrain} as steps: yields after every column binned, every node and every tree. */
export function* boostedTrainSteps(
  m: FeatureMatrix,
  labels: ArrayLike<number>,
  options: BoostedOptions = {},
): Steps<BoostedModel> {
  labelsCheck(m.rows, labels, 'Boosting');
  const rounds = options.rounds ?? 10;
  const lr = options.learningRate ?? 0.3;
  if (!Number.isInteger(rounds) || rounds < 1 || !(lr > 0))
    throw new LensError('bad-input', `rounds must be >= 1 and learningRate > 0; got ${rounds}, ${lr}.`);
  const { classes, y } = classesPick(labels, options.maxClasses ?? 16);
  const S = classes.length;
  const binned = yield* binsFitSteps(m, {
    maxBins: options.maxBins ?? 64,
    mode: (f) => tokenSplitMode(m.descriptors[f], options.tokenSplit ?? 'threshold'),
  });
  const splitter = new GradSplitter(binned, options.minLeaf ?? 20, options.lambda ?? 1);
  const base = basePriors(y, S);
  const F = new Float64Array(m.rows * S);
  for (let i = 0; i < m.rows; i++) F.set(base, i * S);
  const P = new Float64Array(m.rows * S);
  const trees: FlatTree[] = [];
  const next = rngSeeded(options.seed ?? 1);
  const fraction = Math.min(1, Math.max(0.01, options.subsample ?? 0.5));
  for (let r = 0; r < rounds; r++) {
    softmaxRows(F, S, P);
    for (let k = 0; k < S; k++) {
      for (let i = 0; i < m.rows; i++) {
        const p = P[i * S + k] ?? 0;
        splitter.g[i] = p - (y[i] === k ? 1 : 0);
        splitter.h[i] = Math.max(p * (1 - p), 1e-6);
      }
      const tree = yield* growTreeSteps(
        {
          binned,
          maxDepth: options.maxDepth ?? 4,
          minLeaf: options.minLeaf ?? 20,
          findSplit: (ix, s, e) => splitter.find(ix, s, e),
          findSplitSteps: (ix, s, e) => splitter.findSteps(ix, s, e),
          leaf: (builder, node, ix, s, e) => builder.leaf(node, Math.fround(lr * splitter.leafValue(ix, s, e))),
        },
        samplesPick(m.rows, fraction, next),
      );
      for (let i = 0; i < m.rows; i++)
        F[i * S + k] = (F[i * S + k] ?? 0) + (tree.value[treeLeaf(tree, m.values, i * m.cols)] ?? 0);
      trees.push(tree);
      yield;
    }
  }
  return {
    kind: 'boosted',
    trees,
    classes,
    base: Float32Array.from(base),
    learningRate: lr,
    descriptors: m.descriptors,
  };
}

/** A random subset of 0..n-1 of about `fraction` × n samples, in ascending order. */
function samplesPick(n: number, fraction: number, next: () => number): Int32Array {
  if (fraction >= 1) return Int32Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (next() < fraction) out.push(i);
  return Int32Array.from(out);
}

/** The `most` most frequent labels (ties: smaller id) as classes, plus "other" (-1) if any label is left. */
function classesPick(labels: ArrayLike<number>, most: number): { classes: Int32Array; y: Int32Array } {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i] ?? 0, (counts.get(labels[i] ?? 0) ?? 0) + 1);
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((e) => e[0]);
  const named = order.slice(0, Math.max(1, most));
  const list = order.length > named.length ? [...named, -1] : named;
  const index = new Map<number, number>();
  list.forEach((v, k) => index.set(v, k));
  const other = index.get(-1) ?? 0;
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) y[i] = index.get(labels[i] ?? 0) ?? other;
  return { classes: Int32Array.from(list), y };
}

/** log of each class's frequency, with one pseudo-count per class. */
function basePriors(y: Int32Array, S: number): Float64Array {
  const base = new Float64Array(S).fill(1);
  for (let i = 0; i < y.length; i++) base[y[i] ?? 0] = (base[y[i] ?? 0] ?? 0) + 1;
  for (let k = 0; k < S; k++) base[k] = Math.fround(Math.log((base[k] ?? 1) / (y.length + S)));
  return base;
}

/** Row-wise softmax of scores F [n × S] into P. */
export function softmaxRows(F: Float64Array, S: number, P: Float64Array): void {
  for (let at = 0; at < F.length; at += S) {
    let max = -Infinity;
    for (let k = 0; k < S; k++) max = Math.max(max, F[at + k] ?? 0);
    let sum = 0;
    for (let k = 0; k < S; k++) {
      const e = Math.exp((F[at + k] ?? 0) - max);
      P[at + k] = e;
      sum += e;
    }
    for (let k = 0; k < S; k++) P[at + k] = (P[at + k] ?? 0) / sum;
  }
}

/** Class scores (base plus every tree's leaf) for the feature row at `row[at..]`. */
export function boostedScores(model: BoostedModel, row: Float32Array, at = 0): Float64Array {
  const S = model.classes.length;
  const scores = Float64Array.from(model.base);
  model.trees.forEach((tree, t) => {
    const k = t % S;
    scores[k] = (scores[k] ?? 0) + (tree.value[treeLeaf(tree, row, at)] ?? 0);
  });
  return scores;
}

/** The named class with the highest score; ties go to the earlier (more frequent) class. */
export function boostedBest(classes: Int32Array, scores: ArrayLike<number>): number {
  let best = -1;
  for (let k = 0; k < classes.length; k++) {
    if (classes[k] !== -1 && (best < 0 || (scores[k] ?? 0) > (scores[best] ?? 0))) best = k;
  }
  return classes[best] ?? -1;
}

/** The token id a boosted model predicts for the feature row at `row[at..]`. */
export function boostedPredict(model: BoostedModel, row: Float32Array, at = 0): number {
  return boostedBest(model.classes, boostedScores(model, row, at));
}
