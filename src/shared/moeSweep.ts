/**
 * @file The memorization-vs-reasoning sweep's request and result: the zoo's mixture-of-experts and dense models of
 * the phone-book task (memorization) and the length-2-path task (reasoning), each with its size and the accuracy
 * measured when it was built, optionally re-measured live on a seeded sample with a 95 % Wilson interval, and the
 * headline checks of Mixture of Parrots computed from the numbers.
 */
import { requestKind } from './request';
import { v, Count, DeviceSettingSchema, Finite, Share, oneOf, type Infer } from './schema';

/** The sweep's tasks: the phone book (memorization) and length-2 paths (reasoning), in the order shown. */
export const SWEEP_TASKS = ['phonebook', 'paths'] as const;
/** A sweep task. */
export type SweepTask = (typeof SWEEP_TASKS)[number];

/** What each task measures, as the panel and the CLI name it. */
export const TASK_TITLES: Readonly<Record<SweepTask, string>> = {
  phonebook: 'Phone book (memorization)',
  paths: 'Length-2 paths (reasoning)',
};

/** Whether a model routes each token to experts or is one dense feed-forward block. */
export const MODEL_KINDS = ['moe', 'dense'] as const;

/** The live re-measure's sample size: default, least and most items per model. */
export const SAMPLE = { default: 200, min: 1, max: 20_000 } as const;
/** Longest text a graph for the path tasks is read from. */
export const GRAPH_MAX_CHARS = 1_000_000;
/** Largest seed of the live sample. */
export const MAX_SEED = 4_000_000;

/** The thresholds: the phone book must rise by this many points from E = 2 to E = 16. */
export const PHONEBOOK_RISE_POINTS = 30;

/** Accuracy on `items` scored items with its 95 % Wilson interval. */
export const MeasuredSchema = v.pipe(
  v.object({
    items: v.pipe(Count, v.minValue(1)),
    correct: Count,
    accuracy: Share,
    low: Share,
    high: Share,
  }),
  v.check((m) => m.correct <= m.items && m.low <= m.accuracy && m.accuracy <= m.high, 'an interval out of order'),
);
/** Accuracy with its 95 % Wilson interval. */
export type Measured = Infer<typeof MeasuredSchema>;

/** One model of the sweep, as its manifest entry describes it. */
export const SweepModelSchema = v.object({
  name: v.string(),
  task: oneOf(SWEEP_TASKS),
  kind: oneOf(MODEL_KINDS),
  /** Experts per MoE layer (0 for a dense model). */
  experts: Count,
  /** Experts each token is routed to (0 for a dense model). */
  topK: Count,
  layers: Count,
  dModel: Count,
  /** Width of one expert's (or the dense block's) hidden layer. */
  dExpert: Count,
  totalParams: Count,
  activeParams: Count,
  /** Dense models: width relative to the narrowest dense model of the task (1 for it), else absent. */
  width: v.optional(v.pipe(Finite, v.minValue(0))),
  /** Greedy exact match on the whole eval set, measured in PyTorch when the model was built. */
  accuracy: Share,
  evalItems: Count,
  /** The live re-measure, once this model has been scored. */
  live: v.optional(MeasuredSchema),
});
/** One model of the sweep. */
export type SweepModel = Infer<typeof SweepModelSchema>;

/** A model's short name: E = 4 for a MoE model, dense 2× for a dense one. */
export function sweepLabel(m: Pick<SweepModel, 'kind' | 'experts' | 'width'>): string {
  return m.kind === 'moe' ? `E = ${m.experts}` : `dense ${m.width ?? 1}×`;
}

/** One headline check: its value in accuracy points, the bound it is held to, and whether it holds. */
const CheckSchema = v.object({
  /** The check's value in percentage points, or null when the zoo lacks a model it needs. */
  points: v.nullable(Finite),
  /** Whether the paper's inequality holds (null: it cannot be checked). */
  holds: v.nullable(v.boolean()),
  /** One sentence: what was compared, with the numbers, or which model is missing. */
  text: v.string(),
});

/** The headline checks of Mixture of Parrots, computed from one set of accuracies. */
export const HeadlineSchema = v.object({
  /** Which accuracies: those measured when the models were built, or the live sample's. */
  from: v.picklist(['build', 'live']),
  /** Phone-book accuracy rise from E = 2 to E = 16 (must be ≥ 30 points). */
  phonebookRise: CheckSchema,
  /** Path accuracy range (max − min) across the MoE models (must be below the dense gap). */
  pathRange: CheckSchema,
  /** Path accuracy gap from the dense 1× to the dense 2× model. */
  denseGap: CheckSchema,
});
/** The headline checks. */
export type Headline = Infer<typeof HeadlineSchema>;

/** The sweep: every zoo model of both tasks, and the headline checks. */
export const MoeSweepResultSchema = v.object({
  models: v.pipe(v.array(SweepModelSchema), v.maxLength(1000)),
  /** The checks on the build-time accuracies. */
  headline: HeadlineSchema,
  /** The live re-measure's settings and, once every model is scored, its checks. */
  live: v.optional(
    v.object({
      sample: Count,
      seed: Count,
      /** Models scored so far (the panel draws each as it comes). */
      done: Count,
      /** Where the path tasks came from when they were built from a graph in a file (every pair of its vertices). */
      graph: v.optional(v.object({ source: v.string(), items: Count })),
      headline: v.optional(HeadlineSchema),
    }),
  ),
});
/** The sweep. */
export type MoeSweepResult = Infer<typeof MoeSweepResultSchema>;

/** Params of the sweep. */
export const MoeSweepParamsSchema = v.object({
  /** Re-measure every model on a seeded sample of its task's eval set. */
  live: v.boolean(),
  /** Items per model in the live sample (all items when the set is smaller). */
  sample: v.pipe(Count, v.minValue(SAMPLE.min), v.maxValue(SAMPLE.max)),
  seed: v.pipe(Count, v.maxValue(MAX_SEED)),
  device: DeviceSettingSchema,
  /** Live only: path tasks from the graph written in this text instead of the eval set's sample. */
  graph: v.optional(
    v.object({ source: v.pipe(v.string(), v.maxLength(1000)), text: v.pipe(v.string(), v.maxLength(GRAPH_MAX_CHARS)) }),
  ),
});
/** Params of the sweep. */
export type MoeSweepParams = Infer<typeof MoeSweepParamsSchema>;

/** Request: the memorization-vs-reasoning sweep of the zoo's MoE and dense models, live when asked. */
export const moeSweepRequest = requestKind('moeSweep', MoeSweepParamsSchema, MoeSweepResultSchema);

/** The panel's action that re-measures on a sample (its argument: the sample size as text). */
export const REMEASURE_ACTION = 'remeasure';

/** The sample size typed in the panel (checked in the view and again in the host), or what is wrong with it. */
export function parseSample(text: string): { readonly sample: number } | { readonly problem: string } {
  const n = Number(text.trim());
  if (text.trim() !== '' && Number.isInteger(n) && n >= SAMPLE.min && n <= SAMPLE.max) return { sample: n };
  return {
    problem: `Items per model: type a whole number from ${SAMPLE.min} to ${SAMPLE.max}, not "${text.slice(0, 20)}".`,
  };
}
