/**
 * @file Checks a scratchpad typed in a file against a machine: step 0 must be a start
 * configuration and each next step must follow from the previous one by exactly one transition.
 * The first wrong step is reported with what differs and the line it should have been.
 */
import { haltOf, machineCheck, machineStep, type Config, type Halt, type TuringMachine } from './machine';
import { configParse, configRender, scratchpadLines, type StepText } from './scratchpad';
import { overLimit, turingLimits, type TuringLimits } from './limits';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** A scratchpad in which every step follows. */
export interface CheckPass {
  readonly ok: true;
  readonly steps: readonly Config[];
  /** Why the last step halts, or undefined when the machine could still move (an unfinished scratchpad). */
  readonly halt: Halt | undefined;
}

/** The first wrong step. */
export interface CheckFail {
  readonly ok: false;
  /** Step index (0 = the first line that is not empty). */
  readonly step: number;
  /** 1-based line number in the text. */
  readonly line: number;
  readonly message: string;
  /** The line the step should have been, when one follows. */
  readonly expected?: string;
  /** The steps before the wrong one, all correct. */
  readonly steps: readonly Config[];
}

/** The result of `scratchpadCheck`. */
export type CheckResult = CheckPass | CheckFail;

/** Describes the first difference between the expected and the typed step. */
function difference(want: StepText, got: StepText): string | undefined {
  if (got.cells.length !== want.cells.length)
    return `the tape should have ${want.cells.length} cells, not ${got.cells.length}`;
  for (let i = 0; i < want.cells.length; i++) {
    if (got.cells[i] !== want.cells[i])
      return `cell ${i + 1} should be "${quote(want.cells[i] ?? '')}", not "${quote(got.cells[i] ?? '')}"`;
  }
  if (got.head !== want.head) return `the head should be on cell ${want.head + 1}, not ${got.head + 1}`;
  if (got.state !== want.state) return `the state should be ${want.state}, not ${got.state}`;
  return undefined;
}

function checkStart(m: TuringMachine, s: StepText): string | undefined {
  const symbols = new Set(m.alphabet);
  const stray = s.cells.find((c) => !symbols.has(c));
  if (stray !== undefined) return `"${quote(stray)}" is not in the machine's alphabet`;
  if (s.state !== m.start || s.head !== 0)
    return `the first step must have the head on the first cell in the start state ${m.start}`;
  return undefined;
}

/** Why `prev` has no successor, for a step typed after a halt. */
function haltReason(m: TuringMachine, prev: Config): string {
  const halt = haltOf(m, prev);
  const symbol = prev.cells[prev.head] ?? m.blank;
  return halt === 'accept' || halt === 'reject'
    ? `the previous step is in the ${halt === 'accept' ? 'accepting' : 'rejecting'} state ${prev.state}, so ` +
        `nothing follows it`
    : `δ(${prev.state}, ${symbol}) is not defined, so nothing follows the previous step`;
}

/** Refuses a scratchpad longer than the step, tape or cell limits, before its steps are checked. */
function checkSize(lines: readonly { readonly text: string }[], limits: TuringLimits): void {
  if (lines.length > limits.maxSteps + 1)
    throw overLimit('The scratchpad', lines.length - 1, limits.maxSteps, 'maxSteps');
  let cells = 0;
  for (const [i, l] of lines.entries()) {
    const n = l.text.trim().split(/\s+/).length;
    if (n > limits.maxTape) throw overLimit(`Step ${i} of the scratchpad`, n, limits.maxTape, 'maxTape');
    cells += n;
    if (cells > limits.maxCells) throw overLimit('The scratchpad', cells, limits.maxCells, 'maxCells');
  }
}

/**
 * Checks `text` against `m`; never throws for a wrong scratchpad (only for a bad machine, or a
 * scratchpad over the limits: a `too-long` LensError naming the limit).
 */
export function scratchpadCheck(m: TuringMachine, text: string, limits: Partial<TuringLimits> = {}): CheckResult {
  machineCheck(m);
  const lines = scratchpadLines(text);
  checkSize(lines, turingLimits(limits));
  if (lines.length === 0)
    throw new LensError(
      'bad-input',
      'Expected a scratchpad with one configuration per line, e.g. "[q0|1] 0 1"; the text is empty.',
    );
  const steps: Config[] = [];
  for (const [step, l] of lines.entries()) {
    const fail = (message: string, expected?: string): CheckFail => ({
      ok: false,
      step,
      line: l.line,
      message: `Step ${step} (line ${l.line}): ${message}.`,
      steps,
      ...(expected === undefined ? {} : { expected }),
    });
    let got: StepText;
    try {
      got = configParse(l.text, `step ${step} (line ${l.line})`);
    } catch (e) {
      if (e instanceof LensError) return { ok: false, step, line: l.line, message: e.message, steps };
      throw e;
    }
    const prev = steps[steps.length - 1];
    if (prev === undefined) {
      const why = checkStart(m, got);
      if (why !== undefined) return fail(why);
      steps.push({ ...got, origin: 0 });
      continue;
    }
    const want = machineStep(m, prev);
    if (want === undefined) return fail(haltReason(m, prev));
    const why = difference(want, got);
    if (why !== undefined)
      return fail(
        `${why}; δ(${prev.state}, ${prev.cells[prev.head] ?? m.blank}) gives "${quote(configRender(want))}"`,
        configRender(want),
      );
    steps.push(want);
  }
  return { ok: true, steps, halt: haltOf(m, steps[steps.length - 1] as Config) };
}
