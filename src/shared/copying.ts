/**
 * @file The copy and lookup probe's request (Jelassi et al., "Repeat After Me"): copy tasks (a span, a separator,
 * the span again) built from the user's text or sampled over a copy model's alphabet, and lookup tasks (`name:
 * value` pairs harvested from the text, then a query `name:`), scored teacher-forced by one or more causal LMs.
 * Per model and length: string and token accuracy, the surprisal of the first and second copy, and for a
 * fixed-state model the paper's bound on its accuracy from the size of its state.
 */
import { requestKind } from './request';
import { v, Count, DeviceSettingSchema, Finite, Name, NonEmptyName, Share, Text, oneOf, type Infer } from './schema';

/** Defaults and bounds of a probe (CLI flags, the host and the engine's check share them). */
export const COPY_OPTIONS = {
  lengths: { default: [10, 20, 40], min: 1, max: 4096, items: 24 },
  tasks: { default: 20, min: 1, max: 1000 },
  seed: { default: 1, min: 0, max: 2 ** 31 },
  /** Most models compared in one run. */
  models: 6,
  /** Most characters of text read (a file or selection). */
  maxTextChars: 1024 * 1024,
  /** Separator between the two copies when the model's card names none. */
  separator: '\n',
  /** Pairs a lookup needs at least (one to query, the others to tell it from). */
  minPairs: 3,
  /** Tasks kept as examples per length (wrong ones first), for the panel's list. */
  examples: 6,
} as const;

/** How a model's copy tasks were made: from spans of the text, or sampled over its alphabet. */
export const COPY_MODES = ['text', 'synthetic'] as const;
/** How a model's copy tasks were made. */
export type CopyMode = (typeof COPY_MODES)[number];

/** Architectures a copy model's card names. */
export const COPY_ARCHITECTURES = ['transformer', 'fixed-state'] as const;

/** The `copy` block of a copy model's manifest entry (the zoo's copy-transformer and copy-recurrent). */
export const CopySpecSchema = v.looseObject({
  alphabet: v.pipe(v.string(), v.minLength(2), v.maxLength(256)),
  separator: v.pipe(v.string(), v.minLength(1), v.maxLength(16)),
  end: v.optional(v.pipe(v.string(), v.maxLength(16))),
  trainLengths: v.optional(v.tuple([Count, Count])),
  architecture: v.optional(oneOf(COPY_ARCHITECTURES)),
  parameters: v.optional(Count),
  stateFloats: v.optional(Count),
  stateBits: v.optional(Count),
});
/** The `copy` block of a copy model's manifest entry. */
export type CopySpec = Infer<typeof CopySpecSchema>;

const O = COPY_OPTIONS;
const Bits = v.pipe(Finite, v.minValue(0));

/** Params of a probe. */
export const CopyProbeParamsSchema = v.object({
  /** Models compared: embedded names, local `.onnx` paths or folders, or hub ids. */
  models: v.pipe(v.array(NonEmptyName), v.minLength(1), v.maxLength(O.models)),
  device: DeviceSettingSchema,
  allowLocalFiles: v.boolean(),
  /** The file or selection the tasks come from; absent: synthetic tasks only. */
  text: v.optional(v.pipe(Text, v.maxLength(O.maxTextChars))),
  /** Where the text came from (shown). */
  source: v.optional(Name),
  /** Span lengths in tokens (symbols for synthetic tasks). */
  lengths: v.pipe(
    v.array(v.pipe(Count, v.minValue(O.lengths.min), v.maxValue(O.lengths.max))),
    v.minLength(1),
    v.maxLength(O.lengths.items),
  ),
  /** Tasks per length (and lookup tasks). */
  tasks: v.pipe(Count, v.minValue(O.tasks.min), v.maxValue(O.tasks.max)),
  seed: v.pipe(Count, v.maxValue(O.seed.max)),
  /** Also run lookup tasks from the text's `name: value` pairs. */
  lookup: v.boolean(),
});
/** Params of a probe. */
export type CopyProbeParams = Infer<typeof CopyProbeParamsSchema>;

/** One length's scores for one model. */
export const CopyLengthSchema = v.object({
  length: Count,
  tasks: Count,
  /** Share of tasks whose whole second copy was the model's greedy choice, token by token. */
  stringAccuracy: Share,
  /** Share of second-copy tokens that were the model's greedy choice. */
  tokenAccuracy: Share,
  /** Mean surprisal of the span where it first appears (bits per token). */
  firstBits: Bits,
  /** Mean surprisal of the second copy, the answer (bits per token). */
  secondBits: Bits,
  /** Fixed-state models: the bound min(1, 2^(stateBits − L·log2 D)) on string accuracy. */
  bound: v.optional(Share),
});
/** One length's scores. */
export type CopyLength = Infer<typeof CopyLengthSchema>;

/** Lookup scores: the share of queried values the model produced exactly. */
export const LookupScoreSchema = v.object({
  /** Distinct `name: value` pairs found in the text. */
  pairs: Count,
  tasks: Count,
  stringAccuracy: Share,
  tokenAccuracy: Share,
  /** Mean pairs listed before a query. */
  listed: Finite,
});
/** Lookup scores. */
export type LookupScore = Infer<typeof LookupScoreSchema>;

/** One scored task kept as an example. */
export const CopyExampleSchema = v.object({
  kind: oneOf(['copy', 'lookup']),
  /** Span length (copy), or 0 (lookup). */
  length: Count,
  prompt: Text,
  answer: Text,
  exact: v.boolean(),
  tokens: Count,
  correct: Count,
  /** Index of the first answer token the model did not predict, or -1. */
  firstWrong: v.pipe(Finite, v.minValue(-1)),
  /** UTF-16 range, in prompt + answer, of the token to show dependencies at (first wrong one, else the last). */
  at: v.object({ start: Count, end: Count }),
});
/** One scored task kept as an example. */
export type CopyExample = Infer<typeof CopyExampleSchema>;

/** One model's results. */
export const CopyModelResultSchema = v.object({
  model: v.string(),
  mode: oneOf(COPY_MODES),
  separator: v.string(),
  /** Synthetic tasks: the alphabet strings were drawn from. */
  alphabet: v.optional(v.string()),
  architecture: v.optional(oneOf(COPY_ARCHITECTURES)),
  stateBits: v.optional(Count),
  /** Fixed-state models: the bound is 1 (vacuous) below this length, stateBits / log2 D. */
  vacuousBelow: v.optional(Finite),
  trainLengths: v.optional(v.tuple([Count, Count])),
  lengths: v.pipe(v.array(CopyLengthSchema), v.maxLength(O.lengths.items)),
  lookup: v.optional(LookupScoreSchema),
  examples: v.pipe(v.array(CopyExampleSchema), v.maxLength(O.examples * (O.lengths.items + 1))),
});
/** One model's results. */
export type CopyModelResult = Infer<typeof CopyModelResultSchema>;

/** Result of a probe. */
export const CopyProbeResultSchema = v.object({
  source: v.optional(v.string()),
  seed: Count,
  tasks: Count,
  models: v.pipe(v.array(CopyModelResultSchema), v.maxLength(O.models)),
});
/** Result of a probe. */
export type CopyProbeResult = Infer<typeof CopyProbeResultSchema>;

/** Request: score copy (and lookup) tasks with each model. */
export const copyProbeRequest = requestKind('copying.probe', CopyProbeParamsSchema, CopyProbeResultSchema);
