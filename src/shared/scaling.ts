/**
 * @file The scaling toolkit's requests and results: compute-law and power-law fits of a training log's runs,
 * loss-to-loss fits between two losses, and the translation of a law to another dataset. Every fit carries R²,
 * residuals and bootstrap intervals; every prediction beyond the fitted runs carries its interval.
 */
import { requestKind } from './request';
import { ComputeLawSchema, LossToLossSchema, OptimalSchema, Positive, PowerLawSchema } from './scalingLaws';
import { v, Count, Finite, NonEmptyName, Name, oneOf, type Infer } from './schema';

export {
  ComputeLawSchema,
  LossToLossSchema,
  OptimalSchema,
  PowerLawSchema,
  type ComputeLaw,
  type LossToLoss,
  type Optimal,
  type PowerLaw,
} from './scalingLaws';

/** Laws a training log's runs can be fitted with: L(N,D) (Kaplan form, as the paper) or L(C). */
export const SCALING_LAWS = ['compute', 'power'] as const;
/** A law of the fit request. */
export type ScalingLawKind = (typeof SCALING_LAWS)[number];
/** Which run a fit leaves out to check its extrapolation: none, or each dataset's largest-compute run. */
export const HOLD_OUTS = ['none', 'largest'] as const;
/** A hold-out choice. */
export type HoldOut = (typeof HOLD_OUTS)[number];
/** Loss-to-loss fits: both E's given, E₁ free (E₀ given), or both free (grid, then polished). */
export const L2L_MODES = ['fixed', 'e1-free', 'both-free'] as const;
/** A loss-to-loss fit mode. */
export type L2lMode = (typeof L2L_MODES)[number];

/** Defaults and bounds of the fits' options (CLI flags, settings and the engine's check share them). */
export const SCALING_OPTIONS = {
  /** Bootstrap resamples per fit (0: no intervals). */
  bootstrap: { default: 200, min: 0, max: 10_000 },
  seed: { default: 1, min: 0, max: 2 ** 31 },
  /** Level of every interval. */
  level: 0.95,
} as const;

const Seed = v.pipe(Count, v.maxValue(SCALING_OPTIONS.seed.max));
const Resamples = v.pipe(Count, v.maxValue(SCALING_OPTIONS.bootstrap.max));

/** An interval [lo, hi] at {@link SCALING_OPTIONS}.level, from the bootstrap. */
export const IntervalSchema = v.tuple([Finite, Finite]);
/** Intervals by parameter name (absent without bootstrap). */
export const IntervalsSchema = v.record(v.string(), IntervalSchema);

/** Where a point is (row or run) and its inputs: N, D, C, or (loss-to-loss fits) the x loss. */
const PointPlace = {
  where: v.string(),
  run: v.optional(v.string()),
  N: v.optional(Positive),
  D: v.optional(Positive),
  C: v.optional(Positive),
  x: v.optional(Finite),
};

/** One fitted point: where it is (row or run), its inputs, the loss seen and the law's value. */
export const FittedPointSchema = v.object({
  ...PointPlace,
  loss: Finite,
  predicted: Finite,
  /** loss − predicted. */
  residual: Finite,
});
/** One fitted point. */
export type FittedPoint = Infer<typeof FittedPointSchema>;

/** A prediction beyond the fitted points, with its bootstrap interval; `loss` and `error` when it was observed. */
export const PredictionSchema = v.object({
  ...PointPlace,
  predicted: Finite,
  interval: v.optional(IntervalSchema),
  loss: v.optional(Finite),
  /** (predicted − loss) / loss. */
  relativeError: v.optional(Finite),
});
/** A prediction beyond the fitted points. */
export type Prediction = Infer<typeof PredictionSchema>;

/** Points of a drawn band. */
export const BAND_POINTS = 41;

/** Quality of a fit: R² on the loss scale, mean Huber (δ = 1e-3) on log losses where that was the objective. */
const QualitySchema = v.object({
  r2: Finite,
  huber: v.optional(Finite),
  /** Bootstrap resamples that gave a fit (intervals come from these). */
  resamples: Count,
  points: v.array(FittedPointSchema),
  intervals: IntervalsSchema,
  /**
   * The law drawn with its band, {@link BAND_POINTS} points: a compute law along its compute-optimal frontier
   * (N = N*(C), D = C/6N) from the least compute to 25 times the most, a power law over the same C, a loss-to-loss
   * law over x from the least to the most x fitted, held out or predicted.
   */
  band: v.array(PredictionSchema),
});

/** One dataset's fitted law. */
export const DatasetFitSchema = v.object({
  dataset: v.string(),
  loss: v.string(),
  law: v.variant('kind', [
    v.object({ kind: v.literal('compute'), params: ComputeLawSchema, optimal: OptimalSchema }),
    v.object({ kind: v.literal('power'), params: PowerLawSchema }),
  ]),
  ...QualitySchema.entries,
  /** The held-out run, predicted by the law fitted on the others. */
  heldOut: v.optional(PredictionSchema),
});
/** One dataset's fitted law. */
export type DatasetFit = Infer<typeof DatasetFitSchema>;

/** Which log column is what (the readers' ColumnMapping). */
export const ColumnMappingSchema = v.object({
  run: v.exactOptional(NonEmptyName),
  N: v.exactOptional(NonEmptyName),
  D: v.exactOptional(NonEmptyName),
  C: v.exactOptional(NonEmptyName),
  dataset: v.exactOptional(NonEmptyName),
  step: v.exactOptional(NonEmptyName),
  losses: v.pipe(v.array(NonEmptyName), v.maxLength(1000)),
});
/** Which log column is what. */
export type ColumnMappingParams = Infer<typeof ColumnMappingSchema>;

const FitOptions = {
  /** Bootstrap resamples (0: none). */
  bootstrap: Resamples,
  seed: Seed,
};

/** Params of a fit of a log's runs. */
export const ScalingFitParamsSchema = v.object({
  /** A log file or a run folder. */
  path: NonEmptyName,
  law: oneOf(SCALING_LAWS),
  /** The loss column fitted (default: the mapping's first). */
  loss: v.optional(Name),
  /** Overrides the guessed mapping. */
  mapping: v.optional(ColumnMappingSchema),
  holdOut: oneOf(HOLD_OUTS),
  ...FitOptions,
});
/** Params of a fit of a log's runs. */
export type ScalingFitParams = Infer<typeof ScalingFitParamsSchema>;

/** Result of a fit: the mapping used and one fit per dataset. */
export const ScalingFitResultSchema = v.object({
  source: v.string(),
  mapping: ColumnMappingSchema,
  fits: v.array(DatasetFitSchema),
});
/** Result of a fit. */
export type ScalingFitResult = Infer<typeof ScalingFitResultSchema>;

/** Request: fit a law to each dataset of a training log. */
export const scalingFitRequest = requestKind('scalingFit', ScalingFitParamsSchema, ScalingFitResultSchema);

/** One side of a loss-to-loss fit: a loss column, of one dataset's runs or of every row. */
export const L2lSideSchema = v.object({
  column: NonEmptyName,
  dataset: v.optional(Name),
  /** Only these runs of the dataset (by name): a law carried to a dataset from a few of its runs. */
  runs: v.optional(v.pipe(v.array(NonEmptyName), v.minLength(1), v.maxLength(10_000))),
});

/** Params of a loss-to-loss fit. */
export const ScalingL2lParamsSchema = v.object({
  path: NonEmptyName,
  /** Datasets given: runs paired by (N, D) across them (train-to-train); else pairs are rows (or runs). */
  x: L2lSideSchema,
  y: L2lSideSchema,
  mapping: v.optional(ColumnMappingSchema),
  /** Both given: fixed; e0 only: E₁ free; neither: both free. */
  e0: v.optional(Finite),
  e1: v.optional(Finite),
  /** Take e0 and e1 from compute-law fits of each side's dataset (needs N and D), fixing both. */
  eFromFits: v.optional(v.boolean()),
  /** x losses to predict y at. */
  predict: v.pipe(v.array(Finite), v.maxLength(1000)),
  /** largest: leave out the pair of largest compute (else of smallest x loss) and predict it. */
  holdOut: oneOf(HOLD_OUTS),
  ...FitOptions,
});
/** Params of a loss-to-loss fit. */
export type ScalingL2lParams = Infer<typeof ScalingL2lParamsSchema>;

/** Result of a loss-to-loss fit. */
export const ScalingL2lResultSchema = v.object({
  source: v.string(),
  x: v.string(),
  y: v.string(),
  mode: oneOf(L2L_MODES),
  ...LossToLossSchema.entries,
  ...QualitySchema.entries,
  prediction: v.optional(v.array(PredictionSchema)),
  heldOut: v.optional(PredictionSchema),
});
/** Result of a loss-to-loss fit. */
export type ScalingL2lResult = Infer<typeof ScalingL2lResultSchema>;

/** Request: fit L_y = K·(L_x − e0)^kappa + e1 to paired losses. */
export const scalingL2lRequest = requestKind('scalingL2l', ScalingL2lParamsSchema, ScalingL2lResultSchema);

/** Params of a translation: a compute law of dataset 0 and a train-to-train law from dataset 0 to 1. */
export const ScalingTranslateParamsSchema = v.object({
  law: ComputeLawSchema,
  kappa: Positive,
  K: Positive,
  e1: Positive,
});
/** Params of a translation. */
export type ScalingTranslateParams = Infer<typeof ScalingTranslateParamsSchema>;

/** The translated law and its compute-optimal N*(C) (the same as the source law's). */
export const ScalingTranslateResultSchema = v.object({ law: ComputeLawSchema, optimal: OptimalSchema });
/** Result of a translation. */
export type ScalingTranslateResult = Infer<typeof ScalingTranslateResultSchema>;

/** Request: translate a compute law to another dataset (alpha' = kappa·alpha, ...). */
export const scalingTranslateRequest = requestKind(
  'scalingTranslate',
  ScalingTranslateParamsSchema,
  ScalingTranslateResultSchema,
);
