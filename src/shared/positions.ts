/**
 * @file The positions toolkit's requests and results (position coupling, Predictive Position
 * Coupling, the length-generalization probe): params, result types and schemas side by side, and
 * the closed sets of methods and tasks that the engine, the CLI, the host and the views share.
 */
import { requestKind } from './request';
import { v, Count, Finite, Name, NonEmptyName, RangeSchema, Text, oneOf, type Infer } from './schema';

/**
 * How positions are fed while decoding: 'ppc' the model's own predicted IDs (Predictive Position
 * Coupling), 'oracle' the rule's IDs (position coupling), 'absolute' ordinary positions 0, 1, 2, ….
 */
export const DECODE_MODES = ['ppc', 'oracle', 'absolute'] as const;
/** How positions are fed while decoding. */
export type DecodeMode = (typeof DECODE_MODES)[number];

/** How a positions model was trained to read positions, in the order the CLI and the panel list them. */
export const POSITION_METHODS = ['ppc', 'coupled', 'absolute'] as const;
/** How a positions model was trained to read positions. */
export type PositionMethod = (typeof POSITION_METHODS)[number];

/** The model each decode mode runs: oracle coupling feeds the rule's IDs to the coupled model. */
export const METHOD_OF_MODE: Readonly<Record<DecodeMode, PositionMethod>> = {
  ppc: 'ppc',
  oracle: 'coupled',
  absolute: 'absolute',
};

/** The decode mode each trained method is probed with (the inverse of {@link METHOD_OF_MODE}). */
export const MODE_OF_METHOD: Readonly<Record<PositionMethod, DecodeMode>> = {
  ppc: 'ppc',
  coupled: 'oracle',
  absolute: 'absolute',
};

/** The tasks that have a coupling rule, in the order the CLI and the panel list them. */
export const COUPLING_TASKS = ['addition', 'multiplication', 'copy', 'reverse'] as const;
/** A task that has a coupling rule. */
export type CouplingTask = (typeof COUPLING_TASKS)[number];

/** The tasks the zoo has positions models for (the others get the rule's IDs only). */
export const MODEL_TASKS = ['addition', 'multiplication', 'copy'] as const;
/** A task the zoo has positions models for. */
export type PositionTask = (typeof MODEL_TASKS)[number];

/** What a positions view shows: a problem of a coupling task, or a Turing-program scratchpad. */
export const VIEW_TASKS = [...COUPLING_TASKS, 'scratchpad'] as const;
/** What a positions view shows. */
export type ViewTask = (typeof VIEW_TASKS)[number];

/** Largest problem (tokens) a positions view accepts; attention maps are this many squared per head. */
export const MAX_VIEW_TOKENS = 4096;
/** Largest start of the rule's IDs (`--offset`). */
export const MAX_ID_OFFSET = 1_000_000;

/**
 * An answer as a person reads it: arithmetic answers are written least-significant digit first and
 * zero-padded, so `092750` reads 57290; copy and reverse answers read as written.
 */
export function answerAsNumber(task: string, written: string): string {
  if (task !== 'addition' && task !== 'multiplication') return written;
  return [...written]
    .reverse()
    .join('')
    .replace(/^0+(?=.)/u, '');
}

/** Whether `task` has positions models in the zoo. */
export const isModelTask = (task: string): task is PositionTask => (MODEL_TASKS as readonly string[]).includes(task);

/** One token of a positions view: its coupled rule ID and the ID the model was fed or predicted. */
export const PositionsTokenSchema = v.object({
  text: v.string(),
  /** The coupling rule's ID. */
  ruleId: Count,
  /** The ID fed to the model with this token (ppc: the predicted one for answer tokens). */
  fedId: v.optional(Count),
  /** ppc: the ID the model predicted for this answer token. */
  predictedId: v.optional(Count),
  /** Whether the token belongs to the answer. */
  answer: v.boolean(),
  /** For a scratchpad: the step the token belongs to. */
  step: v.optional(Count),
  /** Where the token was read in the document (UTF-16 offsets), when it was typed there. */
  range: v.optional(
    v.pipe(
      RangeSchema,
      v.check((r) => r.end >= r.start, 'the range ends before it starts'),
    ),
  ),
});
/** One token of a positions view. */
export type PositionsToken = Infer<typeof PositionsTokenSchema>;

type Attentions = readonly (readonly (readonly (readonly number[])[])[])[];
const square = (a: Attentions | undefined, n: number): boolean =>
  a === undefined ||
  a.every((layer) => layer.every((head) => head.length === n && head.every((row) => row.length === n)));

/** Position IDs of a selected problem (or scratchpad), decoded by a positions model where the zoo has one. */
export const PositionsResultSchema = v.pipe(
  v.object({
    source: v.string(),
    /** addition, multiplication, copy, reverse or scratchpad. */
    task: oneOf(VIEW_TASKS),
    problem: v.string(),
    tokens: v.pipe(v.array(PositionsTokenSchema), v.maxLength(MAX_VIEW_TOKENS)),
    /** The model that decoded and how its positions were fed; absent for rule IDs only. */
    model: v.optional(v.string()),
    mode: v.optional(oneOf(DECODE_MODES)),
    /** The model's answer and the rule's, as written (arithmetic: least-significant digit first). */
    answer: v.optional(v.string()),
    expected: v.optional(v.string()),
    correct: v.optional(v.boolean()),
    /** The answer typed after the problem, if any, and whether it equals the rule's. */
    given: v.optional(v.string()),
    givenCorrect: v.optional(v.boolean()),
    /** Answer tokens whose fed ID equals the rule's. */
    idMatches: v.optional(Count),
    trainMaxLength: v.optional(Count),
    maxPosition: v.optional(Count),
    /** Per layer, [head][query][key] attention of the decoded sequence (token indices as `tokens`). */
    attentions: v.optional(v.array(v.array(v.array(v.array(Finite))))),
    /** What the view shows and does not (e.g. rule IDs only for a task without a model). */
    note: v.optional(v.string()),
  }),
  v.check((r) => square(r.attentions, r.tokens.length), 'attentions: every head must be tokens × tokens'),
);
/** Position IDs of a selected problem (or scratchpad). */
export type PositionsResult = Infer<typeof PositionsResultSchema>;

/** Params of a positions request. */
export const PositionsParamsSchema = v.object({
  /** The selected text (or the problem given on the command line). */
  text: Text,
  /** Offset of `text` in its document (UTF-16), added to every token range. */
  offset: Count,
  source: Name,
  /** ppc: the model's own IDs; oracle: the coupled model fed the rule's; absolute: ordinary positions. */
  method: oneOf(DECODE_MODES),
  /** The task, when not guessed from the text. */
  task: v.optional(oneOf(COUPLING_TASKS)),
  /** Start of the rule's IDs (ignored by absolute positions). @default 0 */
  idOffset: v.optional(v.pipe(Count, v.maxValue(MAX_ID_OFFSET))),
  /** Another positions model to decode with (zoo name or folder); default: the task's model of `method`. */
  model: v.optional(NonEmptyName),
  allowLocalFiles: v.boolean(),
});
/** Params of a positions request. */
export type PositionsParams = Infer<typeof PositionsParamsSchema>;

/** Request: position IDs of a selected problem or scratchpad, decoded by the task's positions model. */
export const positionsRequest = requestKind('positions', PositionsParamsSchema, PositionsResultSchema);
