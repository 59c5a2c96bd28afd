/**
 * @file Decision paths: for one prediction, every node visited in every tree, with the feature
 * (in words), the test, the value seen and the branch taken, and the leaf reached. A trace holds
 * everything needed to recompute the prediction (`replayTrace`) without the model.
 */
import { byteToken, showToken } from '../../../shared/tokenText';
import { quoteToken } from '../../../shared/tokenText';
import { boostedBest, type BoostedModel } from './boosted';
import type { CartModel } from './cart';
import type { FeatureDescriptor } from './features';
import { TEST_EQ, TEST_LEAF, treeTestPasses, type FlatTree } from './tree';

/** One internal node on a path. */
export interface TraceStep {
  readonly node: number;
  readonly feature: number;
  readonly descriptor: FeatureDescriptor;
  readonly test: '<=' | '==';
  readonly threshold: number;
  /** The feature value of this prediction. */
  readonly value: number;
  readonly branch: 'yes' | 'no';
  /** The node's children, so a replay can follow the path. */
  readonly yes: number;
  readonly no: number;
  /** Token features: index in the input of the token read (-1: before the start). */
  readonly position?: number;
}

/** The leaf at the end of a path. */
export interface TraceLeaf {
  readonly node: number;
  /** Training samples that reached it. */
  readonly samples: number;
  /** CART: the token predicted; boosting: the leaf's contribution to its class score. */
  readonly value: number;
  /** CART: the largest training class counts, as token ids. */
  readonly top: readonly { readonly token: number; readonly count: number }[];
}

/** The path through one tree. */
export interface TreeTrace {
  readonly tree: number;
  /** Boosting: the token id whose score this tree adds to (-1: "other"). */
  readonly classToken?: number;
  readonly steps: readonly TraceStep[];
  readonly leaf: TraceLeaf;
}

/** Everything that led to one prediction. */
export interface PredictionTrace {
  readonly model: 'cart' | 'boosted';
  /** Index in the input of the token predicted (= the input length when predicting the next token). */
  readonly position: number;
  readonly trees: readonly TreeTrace[];
  /** Boosting: class token ids and initial scores, in class order. */
  readonly classes?: readonly number[];
  readonly base?: readonly number[];
  /** The predicted token id. */
  readonly prediction: number;
}

/** The path of the feature row at `row[at..]` through one tree; `t` places token features in the input. */
export function tracePath(
  tree: FlatTree,
  descriptors: readonly FeatureDescriptor[],
  row: Float32Array,
  at: number,
  t: number,
  leafValue: (node: number) => number,
): Omit<TreeTrace, 'tree'> {
  const steps: TraceStep[] = [];
  let n = 0;
  while (tree.test[n] !== TEST_LEAF) {
    const feature = tree.feature[n] ?? 0;
    const descriptor = descriptors[feature] ?? { kind: 'dense', dim: feature, source: 'unknown' };
    const value = row[at + feature] ?? 0;
    const threshold = tree.threshold[n] ?? 0;
    const passes = treeTestPasses(tree.test[n] ?? 0, value, threshold);
    const position =
      descriptor.kind === 'token' ? (t - descriptor.offset >= 0 ? t - descriptor.offset : -1) : undefined;
    steps.push({
      node: n,
      feature,
      descriptor,
      test: tree.test[n] === TEST_EQ ? '==' : '<=',
      threshold,
      value,
      branch: passes ? 'yes' : 'no',
      yes: tree.yes[n] ?? -1,
      no: tree.no[n] ?? -1,
      ...(position === undefined ? {} : { position }),
    });
    n = passes ? (tree.yes[n] ?? 0) : (tree.no[n] ?? 0);
  }
  const top: { token: number; count: number }[] = [];
  for (let j = tree.topStart[n] ?? 0; j < (tree.topStart[n + 1] ?? 0); j++)
    top.push({ token: tree.topClass[j] ?? 0, count: tree.topCount[j] ?? 0 });
  return { steps, leaf: { node: n, samples: tree.samples[n] ?? 0, value: leafValue(n), top } };
}

/** The trace of a CART prediction; leaf tokens are mapped from class indices to token ids. */
export function traceCart(model: CartModel, row: Float32Array, at: number, t: number): PredictionTrace {
  const path = tracePath(
    model.tree,
    model.descriptors,
    row,
    at,
    t,
    (n) => model.classes[model.tree.value[n] ?? 0] ?? 0,
  );
  const top = path.leaf.top.map((e) => ({ token: model.classes[e.token] ?? 0, count: e.count }));
  const leaf = { ...path.leaf, top };
  return { model: 'cart', position: t, trees: [{ tree: 0, steps: path.steps, leaf }], prediction: leaf.value };
}

/** The trace of a boosted prediction: one path per tree. */
export function traceBoosted(model: BoostedModel, row: Float32Array, at: number, t: number): PredictionTrace {
  const S = model.classes.length;
  const trees = model.trees.map((tree, i): TreeTrace => ({
    tree: i,
    classToken: model.classes[i % S] ?? -1,
    ...tracePath(tree, model.descriptors, row, at, t, (n) => tree.value[n] ?? 0),
  }));
  const classes = Array.from(model.classes);
  const base = Array.from(model.base);
  return {
    model: 'boosted',
    position: t,
    trees,
    classes,
    base,
    prediction: boostedBest(model.classes, replayScores(trees, classes, base)),
  };
}

/** Class scores recomputed from the traced leaves: base plus each tree's leaf value. */
function replayScores(trees: readonly TreeTrace[], classes: readonly number[], base: readonly number[]): Float64Array {
  const scores = Float64Array.from(base);
  trees.forEach((tr, i) => {
    scores[i % classes.length] = (scores[i % classes.length] ?? 0) + tr.leaf.value;
  });
  return scores;
}

/**
 * Recomputes a prediction from a trace alone: re-applies every recorded test to its recorded
 * value, follows the recorded children to the leaf, and combines the leaves. Throws when a
 * recorded branch or path does not follow from the recorded values.
 */
export function replayTrace(trace: PredictionTrace): number {
  for (const tr of trace.trees) {
    let n = 0;
    for (const step of tr.steps) {
      if (step.node !== n)
        throw new Error(`Trace of tree ${tr.tree} jumps to node ${step.node}; node ${n} was expected.`);
      const passes = treeTestPasses(step.test === '==' ? TEST_EQ : 1, step.value, step.threshold);
      if ((passes ? 'yes' : 'no') !== step.branch)
        throw new Error(`Trace of tree ${tr.tree} took the wrong branch at node ${n}.`);
      n = passes ? step.yes : step.no;
    }
    if (tr.leaf.node !== n)
      throw new Error(`Trace of tree ${tr.tree} ends at leaf ${tr.leaf.node}; the path leads to ${n}.`);
  }
  if (trace.model === 'cart') return trace.trees[0]?.leaf.value ?? -1;
  const classes = trace.classes ?? [];
  return boostedBest(Int32Array.from(classes), replayScores(trace.trees, classes, trace.base ?? []));
}

/**
 * A byte-level token as it reads in the file ({@link showToken}): ASCII as is with invisible characters made
 * visible (`↵`, `⇥`, `␣`), a byte that is not a whole character as `<0xE2>`; other ids as `#id`.
 */
export function tokenText(id: number): string {
  if (id < 0) return '(start of text)';
  if (id < 128) return showToken(String.fromCharCode(id));
  return id < 256 ? byteToken(id) : `#${id}`;
}

/** A feature in words, for example "the token 3 back" or "embedding average, dimension 5". */
export function featureLabel(d: FeatureDescriptor): string {
  if (d.kind === 'token') return d.offset === 1 ? 'the previous token' : `the token ${d.offset} back`;
  if (d.kind === 'embedding') return `embedding average, dimension ${d.dim}`;
  return `${d.source}, dimension ${d.dim}`;
}

/** One step in words, for example `the token 3 back (at 12) is "(": == "(" → yes`. */
export function stepText(step: TraceStep, render: (id: number) => string = tokenText): string {
  const label = featureLabel(step.descriptor);
  if (step.descriptor.kind !== 'token')
    return `${label} = ${step.value.toPrecision(4)}: ${step.test} ${step.threshold.toPrecision(4)} → ${step.branch}`;
  const where = step.position !== undefined && step.position >= 0 ? ` (at ${step.position})` : '';
  const [value, threshold] = [quoteToken(render(step.value)), quoteToken(render(step.threshold))];
  return `${label}${where} is ${value}: ${step.test} ${threshold} → ${step.branch}`;
}
