/**
 * @file The dependencies toolkit's request and result: how many earlier tokens each prediction
 * depends on, and which (attention and ablation), with per-head sparsity statistics. Params, result
 * types and schemas side by side. Besides shapes, the result schema checks the sizes the views rely
 * on (per-token arrays as long as `tokens`, indices inside the text, the dense window exactly
 * `layers·heads·T·T` long) and bounds them, so drawing never reads past an array.
 */
import { requestKind } from './request';
import {
  v,
  Count,
  DeviceSchema,
  Finite,
  Int,
  ModelRequestSchema,
  Name,
  oneOf,
  RangeSchema,
  Share,
  SourceSpotSchema,
  Text,
  type Infer,
} from './schema';

/** How dependencies are measured: attention, ablation (removing earlier tokens), or both. */
export const DEPENDENCY_METHODS = ['attention', 'ablation', 'both'] as const;
/** How dependencies are measured. */
export type DependencyMethod = (typeof DEPENDENCY_METHODS)[number];
/** The methods a result can hold measurements of. */
export const MEASURED_METHODS = ['attention', 'ablation'] as const;
/** A method a result holds measurements of. */
export type MeasuredMethod = (typeof MEASURED_METHODS)[number];

/**
 * What a request analyses: the whole text (or range), or only the token at `at`, predicted from the one window of
 * the model's context that ends at it (its attention read once, its earlier tokens ablated one by one).
 */
export const DEPENDENCY_SCOPES = ['text', 'token'] as const;
/** What a request analyses. */
export type DependencyScope = (typeof DEPENDENCY_SCOPES)[number];

/** Share of attention mass k_p covers when none is given. */
export const DEFAULT_P = 0.9;
/** Dependencies kept per token when none is given. */
export const DEFAULT_K = 32;
/** Most dependencies kept per token. */
export const MAX_K = 64;
/**
 * Tokens before a prediction that ablation removes by default, the nearest ones: one token's ablation computes about
 * reach² / 2 positions, so a 1,024-token window costs 4 times less at 512 than whole (and 271 bytes back is in reach).
 */
export const DEFAULT_ABLATION_REACH = 512;
/** Most tokens accepted in one result (longer texts are refused by the engine). */
export const MAX_DEPENDENCY_TOKENS = 20_000;
/** Most [index, weight] entries accepted in one sparse map row. */
export const MAX_ROW_ENTRIES = MAX_K;
/** Largest window (tokens per side) of the dense per-head maps. */
export const MAX_WINDOW_TOKENS = 512;
/** Most layers and most heads accepted (bounds `layers·heads·T·T`). */
export const MAX_LAYERS_OR_HEADS = 256;

/** Schema of {@link DependencyMethod}. */
export const DependencyMethodSchema = oneOf(DEPENDENCY_METHODS);
/** Schema of {@link MeasuredMethod}. */
export const MeasuredMethodSchema = oneOf(MEASURED_METHODS);

const NonNegative = v.pipe(Finite, v.minValue(0));
/** A token index of the result, or -1 (the start-of-text token); bounded by the token count later. */
const TokenIndex = v.pipe(Int, v.minValue(-1));
/** Per token: a non-negative count, or null where not scored. */
const KArray = v.array(v.nullable(NonNegative));

/** Whole-text statistics of one attention map (a head, a layer's head mean, or the aggregate). */
export const AttentionMapStatsSchema = v.object({
  /** Predictions measured. */
  rows: Count,
  /** Mean k_p: fewest earlier tokens holding p of the attention mass. */
  meanK: NonNegative,
  /** Predictions per k_p bin; bin upper bounds are `kBins` of the result. */
  kHistogram: v.array(Count),
  /** Mean attention distance, in tokens. */
  meanDistance: NonNegative,
  /** Mean share of attention on the window's first token (the attention sink). */
  sinkShare: Share,
});
/** Whole-text statistics of one attention map. */
export type AttentionMapStats = Infer<typeof AttentionMapStatsSchema>;

/** Statistics of one head over the whole text. */
export const HeadStatSchema = v.object({ ...AttentionMapStatsSchema.entries, layer: Count, head: Count });
/** Statistics of one head over the whole text. */
export type HeadStat = Infer<typeof HeadStatSchema>;

/** One dependency of a token, with where it is. */
export const DependencyViewSchema = v.object({
  ...SourceSpotSchema.entries,
  /** Index in `tokens` of the result (-1: the start-of-text token). */
  index: TokenIndex,
  /** Attention weight, or ablation effect (nats: see {@link ABLATION_MEASURES}). */
  weight: Finite,
  text: v.string(),
});
/** One dependency of a token, with where it is. */
export type DependencyView = Infer<typeof DependencyViewSchema>;

/** One analysed token: its text and UTF-16 range in the document. */
export const DependencyTokenSchema = v.pipe(
  v.object({ text: v.string(), start: Count, end: Count }),
  v.forward(
    v.partialCheck([['start'], ['end']], (t) => t.end >= t.start, 'the token ends before it starts'),
    ['end'],
  ),
);

/**
 * How ablated copies are computed: 'prefix' reuses the keys and values of the tokens before the removed one (the
 * model's KV cache), 'none' recomputes each copy's whole window (a model without a usable KV-cache graph).
 */
export const ABLATION_CACHES = ['prefix', 'none'] as const;
/**
 * What an ablation effect measures, in nats: 'kl' the KL divergence of the next-token distributions (a local model);
 * 'surprisal' how far the surprisal of the actual next token moves (a server that returns per-token log-probabilities
 * only, which cannot give the whole distribution).
 */
export const ABLATION_MEASURES = ['kl', 'surprisal'] as const;
/** What an ablation effect measures. */
export type AblationMeasure = (typeof ABLATION_MEASURES)[number];
const AblationSchema = v.object({
  delta: NonNegative,
  /** How tokens were removed and how the copies were computed, in words. */
  method: v.string(),
  runs: Count,
  cache: v.optional(oneOf(ABLATION_CACHES)),
  /** Most tokens before a prediction that were ablated (the nearest ones); the whole window when absent. */
  reach: v.optional(Count),
  /** @default 'kl' */
  measure: v.optional(oneOf(ABLATION_MEASURES)),
});

/** An ablation measure in words: `short` for a label ("KL, nats"), `long` for a sentence. */
export function ablationMeasureWords(measure: AblationMeasure | undefined): { short: string; long: string } {
  return measure === 'surprisal'
    ? { short: 'surprisal change, nats', long: "the change in the actual next token's surprisal" }
    : { short: 'KL, nats', long: 'the KL divergence of the next-token distribution' };
}
const AgreementSchema = v.object({
  k: Count,
  tokens: Count,
  overlap: NonNegative,
  jaccard: Share,
  chanceOverlap: NonNegative,
});
const AtSchema = v.object({
  index: Count,
  /** Earlier tokens of the text the prediction of this token saw (0: it is the first token, nothing to depend on). */
  context: v.optional(Count),
  attention: v.optional(v.array(DependencyViewSchema)),
  ablation: v.optional(v.array(DependencyViewSchema)),
});
const RowSchema = v.pipe(v.array(v.strictTuple([TokenIndex, NonNegative])), v.maxLength(MAX_ROW_ENTRIES));
const WindowMapsSchema = v.object({
  /** First token of the window (-1: it starts at the start-of-text token). */
  first: TokenIndex,
  T: v.pipe(Count, v.maxValue(MAX_WINDOW_TOKENS)),
  data: v.array(NonNegative),
});

/** The fields of a result, before the checks between them. */
const DependenciesFieldsSchema = v.object({
  model: v.string(),
  device: DeviceSchema,
  source: v.string(),
  methods: v.pipe(v.array(MeasuredMethodSchema), v.minLength(1)),
  /** 'token': only the window ending at the token `at` was read, and `tokens` are that window's. */
  scope: v.optional(oneOf(DEPENDENCY_SCOPES)),
  /** Things the user should know about how this was measured (e.g. a fallback to ablation). */
  notes: v.optional(v.array(v.string())),
  /** The attention aggregate, in words (e.g. attention rollout, with its reference). */
  aggregate: v.string(),
  /** Share of attention mass k_p covers. */
  p: Share,
  /** Dependencies kept per token. */
  k: Count,
  window: Count,
  layers: v.pipe(Count, v.maxValue(MAX_LAYERS_OR_HEADS)),
  heads: v.pipe(Count, v.maxValue(MAX_LAYERS_OR_HEADS)),
  /** The analysed tokens (the start-of-text token is not listed). */
  tokens: v.pipe(v.array(DependencyTokenSchema), v.maxLength(MAX_DEPENDENCY_TOKENS)),
  /** Per token: k_p of the aggregated attention row (null where not scored). */
  kAttention: v.optional(KArray),
  /** [layer][token]: k_p of the layer's head-mean row. */
  kLayers: v.optional(v.array(KArray)),
  /** Per token: number of earlier tokens whose removal changes the prediction by more than delta. */
  kAblation: v.optional(KArray),
  /** Ablation threshold (nats), how tokens were removed, and what the effect measures. */
  ablation: v.optional(AblationSchema),
  /** Upper bounds of the k_p histogram bins. */
  kBins: v.array(NonNegative),
  /** Per head statistics over the whole text. */
  headStats: v.optional(v.array(HeadStatSchema)),
  /** Statistics of the aggregated map. */
  aggregateStats: v.optional(AttentionMapStatsSchema),
  /** Agreement of attention and ablation top-k sets, when both ran. */
  agreement: v.optional(AgreementSchema),
  /** With an `at` position: the token there and its ranked dependencies by each method. */
  at: v.optional(AtSchema),
  /** Sparse aggregated attention rows for the map: per token, [index, weight] pairs, largest first. */
  rows: v.optional(v.array(RowSchema)),
  /**
   * Dense attention of every layer and head for one window of tokens (for the map's layer and head
   * filters): `data[((layer * heads + head) * T + q) * T + key]`, q and key relative to `first`.
   */
  windowMaps: v.optional(WindowMapsSchema),
});
type Fields = v.InferOutput<typeof DependenciesFieldsSchema>;
type Key = keyof Fields & string;

/** A check between fields, reported on `key`. */
function fits(key: Key, ok: (r: Fields) => boolean, message: string): v.GenericPipeAction<Fields> {
  return v.forward<Fields, v.CheckIssue<Fields>, [Key]>(v.check<Fields, string>(ok, message), [key]);
}

const perToken = (xs: readonly unknown[] | undefined, n: number): boolean => xs === undefined || xs.length === n;
const inText = (index: number, n: number): boolean => index < n;
const depsInText = (deps: readonly { index: number }[] | undefined, n: number): boolean =>
  (deps ?? []).every((d) => inText(d.index, n));

function windowFits(r: Fields): boolean {
  const w = r.windowMaps;
  if (w === undefined) return true;
  const n = r.tokens.length;
  return inText(w.first, n) && w.first + w.T <= n && w.data.length === r.layers * r.heads * w.T * w.T;
}

/** Token dependencies of a text: how many earlier tokens each prediction depends on, and which. */
export const DependenciesResultSchema = v.pipe(
  DependenciesFieldsSchema,
  fits('kAttention', (r) => perToken(r.kAttention, r.tokens.length), 'one k per token expected'),
  fits('kAblation', (r) => perToken(r.kAblation, r.tokens.length), 'one k per token expected'),
  fits(
    'kLayers',
    (r) => perToken(r.kLayers, r.layers) && (r.kLayers ?? []).every((k) => k.length === r.tokens.length),
    'one row of k per layer, one k per token expected',
  ),
  fits(
    'headStats',
    (r) => (r.headStats ?? []).every((h) => h.layer < r.layers && h.head < r.heads),
    'a head outside the model',
  ),
  fits(
    'at',
    (r) =>
      r.at === undefined ||
      (inText(r.at.index, r.tokens.length) &&
        depsInText(r.at.attention, r.tokens.length) &&
        depsInText(r.at.ablation, r.tokens.length)),
    'a token outside the text',
  ),
  fits(
    'rows',
    (r) =>
      perToken(r.rows, r.tokens.length) &&
      (r.rows ?? []).every((row) => row.every(([i]) => inText(i, r.tokens.length))),
    'one row per token, with keys inside the text, expected',
  ),
  fits('windowMaps', windowFits, 'the window must lie in the text and hold layers·heads·T·T weights'),
);
/** Token dependencies of a text. */
export type DependenciesResult = Infer<typeof DependenciesResultSchema>;

/** Where a part of a document starts: UTF-16 offset, and 0-based line and character. */
export const OriginSchema = v.object({ offset: Count, line: Count, character: Count });
/** Where a part of a document starts. */
export type Origin = Infer<typeof OriginSchema>;

/** Params of a dependencies request. */
export const DependenciesParamsSchema = v.pipe(
  v.object({
    ...ModelRequestSchema.entries,
    /** The whole document, or (with `origin`) the part of it that starts at `origin`. */
    text: Text,
    /** Where `text` starts in its document; the document start when absent. `range` and `at` count from there. */
    origin: v.optional(OriginSchema),
    /** The part analysed (UTF-16 offsets of the document); the whole text when absent. */
    range: v.optional(RangeSchema),
    /** 'token' analyses only the token at `at`, from the window that ends at it. @default 'text' */
    scope: v.optional(oneOf(DEPENDENCY_SCOPES)),
    /** Name of the document, shown in views. */
    source: Name,
    method: DependencyMethodSchema,
    /** UTF-16 offset (in the document) of a token whose ranked dependencies are wanted. */
    at: v.optional(Count),
    /** Share of attention mass k_p covers. */
    p: v.pipe(Finite, v.gtValue(0), v.maxValue(1)),
    /** Dependencies kept per token. */
    k: v.pipe(Count, v.minValue(1), v.maxValue(MAX_K)),
    /** Refuse texts with more tokens than this. */
    maxTokens: v.pipe(Count, v.minValue(1)),
    /** Ablate at most this many tokens before each prediction. @default {@link DEFAULT_ABLATION_REACH} */
    reach: v.optional(v.pipe(Count, v.minValue(1))),
    /** Include the sparse rows and one window of dense per-head maps (for the map panel). */
    maps: v.boolean(),
  }),
  v.forward(
    v.partialCheck(
      [['text'], ['origin'], ['range']],
      (p) =>
        p.range === undefined ||
        (p.range.start >= (p.origin?.offset ?? 0) &&
          p.range.start <= p.range.end &&
          p.range.end <= textEnd(p.text, p.origin)),
      'the range must lie in the text',
    ),
    ['range'],
  ),
  v.forward(
    v.partialCheck(
      [['text'], ['origin'], ['at']],
      (p) => p.at === undefined || (p.at >= (p.origin?.offset ?? 0) && p.at <= textEnd(p.text, p.origin)),
      'the offset is outside the text',
    ),
    ['at'],
  ),
  v.forward(
    v.partialCheck(
      [['scope'], ['at']],
      (p) => p.scope !== 'token' || p.at !== undefined,
      "the 'token' scope needs the offset of a token (at)",
    ),
    ['at'],
  ),
);

/** The document offset just past `text`. */
function textEnd(text: string, origin: Origin | undefined): number {
  return (origin?.offset ?? 0) + text.length;
}
/** Params of a dependencies request. */
export type DependenciesParams = Infer<typeof DependenciesParamsSchema>;

/** UTF-16 units of the document before the token sent with a 'token' request: enough for any model's window. */
export const TOKEN_SLICE_BEFORE = 16_384;
/** UTF-16 units after the cursor sent with a 'token' request: enough to hold the whole token at the cursor. */
export const TOKEN_SLICE_AFTER = 256;

/**
 * The reach of a token's ablation where it was shorter than the tokens before the token in its window (the earlier
 * ones were left unablated), else undefined: what the hover and the CLI's summary add to the token's counts.
 */
export function ablationCut(r: DependenciesResult): number | undefined {
  const reach = r.ablation?.reach;
  const context = r.at?.context;
  return reach !== undefined && context !== undefined && reach < context ? reach : undefined;
}

/** The part `[start, end)` of a document of `length` units that a 'token' request at offset `at` needs. */
export function tokenSlice(length: number, at: number): { start: number; end: number } {
  return { start: Math.max(0, at - TOKEN_SLICE_BEFORE), end: Math.min(length, at + TOKEN_SLICE_AFTER) };
}

/**
 * The `modelLens.dependencies.*` settings: p of k_p, dependencies kept per token, the method, and how many tokens
 * before a prediction ablation removes.
 */
export interface DependencySettings {
  readonly p: number;
  readonly k: number;
  readonly method: DependencyMethod;
  readonly reach: number;
}

/** Settings from raw setting values: each one that is valid, else its default (p 0.9, k 32, both methods, 512). */
export function dependencySettingsOf(raw: {
  p?: unknown;
  k?: unknown;
  method?: unknown;
  reach?: unknown;
}): DependencySettings {
  const method = v.safeParse(DependencyMethodSchema, raw.method);
  const { p, k, reach } = raw;
  return {
    p: typeof p === 'number' && p > 0 && p <= 1 ? p : DEFAULT_P,
    k: typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= MAX_K ? k : DEFAULT_K,
    method: method.success ? method.output : 'both',
    reach: typeof reach === 'number' && Number.isInteger(reach) && reach >= 1 ? reach : DEFAULT_ABLATION_REACH,
  };
}

/** Request: token dependencies and attention sparsity of a text. */
export const dependenciesRequest = requestKind('dependencies', DependenciesParamsSchema, DependenciesResultSchema);
