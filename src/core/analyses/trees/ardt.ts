/**
 * @file The auto-regressive decision-tree language model (ARDT): a tree, or a boosted ensemble,
 * reads the last L tokens (and optionally their averaged embeddings and dense per-position
 * features) and predicts the next token; generation appends it and repeats. The default
 * tokenization is UTF-8 bytes (vocabulary 256).
 */
import { boostedScores, boostedTrainSteps, softmaxRows, type BoostedModel, type BoostedOptions } from './boosted';
import { cartTrainSteps, type CartModel, type CartOptions } from './cart';
import { featureDescriptors, featureSpecCheck, featuresRow, type FeatureMatrix, type FeatureSpec } from './features';
import { rngSeeded } from '../../random/rng';
import { stepsRun, type Steps } from './steps';
import { traceBoosted, traceCart, type PredictionTrace } from './trace';
import { treeLeaf } from './tree';
import { LensError } from '../../errors';

/** Fewest predicted tokens `ardtTrain` accepts. */
export const ARDT_MIN_SAMPLES = 64;

/** How to build and train an ARDT. */
export interface ArdtOptions {
  /** Tokens read before each prediction (L). @default 16 */
  readonly window?: number;
  /** Token embedding table [vocab × dim] whose decay-weighted window average becomes features. */
  readonly embedding?: {
    readonly table: Float32Array;
    readonly dim: number;
    readonly decay?: number;
    readonly name?: string;
  };
  /** Dense per-position features (width, name, and the embedded model that computes them) with every sequence. */
  readonly dense?: { readonly dim: number; readonly source: string; readonly model?: string };
  /** One CART tree, or softmax gradient boosting. @default 'cart' */
  readonly learner?: 'cart' | 'boosted';
  /** CART limits. @default maxDepth 16, minLeaf 2, tokenSplit 'threshold' */
  readonly cart?: CartOptions;
  /** Boosting limits (see BoostedOptions). */
  readonly boosted?: BoostedOptions;
  /** Most training samples; longer inputs are subsampled evenly. @default 200000 */
  readonly maxSamples?: number;
  /** Token ids must be below this. @default 256 (bytes) */
  readonly vocabSize?: number;
}

/** One training sequence of token ids; `targets[t]` (default: every t >= 1) says which tokens are learnt. */
export interface ArdtSequence {
  readonly ids: ArrayLike<number>;
  readonly targets?: ArrayLike<number | boolean>;
  /** [ids.length × dense.dim] when the model has dense features. */
  readonly dense?: Float32Array;
}

/** A trained ARDT. */
export interface ArdtModel {
  readonly spec: FeatureSpec;
  readonly vocabSize: number;
  readonly learner: CartModel | BoostedModel;
  readonly embeddingName?: string;
  readonly trainedOn: { readonly sequences: number; readonly tokens: number; readonly samples: number };
}

/** A next-token prediction with its probabilities and decision path. */
export interface ArdtPrediction {
  readonly token: number;
  /** Largest probabilities first (CART: leaf class frequencies; boosting: softmax over named classes). */
  readonly top: readonly { readonly token: number; readonly p: number }[];
  readonly trace: PredictionTrace;
}

/** Trains an ARDT on the UTF-8 bytes of one or more texts. */
export function ardtTrain(texts: string | readonly string[], options: ArdtOptions = {}): ArdtModel {
  const list = typeof texts === 'string' ? [texts] : texts;
  const encoder = new TextEncoder();
  return ardtTrainIds(
    list.map((t) => ({ ids: encoder.encode(t) })),
    { ...options, vocabSize: options.vocabSize ?? 256 },
  );
}

/** Trains an ARDT on token-id sequences (any vocabulary below `vocabSize`). */
export function ardtTrainIds(sequences: readonly ArdtSequence[], options: ArdtOptions = {}): ArdtModel {
  return stepsRun(ardtTrainIdsSteps(sequences, options));
}

/**
 * {@link ardtTrainIds} as steps (yielding between feature rows, columns, nodes and trees): run it
 * with `stepsRunAsync` to train with the event loop free and a cancel honoured between steps.
 */
export function* ardtTrainIdsSteps(sequences: readonly ArdtSequence[], options: ArdtOptions = {}): Steps<ArdtModel> {
  const vocabSize = options.vocabSize ?? 256;
  const e = options.embedding;
  const spec: FeatureSpec = {
    window: options.window ?? 16,
    ...(e === undefined ? {} : { embedding: { table: e.table, dim: e.dim, decay: e.decay ?? 0.8 } }),
    ...(options.dense === undefined ? {} : { dense: options.dense }),
  };
  featureSpecCheck(spec);
  sequences.forEach((s, i) => idsCheck(s.ids, vocabSize, `sequence ${i + 1}`));
  const { matrix, labels } = yield* samplesBuild(sequences, spec, options.maxSamples ?? 200000);
  const learner =
    options.learner === 'boosted'
      ? yield* boostedTrainSteps(matrix, labels, options.boosted)
      : yield* cartTrainSteps(matrix, labels, { maxDepth: 16, minLeaf: 2, tokenSplit: 'threshold', ...options.cart });
  const tokens = sequences.reduce((a, s) => a + s.ids.length, 0);
  return {
    spec,
    vocabSize,
    learner,
    ...(e?.name === undefined ? {} : { embeddingName: e.name }),
    trainedOn: { sequences: sequences.length, tokens, samples: matrix.rows },
  };
}

/** Throws `bad-input` unless every id is a whole number in [0, vocabSize). */
export function idsCheck(ids: ArrayLike<number>, vocabSize: number, what: string): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? -1;
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new LensError('bad-input', `Token ${i} of ${what} is ${id}, outside the vocabulary 0..${vocabSize - 1}.`);
    }
  }
}

/** Feature rows and labels for every learnt position, evenly subsampled to at most `most` (yields every 4,096 rows). */
function* samplesBuild(
  sequences: readonly ArdtSequence[],
  spec: FeatureSpec,
  most: number,
): Steps<{ matrix: FeatureMatrix; labels: Int32Array }> {
  const total = sequences.reduce((n, s) => n + learntCount(s), 0);
  if (total < ARDT_MIN_SAMPLES) {
    throw new LensError(
      'bad-input',
      `Too little text to train a decision-tree LM: ${total} tokens to learn from, at least ` +
        `${ARDT_MIN_SAMPLES} needed. Use a longer text (at least ${ARDT_MIN_SAMPLES + 1} bytes) or several files.`,
    );
  }
  const stride = Math.max(1, total / Math.max(1, most));
  const rows = Math.min(total, Math.floor(total / stride));
  const descriptors = featureDescriptors(spec);
  const cols = descriptors.length;
  const values = new Float32Array(rows * cols);
  const labels = new Int32Array(rows);
  // The learnt positions in order, walked once: memory for the sampled rows only, not for every position.
  const positions = learntPositions(sequences);
  let at = positions.next();
  let g = 0; // the index of `at` among all learnt positions
  for (let r = 0; r < rows; r++) {
    if (r % 4096 === 4095) yield;
    for (const want = Math.floor(r * stride); g < want && at.done !== true; g++) at = positions.next();
    if (at.done === true) break;
    const [k, t] = at.value;
    const s = sequences[k];
    if (s !== undefined) {
      featuresRow(s.ids, t, spec, values, r * cols, s.dense);
      labels[r] = s.ids[t] ?? 0;
    }
  }
  return { matrix: { rows, cols, values, descriptors }, labels };
}

/** How many positions of `s` are learnt from (every position after the first, or those marked in `targets`). */
function learntCount(s: ArdtSequence): number {
  if (s.targets === undefined) return Math.max(0, s.ids.length - 1);
  let n = 0;
  for (let t = 1; t < s.ids.length; t++) if (s.targets[t]) n++;
  return n;
}

/** Every learnt position as [sequence, token], in order. */
function* learntPositions(sequences: readonly ArdtSequence[]): Generator<[number, number], void, void> {
  for (let k = 0; k < sequences.length; k++) {
    const s = sequences[k];
    if (s === undefined) continue;
    for (let t = 1; t < s.ids.length; t++) if (s.targets === undefined || Boolean(s.targets[t])) yield [k, t];
  }
}

/** Predicts token `t` of `ids` (default: the next token after them) with its trace. */
export function ardtPredict(
  model: ArdtModel,
  ids: ArrayLike<number>,
  t = ids.length,
  dense?: Float32Array,
): ArdtPrediction {
  const row = new Float32Array(featureDescriptors(model.spec).length);
  featuresRow(ids, t, model.spec, row, 0, dense);
  const l = model.learner;
  if (l.kind === 'cart') {
    const trace = traceCart(l, row, 0, t);
    const leaf = trace.trees[0]?.leaf;
    const top = (leaf?.top ?? []).map((e) => ({ token: e.token, p: e.count / Math.max(1, leaf?.samples ?? 1) }));
    return { token: trace.prediction, top, trace };
  }
  const trace = traceBoosted(l, row, 0, t);
  return { token: trace.prediction, top: boostedTop(l, boostedScores(l, row, 0)), trace };
}

/** Softmax probabilities of the named classes (the "other" class is left out), largest first. */
function boostedTop(model: BoostedModel, scores: Float64Array): { token: number; p: number }[] {
  const P = new Float64Array(scores.length);
  softmaxRows(scores, scores.length, P);
  const out: { token: number; p: number }[] = [];
  model.classes.forEach((token, k) => {
    if (token >= 0) out.push({ token, p: P[k] ?? 0 });
  });
  return out.sort((a, b) => b.p - a.p || a.token - b.token);
}

/** The predicted token for position t without building a trace (for accuracy and fast generation). */
export function ardtNext(
  model: ArdtModel,
  ids: ArrayLike<number>,
  t: number,
  row: Float32Array,
  dense?: Float32Array,
): number {
  featuresRow(ids, t, model.spec, row, 0, dense);
  const l = model.learner;
  if (l.kind === 'cart') return l.classes[l.tree.value[treeLeaf(l.tree, row)] ?? 0] ?? 0;
  return boostedTop(l, boostedScores(l, row, 0))[0]?.token ?? 0;
}

/** How to generate. */
export interface GenerateOptions {
  /** Tokens to add. @default 64 */
  readonly maxTokens?: number;
  /** 0 is greedy; otherwise sample with probabilities raised to 1/temperature. @default 0 */
  readonly temperature?: number;
  /** Seed of the sampler. @default 1 */
  readonly seed?: number;
  /** Keep every step's trace. @default false */
  readonly traces?: boolean;
  /** Dense features of a sequence, for models that have them. */
  readonly denseOf?: (ids: readonly number[]) => Float32Array;
}

/** Generates tokens after a prompt of token ids; returns the new ids (and traces when asked). */
export function ardtGenerate(
  model: ArdtModel,
  prompt: ArrayLike<number>,
  options: GenerateOptions = {},
): { ids: number[]; traces: PredictionTrace[] } {
  idsCheck(prompt, model.vocabSize, 'the prompt');
  if (model.spec.dense !== undefined && options.denseOf === undefined) {
    throw new LensError(
      'bad-input',
      'This tree model reads dense features, so generation needs a function that computes them (denseOf).',
    );
  }
  const ids = Array.from(prompt);
  const next = rngSeeded(options.seed ?? 1);
  const temperature = options.temperature ?? 0;
  const traces: PredictionTrace[] = [];
  for (let step = 0; step < (options.maxTokens ?? 64); step++) {
    const p = ardtPredict(model, ids, ids.length, options.denseOf?.(ids));
    if (options.traces === true) traces.push(p.trace);
    ids.push(temperature > 0 ? sampleTop(p.top, temperature, next()) : p.token);
  }
  return { ids: ids.slice(prompt.length), traces };
}

/** Draws from the listed tokens with weights p^(1/temperature), given a uniform number u. */
function sampleTop(top: readonly { token: number; p: number }[], temperature: number, u: number): number {
  const w = top.map((e) => Math.pow(e.p, 1 / temperature));
  let x = u * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < top.length; i++) {
    x -= w[i] ?? 0;
    if (x < 0) return top[i]?.token ?? 0;
  }
  return top[top.length - 1]?.token ?? 0;
}

/** Generates text after a text prompt (bytes in, bytes out, decoded as UTF-8). */
export function ardtGenerateText(
  model: ArdtModel,
  prompt: string,
  options: GenerateOptions = {},
): { text: string; traces: PredictionTrace[] } {
  const r = ardtGenerate(model, new TextEncoder().encode(prompt), options);
  return { text: new TextDecoder().decode(Uint8Array.from(r.ids)), traces: r.traces };
}

/** Next-token accuracy (greedy, teacher-forced) on held-out text or sequences, over their learnt positions. */
export function ardtAccuracy(
  model: ArdtModel,
  input: string | readonly ArdtSequence[],
): { correct: number; total: number; accuracy: number } {
  const sequences = typeof input === 'string' ? [{ ids: new TextEncoder().encode(input) }] : input;
  const row = new Float32Array(featureDescriptors(model.spec).length);
  let correct = 0;
  let total = 0;
  for (const s of sequences) {
    for (let t = 1; t < s.ids.length; t++) {
      if (s.targets !== undefined && !s.targets[t]) continue;
      total++;
      if (ardtNext(model, s.ids, t, row, s.dense) === s.ids[t]) correct++;
    }
  }
  return { correct, total, accuracy: total === 0 ? 0 : correct / total };
}
