/**
 * @file The turing toolkit's requests and results (Turing-program scratchpads: one configuration
 * per line, generated for a machine or checked step by step), and the schema of a machine file
 * written as JSON, so a wrong field is named.
 */
import { requestKind } from './request';
import { v, Count, Int, oneOf, type Infer } from './schema';

/** Head moves: left, right, stay. */
export const MOVES = ['L', 'R', 'S'] as const;
/** A head move. */
export type Move = (typeof MOVES)[number];

/** Why a run stopped: an accepting or rejecting state, no transition ("stuck"), or the step limit. */
export const HALTS = ['accept', 'reject', 'stuck', 'limit'] as const;
/** Why a run stopped. */
export type Halt = (typeof HALTS)[number];

/** The machines Model Lens has built in (`--task`). */
export const TURING_TASKS = ['addition'] as const;
/** A built-in machine. */
export type TuringTask = (typeof TURING_TASKS)[number];

/** Largest machine file or scratchpad (characters) a request carries. */
export const MAX_TURING_TEXT = 16 * 1024 * 1024;

/** δ(state, symbol) = (next state, symbol written, head move). */
export const TransitionSchema = v.object({ next: v.string(), write: v.string(), move: oneOf(MOVES) });
/** δ(state, symbol). */
export type Transition = Infer<typeof TransitionSchema>;

/**
 * A deterministic one-tape Turing machine, as a JSON machine file writes it. Names may not contain
 * whitespace, `[`, `]` or `|`.
 */
export const TuringMachineSchema = v.object({
  name: v.optional(v.string()),
  states: v.array(v.string()),
  /** Tape symbols, the blank included. */
  alphabet: v.array(v.string()),
  blank: v.string(),
  start: v.string(),
  accept: v.array(v.string()),
  reject: v.optional(v.array(v.string())),
  /** delta[state][symbol]; a missing entry halts the machine. */
  delta: v.record(v.string(), v.record(v.string(), TransitionSchema)),
});
/** A deterministic one-tape Turing machine. */
export type TuringMachine = Infer<typeof TuringMachineSchema>;

/** One configuration: the written tape, the head (an index into `cells`) and the state. */
export const ConfigSchema = v.object({
  cells: v.array(v.string()),
  head: Count,
  state: v.string(),
  /** Absolute tape index of `cells[0]`; the input starts at 0, cells added on the left are negative. */
  origin: Int,
});
/** One configuration. */
export type Config = Infer<typeof ConfigSchema>;

const Limit = v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1)));
/** Optional limits of a run (defaults in `src/core/analyses/turing/limits.ts`; CLI flags `--max-steps` …). */
export const TuringLimitsSchema = v.object({ maxSteps: Limit, maxTape: Limit, maxInput: Limit, maxCells: Limit });

/** Which machine: a built-in one (`task`) or the text of a machine file (JSON or a table). */
export const MachineChoiceSchema = v.object({
  task: v.optional(oneOf(TURING_TASKS)),
  /** The machine file's text, when no task is given. */
  machine: v.optional(v.pipe(v.string(), v.maxLength(MAX_TURING_TEXT))),
  ...TuringLimitsSchema.entries,
});

/** Params of a scratchpad request. */
export const ScratchpadParamsSchema = v.object({
  ...MachineChoiceSchema.entries,
  /** The input: the tape (one symbol per character), or for addition "57+68". */
  input: v.pipe(v.string(), v.maxLength(MAX_TURING_TEXT)),
});

/** A generated scratchpad with the coupled ID of every token. */
export const ScratchpadResultSchema = v.object({
  /** The scratchpad text, one step per line. */
  text: v.string(),
  halt: oneOf(HALTS),
  /** The tape of the last step without blanks at the ends. */
  output: v.string(),
  /** The coupled ID of every token (one per cell, the step separators included). */
  ids: v.array(Count),
});
/** A generated scratchpad. */
export type ScratchpadResult = Infer<typeof ScratchpadResultSchema>;

/** Params of a scratchpad check. */
export const CheckParamsSchema = v.object({
  ...MachineChoiceSchema.entries,
  /** The scratchpad to check, one configuration per line. */
  scratchpad: v.pipe(v.string(), v.maxLength(MAX_TURING_TEXT)),
});

/** A scratchpad in which every step follows. */
export const CheckPassSchema = v.object({
  ok: v.literal(true),
  steps: v.array(ConfigSchema),
  /** Why the last step halts; absent when the machine could still move (an unfinished scratchpad). */
  halt: v.optional(oneOf(HALTS)),
});

/** The first wrong step of a scratchpad. */
export const CheckFailSchema = v.object({
  ok: v.literal(false),
  /** Step index (0 = the first line that is not empty). */
  step: Count,
  /** 1-based line number in the text. */
  line: Count,
  message: v.string(),
  /** The line the step should have been, when one follows. */
  expected: v.optional(v.string()),
  /** The steps before the wrong one, all correct. */
  steps: v.array(ConfigSchema),
});

/** The result of checking a scratchpad. */
export const CheckResultSchema = v.variant('ok', [CheckPassSchema, CheckFailSchema]);
/** The result of checking a scratchpad. */
export type CheckResult = Infer<typeof CheckResultSchema>;

/** Request: the scratchpad of a machine on an input. */
export const scratchpadRequest = requestKind('turingScratchpad', ScratchpadParamsSchema, ScratchpadResultSchema);

/** Request: check a scratchpad step by step against a machine. */
export const scratchpadCheckRequest = requestKind('turingCheck', CheckParamsSchema, CheckResultSchema);

/** The arithmetic tasks of the Turing-program models. */
export const PROGRAM_TASKS = ['addition', 'multiplication'] as const;
/** Longest problem (characters) a Turing-program model is run on. */
export const MAX_PROGRAM_INPUT = 1024;
/** The zoo's Turing-program model the editor and the CLI run by default. */
export const DEFAULT_PROGRAM_MODEL = 'turing-addition';

/** The zoo name of a task's Turing-program model, with or without its scratchpad. */
export function programModelName(task: string, scratchpad: boolean): string {
  return `turing-${task}${scratchpad ? '' : '-direct'}`;
}

/** Params of running a Turing-program model on one problem. */
export const ProgramRunParamsSchema = v.object({
  /** The problem as typed: `57+68`, `123*4` (an optional `=`). */
  input: v.pipe(v.string(), v.maxLength(MAX_PROGRAM_INPUT)),
  /** Zoo name, or a folder with model.onnx and config.json (when local files are allowed). */
  model: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
  /** The task the problem must be; absent: the model's. */
  task: v.optional(oneOf(PROGRAM_TASKS)),
  allowLocalFiles: v.boolean(),
});
/** Params of running a Turing-program model. */
export type ProgramRunParams = Infer<typeof ProgramRunParamsSchema>;

/** How a written line compares with the simulator's successor of the line before it. */
export const LINE_STATUSES = ['right', 'wrong', 'unchecked'] as const;

/** One line the model wrote, checked by the simulator. */
export const ProgramRunLineSchema = v.object({
  /** 0-based (line 0 is the problem). */
  index: Count,
  /** Cells separated by spaces. */
  text: v.string(),
  status: oneOf(LINE_STATUSES),
  /** The successor of the line before it, when this one is wrong. */
  expected: v.optional(v.string()),
});

/** A Turing-program model's scratchpad on one problem (also sent partially, line by line). */
export const ProgramRunResultSchema = v.object({
  model: v.string(),
  task: oneOf(PROGRAM_TASKS),
  /** False for the baseline that writes the answer right after the problem. */
  scratchpad: v.boolean(),
  trainMaxLength: Count,
  /** The problem as line 0 writes it, e.g. `57+68` (operands padded). */
  problem: v.string(),
  /** Digits of the (padded) first operand. */
  digits: Count,
  /** The true lines the model should write, line 0 first (the baseline's: line 0 and the answer). */
  truth: v.array(v.string()),
  /** The lines written so far after line 0. */
  lines: v.array(ProgramRunLineSchema),
  /** True once the model wrote `<eos>` (false while writing, or when it ran past its token budget). */
  finished: v.boolean(),
  /** Why decoding ended (final result only): `<eos>`, the token budget, or a line past the program's longest. */
  ended: v.optional(v.picklist(['eos', 'budget', 'runaway'])),
  /** False in the partial results sent while the model writes; true in the final result. */
  done: v.boolean(),
  /** Set by the editor on the last partial result of a run that was cancelled or failed. */
  stopped: v.optional(v.boolean()),
  /** The first wrong line (0-based), absent while every line is right. */
  firstWrongStep: v.optional(Count),
  /** The line the first wrong one should have been. */
  expected: v.optional(v.string()),
  /** The model's answer (its last line, digits only) once finished. */
  answer: v.optional(v.string()),
  expectedAnswer: v.string(),
  /** The answer equals the expected one. */
  correct: v.boolean(),
});
/** A Turing-program model's scratchpad on one problem. */
export type ProgramRunResult = Infer<typeof ProgramRunResultSchema>;

/** Request: run a Turing-program model greedily on one problem, line by line (partial results as lines arrive). */
export const programRunRequest = requestKind('turingProgramRun', ProgramRunParamsSchema, ProgramRunResultSchema);
