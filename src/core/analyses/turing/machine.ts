/**
 * @file Turing machines given as a transition table, and a simulator with a step limit.
 * A configuration holds the written part of the tape: every cell the input covers or the head has
 * visited (at least one cell). Moving off either end adds one blank cell there; `origin` is the
 * absolute index of the first cell (the input starts at 0), so a cell keeps its identity when the
 * tape grows on the left. The machine halts in an accepting or rejecting state, or when δ has no
 * entry for (state, symbol) ("stuck").
 */
import { overLimit, turingLimits, type TuringLimits } from './limits';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';
import { MOVES, type Halt, type Move, type Transition, type TuringMachine } from '../../../shared/turing';

/** The machine types are declared with their schema in `src/shared/turing.ts`. */
export type { Halt, Move, Transition, TuringMachine };

/** One configuration: the written tape, the head (an index into `cells`) and the state. */
export interface Config {
  readonly cells: readonly string[];
  readonly head: number;
  readonly state: string;
  /** Absolute tape index of `cells[0]`; the input starts at 0, cells added on the left are negative. */
  readonly origin: number;
}

/** A run: every configuration from the start one, and why it stopped. */
export interface Run {
  readonly configs: readonly Config[];
  readonly halt: Halt;
}

const NAME = /^[^\s[\]|]+$/;
const bad = (detail: string): LensError =>
  new LensError(
    'bad-input',
    `Expected a Turing machine table (states, alphabet with the blank, start and accept states, δ(state, symbol) ` +
      `→ (state, write, L|R|S)); ${detail}.`,
  );

function checkNames(kind: string, names: readonly string[]): void {
  for (const n of names)
    if (!NAME.test(n)) throw bad(`${kind} "${quote(n)}" is empty or contains whitespace, "[", "]" or "|"`);
}

/** Throws a `bad-input` LensError when the table is inconsistent. */
export function machineCheck(m: TuringMachine): void {
  checkNames('state', m.states);
  checkNames('symbol', m.alphabet);
  const states = new Set(m.states);
  const symbols = new Set(m.alphabet);
  if (!symbols.has(m.blank)) throw bad(`the blank "${quote(m.blank)}" is not in the alphabet`);
  for (const q of [m.start, ...m.accept, ...(m.reject ?? [])])
    if (!states.has(q)) throw bad(`state "${quote(q)}" is not among the states`);
  for (const [q, row] of Object.entries(m.delta)) {
    if (!states.has(q)) throw bad(`δ has a row for unknown state "${quote(q)}"`);
    for (const [s, t] of Object.entries(row)) {
      const at = `δ(${quote(q)}, ${quote(s)})`;
      if (!symbols.has(s)) throw bad(`${at} reads "${quote(s)}", which is not in the alphabet`);
      if (!states.has(t.next)) throw bad(`${at} goes to unknown state "${quote(t.next)}"`);
      if (!symbols.has(t.write)) throw bad(`${at} writes "${quote(t.write)}", which is not in the alphabet`);
      if (!(MOVES as readonly string[]).includes(t.move))
        throw bad(`${at} moves "${quote(String(t.move))}", not L, R or S`);
    }
  }
}

/** δ(state, symbol), or undefined when the table has no entry. */
export function transitionOf(m: TuringMachine, state: string, symbol: string): Transition | undefined {
  const row = Object.hasOwn(m.delta, state) ? m.delta[state] : undefined;
  return row !== undefined && Object.hasOwn(row, symbol) ? row[symbol] : undefined;
}

/**
 * Whether `text` has more than `limit` symbols (characters or whitespace-separated words, as
 * `tapeInput` splits it); stops counting past the limit, so a huge input costs no allocation.
 */
function symbolsOver(text: string, chars: boolean, limit: number): boolean {
  if (text.length <= limit) return false;
  let n = 0;
  let inWord = false;
  for (const ch of text) {
    const space = /\s/.test(ch);
    if (!space && (chars || !inWord)) n++;
    inWord = !space;
    if (n > limit) return true;
  }
  return false;
}

/**
 * Splits an input into tape symbols. A string is split into characters (whitespace dropped) when
 * every symbol of the alphabet is one character, and on whitespace otherwise. More than `maxInput`
 * symbols are refused before the input is split.
 */
export function tapeInput(
  m: TuringMachine,
  input: string | readonly string[],
  maxInput = turingLimits().maxInput,
): string[] {
  const chars = m.alphabet.every((s) => s.length === 1);
  if (typeof input === 'string' ? symbolsOver(input, chars, maxInput) : input.length > maxInput)
    throw overLimit('The input', typeof input === 'string' ? undefined : input.length, maxInput, 'maxInput');
  const text = typeof input === 'string' ? input.trim() : '';
  const symbols =
    typeof input !== 'string'
      ? [...input]
      : chars
        ? [...text.replace(/\s+/g, '')]
        : text === ''
          ? []
          : text.split(/\s+/);
  const alphabet = new Set(m.alphabet);
  for (const [i, s] of symbols.entries()) {
    if (!alphabet.has(s))
      throw new LensError(
        'bad-input',
        `Input symbol ${i + 1} "${quote(s)}" is not in the machine's alphabet (${quote(m.alphabet.join(' '))}).`,
      );
  }
  return symbols;
}

/** The start configuration: the input from absolute cell 0, the head on it, in the start state. */
export function machineInitial(m: TuringMachine, input: string | readonly string[], maxInput?: number): Config {
  const cells = tapeInput(m, input, maxInput);
  return { cells: cells.length === 0 ? [m.blank] : cells, head: 0, state: m.start, origin: 0 };
}

/** Why the machine halts in `c`, or undefined when it can still move. */
export function haltOf(m: TuringMachine, c: Config): Halt | undefined {
  if (m.accept.includes(c.state)) return 'accept';
  if (m.reject?.includes(c.state) === true) return 'reject';
  return transitionOf(m, c.state, c.cells[c.head] ?? m.blank) === undefined ? 'stuck' : undefined;
}

/** One transition from `c`; undefined when the machine has halted. */
export function machineStep(m: TuringMachine, c: Config): Config | undefined {
  if (haltOf(m, c) !== undefined) return undefined;
  const t = transitionOf(m, c.state, c.cells[c.head] ?? m.blank);
  if (t === undefined) return undefined;
  const cells = [...c.cells];
  cells[c.head] = t.write;
  let { head, origin } = c;
  if (t.move === 'L') head--;
  if (t.move === 'R') head++;
  if (head < 0) {
    cells.unshift(m.blank);
    head = 0;
    origin--;
  }
  if (head >= cells.length) cells.push(m.blank);
  return { cells, head, state: t.next, origin };
}

/**
 * Runs from the start configuration until the machine halts or `maxSteps` transitions were made
 * (halt `limit`). A tape longer than `maxTape` cells, or more than `maxCells` cells over all steps,
 * is refused with a `too-long` LensError naming the limit, so memory stays bounded.
 */
export function turingRun(
  m: TuringMachine,
  input: string | readonly string[],
  limits: Partial<TuringLimits> = {},
): Run {
  const { maxSteps, maxTape, maxInput, maxCells } = turingLimits(limits);
  machineCheck(m);
  const configs: Config[] = [machineInitial(m, input, maxInput)];
  let cells = (configs[0] as Config).cells.length;
  for (let n = 0; ; n++) {
    const last = configs[configs.length - 1] as Config;
    if (last.cells.length > maxTape) throw overLimit(`The tape at step ${n}`, last.cells.length, maxTape, 'maxTape');
    if (cells > maxCells) throw overLimit(`The scratchpad by step ${n}`, cells, maxCells, 'maxCells');
    const halt = haltOf(m, last);
    if (halt !== undefined) return { configs, halt };
    if (n >= maxSteps) return { configs, halt: 'limit' };
    const next = machineStep(m, last);
    if (next === undefined) return { configs, halt: 'stuck' };
    configs.push(next);
    cells += next.cells.length;
  }
}

/** The tape's content without the blanks at either end, symbols joined (the machine's output). */
export function turingOutput(c: Config, blank: string): string {
  let a = 0;
  let b = c.cells.length;
  while (a < b && c.cells[a] === blank) a++;
  while (b > a && c.cells[b - 1] === blank) b--;
  return c.cells.slice(a, b).join('');
}
