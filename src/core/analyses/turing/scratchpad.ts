/**
 * @file Turing-program scratchpads (Hou et al. 2024): every step is a copy of the previous tape
 * with one local edit. Text format, one configuration per line (steps separated by "\n"):
 * - the cells of the written tape (see machine.ts), left to right, separated by single spaces;
 * - the head cell written as `[state|symbol]`, e.g. `1 [q1|1] _`;
 * - line 1 is the start configuration (head on the first input cell, start state); each next line
 *   follows by one transition; the last line is a halting configuration.
 * A transition rewrites the head cell, marks a neighbour (or keeps the mark), and adds one blank
 * cell when the head moves off an end, so consecutive lines differ in at most three cells.
 */
import { machineCheck, turingOutput, turingRun, type Config, type Halt, type TuringMachine } from './machine';
import { turingLimits, type TuringLimits } from './limits';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** A step read from text, without its absolute origin (see `scratchpadParse`). */
export interface StepText {
  readonly cells: readonly string[];
  readonly head: number;
  readonly state: string;
}

/** A generated scratchpad. */
export interface Scratchpad {
  /** The scratchpad text, one step per line. */
  readonly text: string;
  readonly configs: readonly Config[];
  readonly halt: Halt;
  /** The tape of the last step without blanks at the ends. */
  readonly output: string;
}

const HEAD = /^\[([^\s[\]|]+)\|([^\s[\]|]+)\]$/;
const FORM =
  'a scratchpad line of tape cells separated by spaces, with exactly one head cell written "[state|symbol]", ' +
  'e.g. "1 [q1|1] _"';

/** Writes one configuration as a scratchpad line. */
export function configRender(c: StepText): string {
  return c.cells.map((s, i) => (i === c.head ? `[${c.state}|${s}]` : s)).join(' ');
}

/** Reads one scratchpad line; throws a `bad-input` LensError naming the form (and `where`, e.g. "step 3 (line 4)"). */
export function configParse(line: string, where = 'the line'): StepText {
  const parts = line
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '');
  if (parts.length === 0) throw new LensError('bad-input', `Expected ${FORM}; ${where} is empty.`);
  const cells: string[] = [];
  let head = -1;
  let state = '';
  for (const [i, p] of parts.entries()) {
    const m = HEAD.exec(p);
    if (m !== null) {
      if (head >= 0)
        throw new LensError(
          'bad-input',
          `Expected ${FORM}; ${where} has a second head cell "${quote(p)}" (cell ${i + 1}).`,
        );
      head = i;
      state = m[1] ?? '';
      cells.push(m[2] ?? '');
    } else if (/[[\]|]/.test(p)) {
      throw new LensError(
        'bad-input',
        `Expected ${FORM}; ${where} has a malformed cell "${quote(p)}" (cell ${i + 1}).`,
      );
    } else cells.push(p);
  }
  if (head < 0) throw new LensError('bad-input', `Expected ${FORM}; ${where} has no head cell.`);
  return { cells, head, state };
}

/** The non-empty lines of a scratchpad with their 1-based line numbers. */
export function scratchpadLines(text: string): { readonly line: number; readonly text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== '');
}

/**
 * Infers each step's origin from the shapes alone (no machine needed): a step that is one cell
 * longer with the head on its first cell, after a head on the first cell, grew on the left.
 */
export function originsInfer(steps: readonly StepText[]): Config[] {
  const out: Config[] = [];
  for (const s of steps) {
    const prev = out[out.length - 1];
    const grewLeft = prev !== undefined && s.cells.length === prev.cells.length + 1 && prev.head === 0 && s.head === 0;
    out.push({ ...s, origin: prev === undefined ? 0 : prev.origin - (grewLeft ? 1 : 0) });
  }
  return out;
}

/** Parses a whole scratchpad (any machine); throws a `bad-input` LensError at the first malformed line. */
export function scratchpadParse(text: string): Config[] {
  const lines = scratchpadLines(text);
  return originsInfer(lines.map((l, i) => configParse(l.text, `step ${i} (line ${l.line})`)));
}

/**
 * The scratchpad of `machine` on `input` (see `tapeInput` for how a string input is split); a run
 * that does not halt within `maxSteps`, or passes another limit, is a `too-long` LensError naming it.
 */
export function turingScratchpad(
  machine: TuringMachine,
  input: string | readonly string[],
  limits: Partial<TuringLimits> = {},
): Scratchpad {
  machineCheck(machine);
  const run = turingRun(machine, input, limits);
  if (run.halt === 'limit') {
    const { maxSteps } = turingLimits(limits);
    throw new LensError(
      'too-long',
      `The machine did not halt within ${maxSteps} steps, the limit (--max-steps). Give a shorter input or ` +
        `raise --max-steps.`,
    );
  }
  const last = run.configs[run.configs.length - 1] as Config;
  return {
    text: run.configs.map(configRender).join('\n'),
    configs: run.configs,
    halt: run.halt,
    output: turingOutput(last, machine.blank),
  };
}
