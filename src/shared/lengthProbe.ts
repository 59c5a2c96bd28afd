/**
 * @file The length probe's request and result: exact match against problem length for every model
 * of a task (positions models: PPC, oracle coupling, absolute positions; Turing-program models with
 * and without a scratchpad), one curve per model on the same seeded problems, with accuracy by
 * longest carry chain for arithmetic. Params, result types and schemas side by side.
 */
import { requestKind } from './request';
import { v, Count, Share, oneOf, type Infer } from './schema';

/** The tasks the probe runs, in the order the CLI and the panel list them. */
export const PROBE_TASKS = ['addition', 'multiplication', 'copy'] as const;
/** A task the probe runs. */
export type ProbeTask = (typeof PROBE_TASKS)[number];

/** The curves' methods, in the order the chart lists them. */
export const PROBE_METHODS = ['ppc', 'coupled', 'absolute', 'turing-program', 'no-scratchpad'] as const;
/** How a model of the probe reads positions or writes its answer. */
export type ProbeMethod = (typeof PROBE_METHODS)[number];

/** Whether `m` is one of the probe's methods. */
export const isProbeMethod = (m: string): m is ProbeMethod => (PROBE_METHODS as readonly string[]).includes(m);

/** Longest length the probe runs to. */
export const MAX_PROBE_LENGTH = 1000;
/** Most problems per length. */
export const MAX_PROBE_SAMPLES = 100_000;

/** Whether problems of `task` have carries (and so a carry-chain breakdown). */
export const hasCarries = (task: string): boolean => task === 'addition' || task === 'multiplication';

/** Problems whose longest carry chain is `chain`, and how many of them the model got exactly right. */
export const ChainCountSchema = v.pipe(
  v.object({ chain: Count, problems: v.pipe(Count, v.minValue(1)), correct: Count }),
  v.check((c) => c.correct <= c.problems, 'correct: more than the problems'),
);
/** Problems of one longest carry chain and how many were right. */
export type ChainCount = Infer<typeof ChainCountSchema>;

const Curve = v.array(v.nullable(Share));
const Chains = v.array(ChainCountSchema);

/** One model's curve. */
export const LengthProbeCurveSchema = v.object({
  method: oneOf(PROBE_METHODS),
  /** The zoo name (or folder) of the model. */
  model: v.string(),
  /** Longest problem length the model was trained on. */
  trainMaxLength: Count,
  /** Exact match at each length; null where the problems do not fit the model (positions or context). */
  accuracy: Curve,
  /** ppc: share of answer tokens whose predicted position ID equals the rule's, per length. */
  idAccuracy: v.optional(Curve),
  /** Arithmetic: per length (null where it did not fit), problems and exact matches by longest carry chain. */
  byLengthChain: v.optional(v.array(v.nullable(Chains))),
  /** Arithmetic: the same over every length probed, by chain ascending. */
  byChain: v.optional(Chains),
});
/** One model's curve. */
export type LengthProbeCurve = Infer<typeof LengthProbeCurveSchema>;

/** Problems and exact matches by chain, summed over lengths (null lengths skipped), by chain ascending. */
export function chainTotals(perLength: readonly (readonly ChainCount[] | null)[]): ChainCount[] {
  const sums = new Map<number, { problems: number; correct: number }>();
  for (const counts of perLength)
    for (const c of counts ?? []) {
      const s = sums.get(c.chain) ?? { problems: 0, correct: 0 };
      sums.set(c.chain, { problems: s.problems + c.problems, correct: s.correct + c.correct });
    }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([chain, s]) => ({ chain, ...s }));
}

/** Which lengths a carry-chain breakdown counts: every length probed, or only those past each model's training. */
export type ChainLengths = 'all' | 'past';

/** A curve's problems and exact matches by chain over the lengths `which` counts. */
export function chainsOver(
  r: { readonly lengths: readonly number[] },
  c: LengthProbeCurve,
  which: ChainLengths,
): ChainCount[] {
  if (which === 'all') return [...(c.byChain ?? [])];
  return chainTotals((c.byLengthChain ?? []).filter((_, i) => (r.lengths[i] ?? 0) > c.trainMaxLength));
}

/** Exact match against length for every model of a task (the length-generalization probe). */
export const LengthProbeResultSchema = v.pipe(
  v.object({
    task: oneOf(PROBE_TASKS),
    /** Whether the problems were drawn carry-heavy (longest chain uniform over 0 … length). */
    carryHeavy: v.boolean(),
    lengths: v.pipe(v.array(v.pipe(Count, v.minValue(1))), v.minLength(1), v.maxLength(MAX_PROBE_LENGTH)),
    curves: v.array(LengthProbeCurveSchema),
    /** Longest training length of the models. */
    trainMaxLength: Count,
    /** Problems per length. */
    samples: v.pipe(Count, v.minValue(1)),
    seed: Count,
    /** Only while the probe runs (the panel's live curve): the longest length it will reach. */
    upTo: v.optional(v.pipe(Count, v.minValue(1))),
  }),
  v.check(
    (r) =>
      r.curves.every((c) =>
        [c.accuracy, c.idAccuracy ?? r.lengths, c.byLengthChain ?? r.lengths].every(
          (a) => a.length === r.lengths.length,
        ),
      ),
    'curves: every curve needs one value per length',
  ),
);
/** Exact match against length for every model of a task. */
export type LengthProbeResult = Infer<typeof LengthProbeResultSchema>;

/** Params of a length-generalization probe. */
export const LengthProbeParamsSchema = v.pipe(
  v.object({
    task: oneOf(PROBE_TASKS),
    /** Longest length probed; lengths run 1 … maxLength. */
    maxLength: v.pipe(Count, v.minValue(1), v.maxValue(MAX_PROBE_LENGTH)),
    /** Problems per length. */
    samples: v.pipe(Count, v.minValue(1), v.maxValue(MAX_PROBE_SAMPLES)),
    seed: v.pipe(Count, v.maxValue(4_000_000)),
    /** Draw carry-heavy problems (arithmetic only). @default false */
    carryHeavy: v.optional(v.boolean()),
    /** Only these lengths (each at most maxLength), e.g. one at a time for a live curve. @default 1 … maxLength */
    lengths: v.optional(v.pipe(v.array(v.pipe(Count, v.minValue(1))), v.minLength(1), v.maxLength(MAX_PROBE_LENGTH))),
  }),
  v.check((p) => (p.lengths ?? []).every((n) => n <= p.maxLength), 'lengths: each must be at most maxLength'),
  v.check((p) => p.carryHeavy !== true || hasCarries(p.task), 'carryHeavy: only addition and multiplication'),
);
/** Params of a length-generalization probe. */
export type LengthProbeParams = Infer<typeof LengthProbeParamsSchema>;

/** Request: exact match against problem length for every model of a task, with the carry-chain breakdown. */
export const lengthProbeRequest = requestKind('lengthProbe', LengthProbeParamsSchema, LengthProbeResultSchema);
