/**
 * @file Grows one tree depth-first over binned features. The split search and the leaf output are
 * supplied by the caller (classification counts for CART, gradients for boosting); this file only
 * walks the nodes, applies the depth and leaf-size limits, and partitions the samples.
 */
import type { BinnedFeatures } from './bins';
import { stepsRun, type Steps } from './steps';
import { TEST_EQ, TEST_LE, TreeBuilder, type FlatTree } from './tree';

/** The best split of a node: samples with code == `code` (equality) or <= `code` (threshold) go to yes. */
export interface SplitChoice {
  readonly feature: number;
  readonly code: number;
  readonly equals: boolean;
  readonly gain: number;
}

/** What a tree learner supplies to `growTree`. */
export interface GrowProblem {
  readonly binned: BinnedFeatures;
  /** Largest depth (the root is depth 0). */
  readonly maxDepth: number;
  /** Fewest samples in a leaf. */
  readonly minLeaf: number;
  /** Best split of samples idx[start..end), or null to make a leaf. */
  findSplit(idx: Int32Array, start: number, end: number): SplitChoice | null;
  /** {@link findSplit} as steps, when the search itself should pause (large nodes); used instead of it. */
  findSplitSteps?(idx: Int32Array, start: number, end: number): Steps<SplitChoice | null>;
  /** Sets node `node`'s leaf output from samples idx[start..end). */
  leaf(builder: TreeBuilder, node: number, idx: Int32Array, start: number, end: number): void;
}

/** Grows a tree over the samples listed in `idx` (reordered in place). */
export function growTree(p: GrowProblem, idx: Int32Array): FlatTree {
  return stepsRun(growTreeSteps(p, idx));
}

/** {@link growTree} as steps: yields after every node. */
export function* growTreeSteps(p: GrowProblem, idx: Int32Array): Steps<FlatTree> {
  const builder = new TreeBuilder();
  const scratch = new Int32Array(idx.length);
  const stack: { node: number; start: number; end: number; depth: number }[] = [];
  stack.push({ node: builder.add(idx.length), start: 0, end: idx.length, depth: 0 });
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    yield;
    const { node, start, end, depth } = item;
    const splits = depth < p.maxDepth && end - start >= 2 * p.minLeaf;
    const choice = !splits
      ? null
      : p.findSplitSteps !== undefined
        ? yield* p.findSplitSteps(idx, start, end)
        : p.findSplit(idx, start, end);
    if (choice === null) {
      p.leaf(builder, node, idx, start, end);
      continue;
    }
    const mid = partition(p.binned, choice, idx, start, end, scratch);
    const yes = builder.add(mid - start);
    const no = builder.add(end - mid);
    const equals = choice.equals;
    const threshold = p.binned.values[choice.feature]?.[choice.code] ?? 0;
    builder.split(node, choice.feature, equals ? TEST_EQ : TEST_LE, threshold, choice.gain, yes, no);
    stack.push({ node: no, start: mid, end, depth: depth + 1 });
    stack.push({ node: yes, start, end: mid, depth: depth + 1 });
  }
  return builder.build();
}

/** Stable partition of idx[start..end): yes-samples first. Returns the first no-sample's index. */
function partition(
  b: BinnedFeatures,
  s: SplitChoice,
  idx: Int32Array,
  start: number,
  end: number,
  scratch: Int32Array,
): number {
  const codes = b.codes.subarray(s.feature * b.rows, (s.feature + 1) * b.rows);
  const equals = s.equals;
  let y = start;
  let n = 0;
  for (let p = start; p < end; p++) {
    const i = idx[p] ?? 0;
    const c = codes[i] ?? 0;
    if (equals ? c === s.code : c <= s.code) idx[y++] = i;
    else scratch[n++] = i;
  }
  for (let j = 0; j < n; j++) idx[y + j] = scratch[j] ?? 0;
  return y;
}
