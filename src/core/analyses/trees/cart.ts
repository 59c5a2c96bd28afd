/**
 * @file CART classification tree over binned features. Token-at-offset features may split by
 * equality ("the token 3 back == `(`" against everything else) or by id threshold ("<= `Z`"),
 * whichever decreases impurity more (`tokenSplit`); numeric features split by quantile-bin
 * thresholds. Impurity is Gini or entropy.
 * A leaf predicts its most frequent class (ties: the smallest token id, as scikit-learn does)
 * and keeps its `topClasses` largest class counts for traces and sampling.
 */
import { binsFitSteps, SPLIT_BOTH, SPLIT_EQUALS, SPLIT_THRESHOLD } from './bins';
import { ClassSplitter, type Criterion } from './classSplit';
import type { FeatureDescriptor, FeatureMatrix, TrainedLearner } from './features';
import { growTreeSteps } from './grow';
import { labelsCheck, labelsIndex, labelsTop } from './labels';
import { stepsRun, type Steps } from './steps';
import { treeLeaf, type FlatTree } from './tree';
import { LensError } from '../../errors';

/** Limits and choices for growing a CART tree. */
export interface CartOptions {
  /** Largest depth; the root is depth 0. @default 12 */
  readonly maxDepth?: number;
  /** Fewest training samples in a leaf. @default 1 */
  readonly minLeaf?: number;
  /** Impurity measure. @default 'gini' */
  readonly criterion?: Criterion;
  /** Most quantile bins per numeric feature. @default 64 */
  readonly maxBins?: number;
  /** Most distinct token ids per token feature (the rest are pooled and never split on). @default 1024 */
  readonly maxCategories?: number;
  /** How token-at-offset features split: `== id`, `<= id`, or whichever is better at each node. @default 'both' */
  readonly tokenSplit?: TokenSplit;
  /** Class counts kept per leaf. @default 16 */
  readonly topClasses?: number;
}

/** How token-at-offset features split. */
export type TokenSplit = 'equals' | 'threshold' | 'both';

/** The bin mode of feature `f` for a token-split choice. */
export function tokenSplitMode(d: FeatureDescriptor | undefined, tokenSplit: TokenSplit = 'both'): 0 | 1 | 2 {
  if (d?.kind !== 'token' || tokenSplit === 'threshold') return SPLIT_THRESHOLD;
  return tokenSplit === 'equals' ? SPLIT_EQUALS : SPLIT_BOTH;
}

/** A trained CART tree; leaf values and top classes are indices into `classes` (token ids). */
export interface CartModel extends TrainedLearner {
  readonly kind: 'cart';
  readonly tree: FlatTree;
  readonly criterion: Criterion;
}

/** Trains a classification tree on a feature matrix and one label (token id) per row. */
export function cartTrain(m: FeatureMatrix, labels: ArrayLike<number>, options: CartOptions = {}): CartModel {
  return stepsRun(cartTrainSteps(m, labels, options));
}

/** {@link cartTrain} as steps: yields after every feature column binned and every node grown. */
export function* cartTrainSteps(
  m: FeatureMatrix,
  labels: ArrayLike<number>,
  options: CartOptions = {},
): Steps<CartModel> {
  labelsCheck(m.rows, labels, 'A tree');
  const maxDepth = options.maxDepth ?? 12;
  const minLeaf = options.minLeaf ?? 1;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 64)
    throw new LensError('bad-input', `maxDepth must be 0..64, got ${maxDepth}.`);
  if (!Number.isInteger(minLeaf) || minLeaf < 1)
    throw new LensError('bad-input', `minLeaf must be a positive whole number, got ${minLeaf}.`);
  const criterion = options.criterion ?? 'gini';
  const topClasses = options.topClasses ?? 16;
  const binned = yield* binsFitSteps(m, {
    maxBins: options.maxBins ?? 64,
    maxCategories: options.maxCategories ?? 1024,
    mode: (f) => tokenSplitMode(m.descriptors[f], options.tokenSplit),
  });
  const { classes, y } = labelsIndex(labels);
  const splitter = new ClassSplitter(binned, y, classes.length, criterion, minLeaf);
  const scratch = new Int32Array(classes.length);
  const idx = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) idx[i] = i;
  const tree = yield* growTreeSteps(
    {
      binned,
      maxDepth,
      minLeaf,
      findSplit: (ix, s, e) => splitter.find(ix, s, e),
      leaf: (builder, node, ix, s, e) => {
        const top = labelsTop(y, ix, s, e, scratch, Math.max(1, topClasses));
        builder.leaf(node, top[0] ?? 0, top);
      },
    },
    idx,
  );
  return { kind: 'cart', tree, classes, criterion, descriptors: m.descriptors };
}

/** The token id a CART model predicts for the feature row at `row[at..]`. */
export function cartPredict(model: CartModel, row: Float32Array, at = 0): number {
  const leaf = treeLeaf(model.tree, row, at);
  return model.classes[model.tree.value[leaf] ?? 0] ?? 0;
}
