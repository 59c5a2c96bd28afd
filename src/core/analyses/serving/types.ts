/**
 * @file Types of the serving simulator: a workload (requests as columns), the scheduling policies, how lengths
 * are predicted, the two cost models, and what a simulated run records. Times are in seconds for traces and in
 * units of mean service time in the M/G/1 mode; lengths are in output tokens.
 */

/**
 * Scheduling policies. `fcfs`: first come, first served. `sjf`: shortest predicted job first, never preempted.
 * `sprpt`: shortest predicted remaining time, always preemptible. `trail`: SPRPT with limited preemption, a
 * request being preemptible only while its age is below c times its initial prediction.
 */
export const SERVING_POLICIES = ['fcfs', 'sjf', 'sprpt', 'trail'] as const;
/** A scheduling policy. */
export type ServingPolicy = (typeof SERVING_POLICIES)[number];

/** A policy with its limited-preemption factor c (`trail` only: 0 < c ≤ 1; c = 1 is plain SPRPT). */
export interface PolicySpec {
  readonly policy: ServingPolicy;
  readonly c?: number;
}

/** Where predicted lengths come from. */
export const PREDICTION_KINDS = ['perfect', 'noisy', 'model'] as const;
/**
 * Predicted lengths. `perfect`: the true length. `noisy`: the true length times exp(σ·Z), Z standard normal,
 * drawn from the run's seed. `model`: the workload's own `predicted` (and `refined`) columns.
 */
export type Predictions =
  { readonly kind: 'perfect' } | { readonly kind: 'noisy'; readonly sigma: number } | { readonly kind: 'model' };

/**
 * Requests as columns, sorted by arrival (10⁶ requests fit without an object each). Index i is request i.
 */
export interface Workload {
  /** Arrival times, non-decreasing, ≥ 0. */
  readonly arrival: Float64Array;
  /** Prompt tokens (0 in the M/G/1 mode). */
  readonly prompt: Float64Array;
  /** True output lengths in tokens, > 0 (in the M/G/1 mode, service time × rate). */
  readonly size: Float64Array;
  /** Initial predicted output lengths (a trace's column, or the prompt-only probe's), when known. */
  readonly predicted?: Float64Array;
  /**
   * Per request, the refined predicted remaining length after each generated token (index = age in tokens),
   * when a model refined it; ages past the array's end count down by one per token from its last value.
   */
  readonly refined?: readonly (Float32Array | undefined)[];
}

/** The M/G/1 cost model: one server, service time = output length / rate, preemption costs nothing. */
export interface Mg1Model {
  readonly mode: 'mg1';
  /** Output tokens served per unit time. */
  readonly rate: number;
}

/**
 * The batched cost model: continuous batching as vLLM's scheduler does it. Each iteration runs the chosen
 * requests' prefill (prompt, or prompt + generated tokens after an eviction) and one decode token for each
 * running request; its time is overhead + prefill tokens × prefillPerToken + running requests × decodePerToken.
 * A request holds prompt + generated tokens of KV cache while running or paused (preempted); when the cache
 * would overflow, paused then lowest-priority requests are evicted and recomputed later.
 */
export interface BatchedModel {
  readonly mode: 'batched';
  /** Seconds per prompt token of prefill. */
  readonly prefillPerToken: number;
  /** Seconds per running request per decode iteration. */
  readonly decodePerToken: number;
  /** Seconds of fixed cost per iteration. */
  readonly stepOverhead: number;
  /** KV-cache capacity in tokens. */
  readonly kvCapacity: number;
  /** Most requests decoding in one iteration. */
  readonly maxBatch: number;
}

/** A cost model. */
export type CostModel = Mg1Model | BatchedModel;

/** Options of one simulated run. */
export interface SimOptions {
  readonly cost: CostModel;
  readonly predictions: Predictions;
  /** Seed of the noisy predictions. */
  readonly seed: number;
  /** A time window [t0, t1] whose per-request segments are recorded for a Gantt strip. */
  readonly window?: readonly [number, number];
  readonly signal?: AbortSignal;
  /** Called now and then with the fraction of requests finished. */
  readonly onProgress?: (fraction: number) => void;
}

/** One stretch of a request's life in the recorded window: served, or paused holding KV cache. */
export interface Segment {
  readonly job: number;
  readonly start: number;
  readonly end: number;
  readonly state: 'running' | 'paused';
}

/** What one simulated run records. */
export interface SimRun {
  readonly spec: PolicySpec;
  /** Per request: time its first output token is produced. */
  readonly firstToken: Float64Array;
  /** Per request: time its last output token is produced. */
  readonly finish: Float64Array;
  /** Per request: times it was preempted (paused or evicted). */
  readonly preemptions: Int32Array;
  /** Per request: times its KV cache was evicted and recomputed (batched mode). */
  readonly evictions: Int32Array;
  /** KV memory over time (batched mode; empty in M/G/1): times, tokens held by paused and by running requests. */
  readonly memory: { readonly t: Float64Array; readonly paused: Float64Array; readonly running: Float64Array };
  /** Segments in the options' window (empty without one). */
  readonly segments: readonly Segment[];
}

/** Aggregate figures of a run; latency = finish − arrival, TTFT = first token − arrival. */
export interface SimSummary {
  readonly policy: ServingPolicy;
  readonly c?: number;
  readonly jobs: number;
  readonly meanLatency: number;
  readonly p50: number;
  readonly p99: number;
  readonly meanTtft: number;
  readonly p50Ttft: number;
  readonly p99Ttft: number;
  readonly preemptionsPerJob: number;
  /** Time-averaged and peak KV tokens held by paused requests (batched mode). */
  readonly meanPausedKv?: number;
  readonly peakPausedKv?: number;
  /** The M/G/1 closed form's mean latency, where one applies. */
  readonly theory?: number;
}
