/**
 * @file The Kronecker toolkit's request and result: Shampoo's preconditioner against the optimal Kronecker
 * approximation of H = Σ vec(G_i) vec(G_i)ᵀ, per layer, from a gradients file or from a model on a text. Params,
 * result types and schemas side by side; every closed set is one `as const` array. Free of Node and of any model
 * runtime, so the extension host and the webview import it.
 */
import { requestKind } from './request';
import { v, Count, Finite, Int, Name, NonEmptyName, oneOf, Text, type Infer } from './schema';

/** Where labels come from: sampled from the model (Gauss–Newton) or the text's next token (empirical Fisher). */
export const KRON_LABEL_SOURCES = ['sampled', 'true'] as const;
/** A label source. */
export type KronLabelSource = (typeof KRON_LABEL_SOURCES)[number];

/** How ‖H‖_F is found: exactly by Gram products, by sampled pairs, or exactly where affordable (`auto`). */
export const KRON_HNORM_MODES = ['auto', 'exact', 'estimate'] as const;
/** A ‖H‖_F mode. */
export type KronHNormMode = (typeof KRON_HNORM_MODES)[number];

/** Defaults and bounds of the analysis (the CLI flags, the host and the engine's check share them). */
export const KRON_OPTIONS = {
  /** Power steps at most (step 1 is L⊗R). */
  maxSteps: { default: 100, min: 1, max: 1000 },
  /** Stop when the cosine moves less than this between two steps. */
  tolerance: { default: 1e-10, min: 0, max: 0.1 },
  /** Tokens (examples) read from a text at most. */
  maxExamples: { default: 4096, min: 1, max: 65_536 },
  /** Pairs sampled for the estimate of ‖H‖_F. */
  pairs: { default: 100_000, min: 100, max: 10_000_000 },
  seed: { default: 1, min: 0, max: 2 ** 31 },
  /** Largest side (m or n) of a layer: L and R are m × m and n × n and are eigendecomposed. */
  maxSide: 4096,
  /** Eigenvalues of L and of R kept in a result (the largest). */
  maxSpectrum: 512,
  /** Layers in one request at most. */
  maxLayers: 256,
} as const;

const between = (b: { readonly min: number; readonly max: number }) =>
  v.pipe(Count, v.minValue(b.min), v.maxValue(b.max));

const LayerNames = v.pipe(v.array(NonEmptyName), v.minLength(1), v.maxLength(KRON_OPTIONS.maxLayers));

/** Gradients read from a file: JSON (matrices, or `{name: matrices}`) or safetensors. */
export const KronFileInputSchema = v.object({
  from: v.literal('file'),
  path: NonEmptyName,
  /** Layers analysed (all when absent). */
  layers: v.optional(LayerNames),
});

/** Per-token gradients of a model's layers on a text. */
export const KronModelInputSchema = v.object({
  from: v.literal('model'),
  /** Zoo name (lens-lm, kron-mlp) or a local model folder. */
  model: NonEmptyName,
  text: Text,
  /** The text's name, shown in the result. */
  source: Name,
  /** Layers analysed (all when absent). */
  layers: v.optional(LayerNames),
  labels: oneOf(KRON_LABEL_SOURCES),
  maxExamples: v.optional(between(KRON_OPTIONS.maxExamples)),
});

/** What the analysis reads. */
export const KronInputSchema = v.variant('from', [KronFileInputSchema, KronModelInputSchema]);
/** What the analysis reads. */
export type KronInput = Infer<typeof KronInputSchema>;

/** Params of the Kronecker analysis. */
export const KronParamsSchema = v.object({
  input: KronInputSchema,
  /** @default 100 */
  maxSteps: v.optional(between(KRON_OPTIONS.maxSteps)),
  /** @default 1e-10 */
  tolerance: v.optional(v.pipe(Finite, v.minValue(0), v.maxValue(KRON_OPTIONS.tolerance.max))),
  /** @default 'auto' */
  hNorm: v.optional(oneOf(KRON_HNORM_MODES)),
  /** Pairs sampled when ‖H‖_F is estimated. @default 100,000 */
  pairs: v.optional(between(KRON_OPTIONS.pairs)),
  /** Seed of the sampled labels and pairs. @default 1 */
  seed: v.optional(between(KRON_OPTIONS.seed)),
  /** False in a restricted (untrusted) workspace: no model is loaded from a local path. */
  allowLocalFiles: v.boolean(),
});
/** Params of the Kronecker analysis. */
export type KronParams = Infer<typeof KronParamsSchema>;

/** ‖H‖_F: exact (Gram products) or an unbiased estimate of ‖H‖_F² from sampled pairs, with its standard error. */
export const KronHNormSchema = v.object({
  /** ‖H‖_F. */
  value: v.pipe(Finite, v.minValue(0)),
  exact: v.boolean(),
  /** Standard error of `value` (estimate only; delta method from the error of ‖H‖_F²). */
  stderr: v.optional(v.pipe(Finite, v.minValue(0))),
  /** Pairs (i, j) sampled (estimate only). */
  pairs: v.optional(Count),
});
/** ‖H‖_F. */
export type KronHNorm = Infer<typeof KronHNormSchema>;

const Spectrum = v.pipe(v.array(v.pipe(Finite, v.minValue(0))), v.maxLength(KRON_OPTIONS.maxSpectrum));

/** One layer's result. */
export const KronLayerSchema = v.object({
  name: v.string(),
  /** Outputs (rows of G). */
  m: Count,
  /** Inputs (columns of G). */
  n: Count,
  /** Examples (gradients) G_i. */
  count: Count,
  /** Cosine to H of the optimal Kronecker approximation A⊗B (power iteration, converged). */
  cosOptimal: Finite,
  /** Cosine to H of L⊗R (Shampoo², one power step from (I, I)). */
  cosShampooSquared: Finite,
  /** Cosine to H of L^{1/2}⊗R^{1/2} (Shampoo). */
  cosShampoo: Finite,
  /** Cosine to H after each power step: [0] is step 1 (= L⊗R), the last is `cosOptimal`. */
  powerSteps: v.pipe(v.array(Finite), v.minLength(1), v.maxLength(KRON_OPTIONS.maxSteps.max)),
  /** Whether the cosine moved less than the tolerance before the last step. */
  converged: v.boolean(),
  hNorm: KronHNormSchema,
  /** Eigenvalues of L = Σ G Gᵀ and R = Σ Gᵀ G, largest first, at most 512 of each (of m and n). */
  spectra: v.object({ l: Spectrum, r: Spectrum }),
  /** tr L = tr R = Σ ‖G_i‖_F². */
  trace: v.pipe(Finite, v.minValue(0)),
  seconds: v.pipe(Finite, v.minValue(0)),
});
/** One layer's result. */
export type KronLayer = Infer<typeof KronLayerSchema>;

/** The Kronecker analysis of every layer asked for. */
export const KronResultSchema = v.object({
  /** The gradients file, or `model on text`. */
  source: v.string(),
  /** The model, when the gradients came from one. */
  model: v.optional(v.string()),
  labels: v.optional(oneOf(KRON_LABEL_SOURCES)),
  seed: v.optional(Int),
  layers: v.pipe(v.array(KronLayerSchema), v.minLength(1), v.maxLength(KRON_OPTIONS.maxLayers)),
});
/** The Kronecker analysis of every layer asked for. */
export type KronResult = Infer<typeof KronResultSchema>;

/** Analyse the per-example gradients of one or more layers. */
export const kronAnalyzeRequest = requestKind('kronAnalyze', KronParamsSchema, KronResultSchema);
