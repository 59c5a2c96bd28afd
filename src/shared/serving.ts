/**
 * @file The serving toolkit's request: simulate scheduling policies (FCFS, SJF, SPRPT, TRAIL's limited
 * preemption at each c) on a trace or on M/G/1 jobs, under the M/G/1 or the batched cost model. The result holds
 * what the panel draws: per policy × c the summary, latency and TTFT quantiles, a Gantt window and KV memory over
 * time, and mean latency against load with the closed-form theory where it applies.
 */
import { requestKind } from './request';
import { v, Count, Finite, NonEmptyName, Share, oneOf, type Infer } from './schema';

/** Scheduling policies, as the core's SERVING_POLICIES (src/shared imports nothing else; a test checks both). */
export const SERVING_POLICY_NAMES = ['fcfs', 'sjf', 'sprpt', 'trail'] as const;
/** Where predicted lengths come from, as the core's PREDICTION_KINDS. */
export const PREDICTION_KIND_NAMES = ['perfect', 'noisy', 'model'] as const;

/** Size laws of generated M/G/1 jobs: exponential, or the Alpaca trace's output lengths scaled to mean 1. */
export const MG1_SIZE_LAWS = ['exponential', 'alpaca'] as const;
/** A size law of generated M/G/1 jobs. */
export type Mg1SizeLaw = (typeof MG1_SIZE_LAWS)[number];

/** Defaults and bounds of the simulation's options (CLI flags, the panel and the engine's check share them). */
export const SERVING_OPTIONS = {
  rho: { default: 0.8, min: 0, max: 1 },
  jobs: { default: 100_000, min: 1, max: 10_000_000 },
  seed: { default: 1, min: 0, max: 2 ** 31 },
  /** The c values a panel's slider offers (TRAIL's limited-preemption factor). */
  c: { default: [0.5, 0.8], min: 0.05, max: 1, step: 0.05 },
  /** Loads of the latency-against-load chart in M/G/1 mode. */
  loads: { default: [0.3, 0.5, 0.6, 0.7, 0.8, 0.9] },
  /** Quantile points of each CDF. */
  quantiles: 101,
  /** Most points of a memory series (the engine thins longer ones). */
  memoryPoints: 2000,
  /** Most segments of a Gantt window. */
  segments: 5000,
  /** Loads of the latency-against-load chart on a trace: multiples of its own mean request rate. */
  rateMultiples: { default: [0.5, 0.75, 1, 1.25] },
  /**
   * The batched cost model's defaults (a small GPU serving a 7B-class model, roughly): 0.1 ms per prompt token
   * of prefill, 0.3 ms per running request per decode step, 15 ms per step, 16,384 tokens of KV cache, 64
   * requests per batch.
   */
  batched: { prefillPerToken: 1e-4, decodePerToken: 3e-4, stepOverhead: 0.015, kvCapacity: 16_384, maxBatch: 64 },
} as const;

const Positive = v.pipe(Finite, v.gtValue(0));
const NonNegative = v.pipe(Finite, v.minValue(0));
const Seed = v.pipe(Count, v.maxValue(SERVING_OPTIONS.seed.max));
/** TRAIL's c: a request is preemptible while its age is below c times its initial prediction (0 < c ≤ 1). */
export const CSchema = v.pipe(Finite, v.gtValue(0), v.maxValue(1));
const Policy = oneOf(SERVING_POLICY_NAMES);

/** Where predicted lengths come from (the core's Predictions). */
export const PredictionsSchema = v.variant('kind', [
  v.object({ kind: v.literal('perfect') }),
  v.object({ kind: v.literal('noisy'), sigma: v.pipe(Finite, v.minValue(0), v.maxValue(10)) }),
  v.object({ kind: v.literal('model') }),
]);

/** A cost model (the core's CostModel): M/G/1 or continuous batching. */
export const CostModelSchema = v.variant('mode', [
  v.object({ mode: v.literal('mg1'), rate: Positive }),
  v.object({
    mode: v.literal('batched'),
    prefillPerToken: NonNegative,
    decodePerToken: NonNegative,
    stepOverhead: NonNegative,
    kvCapacity: v.pipe(Count, v.minValue(1)),
    maxBatch: v.pipe(Count, v.minValue(1)),
  }),
]);

/** The requests simulated: a trace file, or generated M/G/1 jobs. */
export const WorkloadSourceSchema = v.variant('kind', [
  v.object({
    kind: v.literal('trace'),
    /** JSONL, CSV, or a vLLM / SGLang benchmark result file. */
    path: NonEmptyName,
    /** Read at most this many requests. */
    maxJobs: v.optional(v.pipe(Count, v.minValue(1), v.maxValue(SERVING_OPTIONS.jobs.max))),
    /** Rescale the arrivals to this mean rate (requests per second) before simulating: a load of your choice. */
    rate: v.optional(v.pipe(Finite, v.gtValue(0), v.maxValue(1e6))),
  }),
  v.object({
    kind: v.literal('mg1'),
    /** Load ρ = arrival rate × mean size, below 1. */
    rho: v.pipe(Finite, v.gtValue(0), v.ltValue(1)),
    jobs: v.pipe(Count, v.minValue(1), v.maxValue(SERVING_OPTIONS.jobs.max)),
    sizes: oneOf(MG1_SIZE_LAWS),
  }),
]);
/** The requests simulated. */
export type WorkloadSource = Infer<typeof WorkloadSourceSchema>;

/** Params of a serving simulation. */
export const ServingSimulateParamsSchema = v.object({
  source: WorkloadSourceSchema,
  policies: v.pipe(v.array(Policy), v.minLength(1), v.maxLength(SERVING_POLICY_NAMES.length)),
  /** The c values `trail` runs at (each one run); other policies ignore them. */
  c: v.pipe(v.array(CSchema), v.minLength(1), v.maxLength(20)),
  predictions: PredictionsSchema,
  cost: CostModelSchema,
  /**
   * Loads of the latency-against-load chart: in M/G/1 mode loads ρ in (0, 1); on a trace, multiples of its own
   * mean request rate (the same requests, arrivals rescaled). Empty: no chart.
   */
  loads: v.pipe(v.array(v.pipe(Finite, v.gtValue(0), v.maxValue(100))), v.maxLength(30)),
  seed: Seed,
  /** The Gantt window [t0, t1] (default: the engine picks a busy stretch of a few dozen requests). */
  window: v.optional(
    v.pipe(
      v.tuple([NonNegative, NonNegative]),
      v.check(([a, b]) => b > a, 'window: t1 ≤ t0'),
    ),
  ),
});
/** Params of a serving simulation. */
export type ServingSimulateParams = Infer<typeof ServingSimulateParamsSchema>;

/** The core's SimSummary. */
export const SimSummarySchema = v.object({
  policy: Policy,
  c: v.optional(CSchema),
  jobs: Count,
  meanLatency: NonNegative,
  p50: NonNegative,
  p99: NonNegative,
  meanTtft: NonNegative,
  p50Ttft: NonNegative,
  p99Ttft: NonNegative,
  preemptionsPerJob: NonNegative,
  meanPausedKv: v.optional(NonNegative),
  peakPausedKv: v.optional(NonNegative),
  theory: v.optional(NonNegative),
});
/** Aggregate figures of one run. */
export type SimSummaryResult = Infer<typeof SimSummarySchema>;

/** An empirical CDF: `value` at probability `p`, p increasing. */
export const QuantilesSchema = v.pipe(v.array(v.object({ p: Share, value: NonNegative })), v.maxLength(10_001));
/** An empirical CDF. */
export type Quantiles = Infer<typeof QuantilesSchema>;

/** One stretch of a request's life in the Gantt window (the core's Segment). */
export const SegmentSchema = v.object({
  job: Count,
  start: NonNegative,
  end: NonNegative,
  state: v.picklist(['running', 'paused']),
});
/** One stretch of a request's life in the Gantt window. */
export type SegmentResult = Infer<typeof SegmentSchema>;

const Series = v.pipe(v.array(NonNegative), v.maxLength(100_000));
/** KV tokens held over time by paused and by running requests (batched mode; empty arrays in M/G/1). */
export const MemorySchema = v.pipe(
  v.object({ t: Series, paused: Series, running: Series }),
  v.check((m) => m.paused.length === m.t.length && m.running.length === m.t.length, 'memory: unequal series'),
);

/** One policy × c simulated on the workload. */
export const ServingRunSchema = v.object({
  summary: SimSummarySchema,
  latency: QuantilesSchema,
  ttft: QuantilesSchema,
  segments: v.pipe(v.array(SegmentSchema), v.maxLength(100_000)),
  memory: MemorySchema,
});
/** One policy × c simulated on the workload. */
export type ServingRun = Infer<typeof ServingRunSchema>;

/** A request of the Gantt window: when it arrived, how long it is, and what was predicted. */
export const WindowJobSchema = v.object({
  job: Count,
  arrival: NonNegative,
  size: Positive,
  predicted: v.optional(NonNegative),
});

/** Mean latency of one policy × c at one load: simulated, and the closed form where one applies. */
export const LoadPointSchema = v.object({
  policy: Policy,
  c: v.optional(CSchema),
  load: Positive,
  meanLatency: NonNegative,
  meanTtft: v.optional(NonNegative),
  theory: v.optional(NonNegative),
});
/** Mean latency of one policy × c at one load. */
export type LoadPoint = Infer<typeof LoadPointSchema>;

/** Result of a serving simulation. */
export const ServingSimulateResultSchema = v.object({
  /** The trace's path, or a description of the generated jobs. */
  source: v.string(),
  /** The trace's format, or `mg1` for generated jobs. */
  format: v.picklist(['jsonl', 'csv', 'vllm', 'sglang', 'mg1']),
  /** What the reader had to assume (e.g. arrivals derived from a request rate). */
  notes: v.array(v.string()),
  mode: v.picklist(['mg1', 'batched']),
  /** Time unit of every time: seconds (traces, batched) or mean service times (M/G/1 jobs). */
  timeUnit: v.picklist(['s', 'service']),
  jobs: Count,
  /** Mean output length (tokens) and mean request rate (requests per time unit). */
  meanSize: NonNegative,
  rate: NonNegative,
  /** The workload's load ρ where it is defined (M/G/1 mode). */
  rho: v.optional(NonNegative),
  predictions: PredictionsSchema,
  runs: v.pipe(v.array(ServingRunSchema), v.minLength(1)),
  /** The Gantt window and its requests. */
  window: v.tuple([NonNegative, NonNegative]),
  windowJobs: v.pipe(v.array(WindowJobSchema), v.maxLength(10_000)),
  /** What `load` means on the latency-against-load chart: ρ, or multiples of the trace's request rate. */
  loadAxis: v.picklist(['rho', 'rate-multiple']),
  loads: v.array(LoadPointSchema),
});
/** Result of a serving simulation. */
export type ServingSimulateResult = Infer<typeof ServingSimulateResultSchema>;

/** Request: simulate scheduling policies on a trace or M/G/1 jobs. */
export const servingSimulateRequest = requestKind(
  'serving.simulate',
  ServingSimulateParamsSchema,
  ServingSimulateResultSchema,
);
