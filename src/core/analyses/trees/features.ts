/**
 * @file Feature vectors for an auto-regressive decision tree: what the tree may look at when it
 * predicts token t from the L tokens before it. Three kinds, in this column order:
 * 1. `token`: the id of the token k back (k = 1..L), or -1 before the start of the input;
 * 2. `embedding`: one dimension of the recency-weighted average of the window's token embeddings
 *    (weight decay^k for the token k back, normalised to sum to 1 over the tokens present);
 * 3. `dense`: one dimension of caller-supplied per-position features (for example a transformer's
 *    hidden states); row t-1, the last token read, is used to predict token t (zeros when t = 0).
 */
import { LensError } from '../../errors';

/** What one feature column means, so a trace can say it in words. */
export type FeatureDescriptor =
  | { readonly kind: 'token'; readonly offset: number }
  | { readonly kind: 'embedding'; readonly dim: number }
  | { readonly kind: 'dense'; readonly dim: number; readonly source: string };

/** Which features to build. */
export interface FeatureSpec {
  /** Number of previous tokens read (L), 1..4096. */
  readonly window: number;
  /** Embedding table [vocab × dim], row-major; omit for token features only. */
  readonly embedding?: { readonly table: Float32Array; readonly dim: number; readonly decay: number };
  /** Width and name of the dense per-position features; omit when there are none. */
  readonly dense?: { readonly dim: number; readonly source: string; readonly model?: string };
}

/** A row-major matrix of feature vectors, one row per predicted position. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major values, rows × cols. */
  readonly values: Float32Array;
  readonly descriptors: readonly FeatureDescriptor[];
}

/** Checks a spec and throws a `bad-input` LensError that says which field is wrong. */
export function featureSpecCheck(spec: FeatureSpec): void {
  if (!Number.isInteger(spec.window) || spec.window < 1 || spec.window > 4096) {
    throw new LensError(
      'bad-input',
      `The tree window must be a whole number of tokens from 1 to 4096, got ${spec.window}.`,
    );
  }
  const e = spec.embedding;
  if (e !== undefined) {
    if (!Number.isInteger(e.dim) || e.dim < 1 || e.table.length % e.dim !== 0) {
      throw new LensError(
        'bad-input',
        `The embedding table has ${e.table.length} values, not a whole number of rows of width ${e.dim}.`,
      );
    }
    if (!(e.decay > 0 && e.decay <= 1))
      throw new LensError('bad-input', `The embedding decay must be in (0, 1], got ${e.decay}.`);
  }
  if (spec.dense !== undefined && (!Number.isInteger(spec.dense.dim) || spec.dense.dim < 1)) {
    throw new LensError('bad-input', `The dense feature width must be a positive whole number, got ${spec.dense.dim}.`);
  }
}

/** Lists the descriptors of the columns a spec produces, in column order. */
export function featureDescriptors(spec: FeatureSpec): FeatureDescriptor[] {
  const out: FeatureDescriptor[] = [];
  for (let k = 1; k <= spec.window; k++) out.push({ kind: 'token', offset: k });
  const e = spec.embedding;
  if (e !== undefined) for (let d = 0; d < e.dim; d++) out.push({ kind: 'embedding', dim: d });
  const dense = spec.dense;
  if (dense !== undefined)
    for (let d = 0; d < dense.dim; d++) out.push({ kind: 'dense', dim: d, source: dense.source });
  return out;
}

/**
 * Writes the feature vector for predicting `ids[t]` into `out` at `at` (t may equal ids.length,
 * to predict the next token). `dense` is [ids.length × spec.dense.dim] when the spec has dense features.
 */
export function featuresRow(
  ids: ArrayLike<number>,
  t: number,
  spec: FeatureSpec,
  out: Float32Array,
  at = 0,
  dense?: Float32Array,
): void {
  const L = spec.window;
  for (let k = 1; k <= L; k++) out[at + k - 1] = t - k >= 0 ? (ids[t - k] ?? -1) : -1;
  let col = at + L;
  const e = spec.embedding;
  if (e !== undefined) {
    embeddingAverage(ids, t, L, e.table, e.dim, e.decay, out, col);
    col += e.dim;
  }
  const d = spec.dense;
  if (d !== undefined) {
    if (dense === undefined || dense.length < ids.length * d.dim) {
      throw new LensError(
        'bad-input',
        `Dense features of width ${d.dim} are needed for each of the ${ids.length} tokens.`,
      );
    }
    for (let j = 0; j < d.dim; j++) out[col + j] = t > 0 ? (dense[(t - 1) * d.dim + j] ?? 0) : 0;
  }
}

/** The decay-weighted average of the embeddings of the tokens 1..L back, written at out[col..]. */
function embeddingAverage(
  ids: ArrayLike<number>,
  t: number,
  L: number,
  table: Float32Array,
  dim: number,
  decay: number,
  out: Float32Array,
  col: number,
): void {
  const vocab = table.length / dim;
  for (let j = 0; j < dim; j++) out[col + j] = 0;
  let total = 0;
  let w = 1;
  for (let k = 1; k <= L && t - k >= 0; k++) {
    w *= decay;
    const id = ids[t - k] ?? -1;
    if (!(id >= 0 && id < vocab))
      throw new LensError('bad-input', `Token id ${id} is outside the embedding table's ${vocab} rows.`);
    const base = id * dim;
    for (let j = 0; j < dim; j++) out[col + j] = (out[col + j] ?? 0) + w * (table[base + j] ?? 0);
    total += w;
  }
  if (total > 0) for (let j = 0; j < dim; j++) out[col + j] = (out[col + j] ?? 0) / total;
}

/** Builds the feature matrix for the given positions of one token sequence (default: 1..n-1). */
export function featuresMatrix(
  ids: ArrayLike<number>,
  spec: FeatureSpec,
  positions?: ArrayLike<number>,
  dense?: Float32Array,
): FeatureMatrix {
  featureSpecCheck(spec);
  const descriptors = featureDescriptors(spec);
  const cols = descriptors.length;
  const rows = positions === undefined ? Math.max(0, ids.length - 1) : positions.length;
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const t = positions === undefined ? r + 1 : (positions[r] ?? 0);
    featuresRow(ids, t, spec, values, r * cols, dense);
  }
  return { rows, cols, values, descriptors };
}

/** What every trained tree learner keeps beside its trees: the classes it predicts and the features it reads. */
export interface TrainedLearner {
  /** Token id per class (the boosted learner marks its "other" class -1). */
  readonly classes: Int32Array;
  readonly descriptors: readonly FeatureDescriptor[];
}
