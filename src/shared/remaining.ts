/**
 * @file The remaining-length toolkit's request: a prompt is answered greedily by a remaining-length model
 * (default: the zoo's `remaining-lm`), and at each generated token a probe on one layer's hidden state gives a
 * distribution over remaining-length bins, refined by TRAIL's Bayesian update; beside it, the prompt-only
 * baseline's estimate and, once the answer is finished, the truth. The engine sends partial results (the steps so
 * far) while it writes, so a panel draws them as the model writes.
 */
import { requestKind } from './request';
import { v, Count, Finite, Name, Share, type Infer } from './schema';

/** Defaults and bounds of a prediction (CLI flags, the host and the engine's check share them). */
export const REMAINING_OPTIONS = {
  /** The zoo model the request runs by default. */
  model: 'remaining-lm',
  maxTokens: { default: 256, min: 1, max: 2048 },
  /** Longest prompt (characters). */
  maxPromptChars: 16_384,
} as const;

const NonNegative = v.pipe(Finite, v.minValue(0));

/** Params of a remaining-length prediction. */
export const RemainingPredictParamsSchema = v.object({
  prompt: v.pipe(v.string(), v.minLength(1), v.maxLength(REMAINING_OPTIONS.maxPromptChars)),
  /** Stop after this many generated tokens if the model has not finished. */
  maxTokens: v.pipe(Count, v.minValue(1), v.maxValue(REMAINING_OPTIONS.maxTokens.max)),
  /** The layer whose probe predicts (default: the one with the lowest held-out error). */
  layer: v.optional(Count),
  /** Zoo name or local folder of a remaining-length model (default {@link REMAINING_OPTIONS}.model). */
  model: v.optional(v.pipe(Name, v.minLength(1))),
  /** False in a restricted (untrusted) workspace: no model is loaded from a local path. */
  allowLocalFiles: v.boolean(),
});
/** Params of a remaining-length prediction. */
export type RemainingPredictParams = Infer<typeof RemainingPredictParamsSchema>;

/** Remaining-length bins: k + 1 increasing edges (tokens) and the k centres m_i the estimates average. */
export const BinsSchema = v.pipe(
  v.object({
    edges: v.pipe(v.array(NonNegative), v.minLength(2), v.maxLength(257)),
    centres: v.pipe(v.array(NonNegative), v.minLength(1), v.maxLength(256)),
  }),
  v.check((b) => b.edges.length === b.centres.length + 1, 'bins: edges must be one more than centres'),
  v.check((b) => b.edges.every((e, i) => i === 0 || e > (b.edges[i - 1] ?? 0)), 'bins: edges must increase'),
);
/** Remaining-length bins. */
export type Bins = Infer<typeof BinsSchema>;

/** One generated token and what was predicted right after it. */
export const RemainingStepSchema = v.object({
  /** The token's text as generated (may be part of a character for byte-level models). */
  text: v.string(),
  /** The probe's distribution over the bins for the remaining length after this token (sums to 1). */
  probs: v.array(Share),
  /** The probe alone: Σ probs·centres. */
  probeOnly: NonNegative,
  /** TRAIL's refined estimate of the remaining length: the Bayesian posterior's Σ q·centres. */
  refined: NonNegative,
  /** The refined posterior q over the bins. */
  posterior: v.optional(v.array(Share)),
  /** The prompt-only baseline's remaining length: its total estimate minus the tokens generated so far (≥ 0). */
  promptOnly: NonNegative,
  /** The true remaining length (tokens still to come), once the answer finished within maxTokens. */
  truth: v.optional(Count),
});
/** One generated token and what was predicted right after it. */
export type RemainingStep = Infer<typeof RemainingStepSchema>;

/** One layer's probe error: mean absolute error in tokens of its estimate of the remaining length. */
export const LayerScanEntrySchema = v.object({
  layer: Count,
  /** MAE over this answer's steps (absent until the answer has finished). */
  mae: v.optional(NonNegative),
  /** MAE on the held-out prompts of the zoo build, when the model's card records it. */
  heldOutMae: v.optional(NonNegative),
});
/** One layer's probe error. */
export type LayerScanEntry = Infer<typeof LayerScanEntrySchema>;

/** Result of a remaining-length prediction (and of each partial result, with the steps so far). */
export const RemainingPredictResultSchema = v.pipe(
  v.object({
    model: v.string(),
    prompt: v.string(),
    /** The layer whose probe predicted, and how many layers the model has. */
    layer: Count,
    layers: v.pipe(Count, v.minValue(1)),
    bins: BinsSchema,
    /** TRAIL's transition rate 1/w: mass moves one bin shorter at this rate per token. */
    transition: v.optional(v.pipe(Finite, v.minValue(0), v.maxValue(1))),
    /** The prompt-only baseline's estimate of the whole answer's length (tokens). */
    promptOnlyTotal: NonNegative,
    steps: v.pipe(v.array(RemainingStepSchema), v.maxLength(REMAINING_OPTIONS.maxTokens.max)),
    /** True once generation stopped: the model ended its answer, or maxTokens was reached. */
    done: v.boolean(),
    /** True when the model ended its answer (so `truth` is known). */
    finished: v.boolean(),
    layerScan: v.array(LayerScanEntrySchema),
  }),
  v.check(
    (r) => r.steps.every((s) => s.probs.length === r.bins.centres.length),
    'steps: each distribution must have one probability per bin',
  ),
);
/** Result of a remaining-length prediction. */
export type RemainingPredictResult = Infer<typeof RemainingPredictResultSchema>;

/** Request: predict an answer's remaining length token by token. */
export const remainingPredictRequest = requestKind(
  'remaining.predict',
  RemainingPredictParamsSchema,
  RemainingPredictResultSchema,
);
