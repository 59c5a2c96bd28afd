/**
 * @file The sparse-parity lab's requests (Edelman et al., "Pareto frontiers in neural feature learning"): train
 * 2-layer ReLU MLPs on (n, k)-sparse parity over a grid of width × samples × init × seeds, and report per cell
 * the success rate (test accuracy ≥ 0.99 within the step cutoff) and the median steps to success, the luck curve
 * beside its closed form, the top-norm neurons' first-layer weights, the rewind check and train/test curves; a
 * time estimate of a grid before it runs; and a wide sparse MLP against CART and boosted trees on a table.
 */
import { requestKind } from './request';
import { v, Count, Finite, Name, NonEmptyName, Share, oneOf, type Infer } from './schema';

/** First-layer initializations: dense Gaussian, or s-sparse (each hidden neuron reads s random inputs). */
export const PARITY_INITS = ['dense', 'sparse'] as const;
/** A first-layer initialization. */
export type ParityInit = (typeof PARITY_INITS)[number];

/** Defaults and bounds of a grid (CLI flags, the panel's form and the engine's check share them). */
export const PARITY_OPTIONS = {
  n: { default: 30, min: 2, max: 1000 },
  k: { default: 3, min: 1, max: 10 },
  widths: { default: [10, 30, 100, 300, 1000], min: 1, max: 100_000, items: 20 },
  /** Training set sizes; 0 means online (a fresh batch every step). */
  samples: { default: [0], min: 0, max: 1_000_000, items: 20 },
  seeds: { default: 5, min: 1, max: 200 },
  /** Nonzero inputs per hidden neuron of the sparse init (the paper's best: 2). */
  sparsity: { default: 2, min: 1, max: 1000 },
  steps: { default: 20_000, min: 1, max: 1_000_000 },
  batch: { default: 32, min: 1, max: 4096 },
  lr: { default: 0.1, min: 1e-6, max: 10 },
  weightDecay: { default: 0.01, min: 0, max: 1 },
  testSize: { default: 1000, min: 10, max: 100_000 },
  /** Steps between two evaluations (train and test accuracy, success check). */
  evalEvery: { default: 100, min: 1, max: 100_000 },
  seed: { default: 1, min: 0, max: 2 ** 31 },
  /** Test accuracy that counts as success. */
  successAccuracy: 0.99,
  /** Neurons shown (largest first-layer norm first). */
  topNeurons: 8,
  /** Most points of one train/test curve (the engine thins longer ones). */
  curvePoints: 500,
  /** Most curves a result carries. */
  curves: 64,
  /** A grid estimated to run longer than this (seconds) is refused unless confirmed. */
  confirmSeconds: 600,
} as const;

/** Defaults and bounds of the MLP-vs-trees comparison on a table. */
export const TABLE_OPTIONS = {
  fractions: { default: [0.01, 0.1, 1] },
  testShare: { default: 0.2, min: 0.01, max: 0.9 },
  width: { default: 1000, min: 1, max: 100_000 },
  sparsity: { default: 2, min: 1, max: 10_000 },
  steps: { default: 3000, min: 1, max: 1_000_000 },
  seed: { default: 1, min: 0, max: 2 ** 31 },
  /** Most rows read from the CSV. */
  maxRows: 200_000,
  /** Most feature columns. */
  maxColumns: 1000,
  /** Most classes of the label column. */
  maxClasses: 100,
} as const;

/** Methods of the table comparison. */
export const TABLE_METHODS = ['mlp', 'cart', 'boosted'] as const;
/** A method of the table comparison. */
export type TableMethod = (typeof TABLE_METHODS)[number];

type Bound = { readonly min: number; readonly max: number };
const int = (b: Bound) => v.pipe(Count, v.minValue(b.min), v.maxValue(b.max));
const real = (b: Bound) => v.pipe(Finite, v.minValue(b.min), v.maxValue(b.max));
const O = PARITY_OPTIONS;
const NonNegative = v.pipe(Finite, v.minValue(0));
const Init = oneOf(PARITY_INITS);
const list = <S extends v.GenericSchema>(item: S, most: number) =>
  v.pipe(v.array(item), v.minLength(1), v.maxLength(most));

/** Params of a parity grid (and of its time estimate). */
export const ParityGridParamsSchema = v.pipe(
  v.object({
    n: int(O.n),
    k: int(O.k),
    widths: list(int(O.widths), O.widths.items),
    /** Training set sizes m; 0 = online. */
    samples: list(int(O.samples), O.samples.items),
    /** Runs per cell (seeds 0 … seeds − 1 after `seed`). */
    seeds: int(O.seeds),
    inits: list(Init, PARITY_INITS.length),
    sparsity: int(O.sparsity),
    /** Step cutoff: a run that has not succeeded by then failed. */
    steps: int(O.steps),
    batch: int(O.batch),
    lr: real(O.lr),
    weightDecay: real(O.weightDecay),
    testSize: int(O.testSize),
    evalEvery: int(O.evalEvery),
    /** Seeds the relevant set S (and, offset per run, data and weights). */
    seed: int(O.seed),
    /** Run the rewind check on the widest cell that succeeded (true by default in the CLI and panel). */
    rewind: v.boolean(),
  }),
  v.check((p) => p.k <= p.n, 'k must be at most n'),
  v.check((p) => p.sparsity <= p.n, 'sparsity must be at most n'),
);
/** Params of a parity grid. */
export type ParityGridParams = Infer<typeof ParityGridParamsSchema>;

/** One grid cell: `runs` seeds trained, `successes` of them reached the success accuracy. */
export const ParityCellSchema = v.object({
  width: Count,
  samples: Count,
  init: Init,
  runs: Count,
  successes: Count,
  /** Median steps to success over the successful runs; null when none succeeded. */
  medianSteps: v.nullable(Count),
  /** Mean final test accuracy over the runs. */
  meanTest: Share,
});
/** One grid cell. */
export type ParityCell = Infer<typeof ParityCellSchema>;

/** The luck curve at one width: measured success rate beside the closed form (sparse init only). */
export const LuckPointSchema = v.object({
  width: Count,
  init: Init,
  /** The sample size the measured rate is taken at (the largest of the grid; 0 = online). */
  samples: Count,
  measured: Share,
  runs: Count,
  /** 1 − (1 − q)^width, q the chance that one neuron's support covers S (s ≥ k) or lies in S (s < k). */
  closedForm: v.nullable(Share),
});
/** One point of the luck curve. */
export type LuckPoint = Infer<typeof LuckPointSchema>;

/** One hidden neuron's first-layer weights after training. */
export const NeuronSchema = v.object({
  index: Count,
  /** Euclidean norm of its input weights. */
  norm: NonNegative,
  weights: v.pipe(v.array(Finite), v.maxLength(O.n.max)),
});

/** The top-norm neurons of one trained network (the lottery ticket), S marked. */
export const NeuronsSchema = v.object({
  width: Count,
  samples: Count,
  init: Init,
  seed: Count,
  succeeded: v.boolean(),
  neurons: v.pipe(v.array(NeuronSchema), v.maxLength(64)),
});
/** The top-norm neurons of one trained network. */
export type ParityNeurons = Infer<typeof NeuronsSchema>;

/** Success of subnetworks retrained from their initial weights. */
export const RewindArmSchema = v.object({ runs: Count, successes: Count, medianSteps: v.nullable(Count) });

/** The rewind check: the top-norm neurons alone, rewound to init, retrain; random subsets of that size too. */
export const RewindSchema = v.object({
  width: Count,
  samples: Count,
  init: Init,
  /** Neurons kept (the top ones by norm, or random ones). */
  keep: Count,
  /** Each retraining's step budget, as a multiple of the full network's steps to success (capped by the cutoff). */
  budget: v.optional(v.pipe(Finite, v.gtValue(0))),
  top: RewindArmSchema,
  random: RewindArmSchema,
});
/** The rewind check. */
export type ParityRewind = Infer<typeof RewindSchema>;

const Curve = v.pipe(v.array(Share), v.maxLength(O.curvePoints));
/** Train and test accuracy against step of one run (grokking shows as a late test rise). */
export const CurveSchema = v.pipe(
  v.object({
    width: Count,
    samples: Count,
    init: Init,
    seed: Count,
    step: v.pipe(v.array(Count), v.maxLength(O.curvePoints)),
    train: Curve,
    test: Curve,
  }),
  v.check((c) => c.train.length === c.step.length && c.test.length === c.step.length, 'curve: unequal series'),
);
/** Train and test accuracy against step of one run. */
export type ParityCurve = Infer<typeof CurveSchema>;

/** A grid's time estimate, from a short measured run. */
export const ParityEstimateSchema = v.object({
  seconds: NonNegative,
  runs: Count,
  /** Worker threads the grid runs on. */
  workers: Count,
  /** Measured training steps per second at the widest width (one thread). */
  stepsPerSecond: NonNegative,
  /** True when it is over the limit at which the CLI and the panel ask first. */
  confirm: v.boolean(),
});
/** A grid's time estimate. */
export type ParityEstimate = Infer<typeof ParityEstimateSchema>;

/** Result of a parity grid (and of each partial result, with the cells finished so far). */
export const ParityGridResultSchema = v.object({
  n: Count,
  k: Count,
  /** The relevant coordinates S (0-based, increasing). */
  support: v.pipe(v.array(Count), v.maxLength(O.k.max)),
  sparsity: Count,
  steps: Count,
  /** Cells the grid has in all (a partial result has fewer in `cells`). */
  totalCells: Count,
  cells: v.pipe(v.array(ParityCellSchema), v.maxLength(10_000)),
  luck: v.array(LuckPointSchema),
  neurons: v.optional(NeuronsSchema),
  rewind: v.optional(RewindSchema),
  curves: v.pipe(v.array(CurveSchema), v.maxLength(O.curves)),
  estimate: v.optional(ParityEstimateSchema),
  /** Wall time so far (seconds). */
  seconds: NonNegative,
  done: v.boolean(),
});
/** Result of a parity grid. */
export type ParityGridResult = Infer<typeof ParityGridResultSchema>;

/** Params of the MLP-vs-trees comparison on a CSV table. */
export const TableCompareParamsSchema = v.object({
  path: NonEmptyName,
  /** The label column's name (default: the last column). */
  label: v.optional(Name),
  /** Shares of the training split actually trained on. */
  fractions: list(v.pipe(Finite, v.gtValue(0), v.maxValue(1)), 10),
  testShare: real(TABLE_OPTIONS.testShare),
  width: int(TABLE_OPTIONS.width),
  /** Nonzero inputs per hidden neuron; 0 = dense. */
  sparsity: v.pipe(Count, v.maxValue(TABLE_OPTIONS.sparsity.max)),
  steps: int(TABLE_OPTIONS.steps),
  seed: int(TABLE_OPTIONS.seed),
  /** False in a restricted (untrusted) workspace. */
  allowLocalFiles: v.boolean(),
});
/** Params of the MLP-vs-trees comparison. */
export type TableCompareParams = Infer<typeof TableCompareParamsSchema>;

/** Test accuracy of one method trained on one fraction of the training split. */
export const TableScoreSchema = v.object({
  method: oneOf(TABLE_METHODS),
  fraction: Share,
  trainRows: Count,
  testAccuracy: Share,
  seconds: NonNegative,
});
/** Test accuracy of one method at one fraction. */
export type TableScore = Infer<typeof TableScoreSchema>;

/** Result of the MLP-vs-trees comparison. */
export const TableCompareResultSchema = v.object({
  source: v.string(),
  label: v.string(),
  features: v.pipe(v.array(v.string()), v.maxLength(TABLE_OPTIONS.maxColumns)),
  classes: v.pipe(v.array(v.string()), v.maxLength(TABLE_OPTIONS.maxClasses)),
  rows: Count,
  trainRows: Count,
  testRows: Count,
  /** Test accuracy of always answering the training split's most common class. */
  majority: Share,
  scores: v.array(TableScoreSchema),
  /** What the reader assumed or dropped (rows with missing values, ...). */
  notes: v.array(v.string()),
});
/** Result of the MLP-vs-trees comparison. */
export type TableCompareResult = Infer<typeof TableCompareResultSchema>;

/** Request: train a parity grid (partial results stream the cells). */
export const parityGridRequest = requestKind('parity.grid', ParityGridParamsSchema, ParityGridResultSchema);
/** Request: estimate a parity grid's time from a short measured run. */
export const parityEstimateRequest = requestKind('parity.estimate', ParityGridParamsSchema, ParityEstimateSchema);
/** Request: a wide sparse MLP against CART and boosted trees on a CSV table. */
export const tableCompareRequest = requestKind('parity.table', TableCompareParamsSchema, TableCompareResultSchema);
