/**
 * @file Reads a Turing machine typed in a file. Two forms:
 * - JSON: a `TuringMachine` object (`states`, `alphabet`, `blank`, `start`, `accept`, optional
 *   `reject`, `delta` as {state: {symbol: {next, write, move}}});
 * - a text table, one entry per line, `#` starting a comment:
 *   ```
 *   start: q0
 *   accept: qa          (one or more states, separated by spaces or commas)
 *   reject: qr          (optional)
 *   blank: _            (optional, default _)
 *   alphabet: 0 1       (optional; symbols used in rules are added)
 *   q0 1 -> q0 1 R      (state symbol -> next write move)
 *   ```
 *   States are the start, accept and reject states and every state a rule names.
 */
import { machineCheck, type Move, type Transition, type TuringMachine } from './machine';
import { LensError } from '../../errors';
import { check, quote } from '../../../shared/schema';
import { TuringMachineSchema } from '../../../shared/turing';

const FORM =
  'a Turing machine as JSON or as a table of lines "start: q0", "accept: qa", "blank: _" and rules "q0 1 -> q1 0 R"';
const bad = (line: number, detail: string): LensError =>
  new LensError('bad-input', `Expected ${FORM}; line ${line}: ${detail}.`);

interface Draft {
  start?: string;
  accept: string[];
  reject: string[];
  blank: string;
  alphabet: Set<string>;
  states: Set<string>;
  delta: Record<string, Record<string, Transition>>;
}

function header(d: Draft, key: string, values: string[], line: number): void {
  if (values.length === 0) throw bad(line, `"${key}:" has no value`);
  if (key === 'start' || key === 'blank') {
    if (values.length !== 1) throw bad(line, `"${key}:" takes one value`);
    if (key === 'start') d.start = values[0] as string;
    else d.blank = values[0] as string;
  } else if (key === 'accept') d.accept.push(...values);
  else if (key === 'reject') d.reject.push(...values);
  else if (key === 'alphabet') for (const v of values) d.alphabet.add(v);
  else if (key !== 'name') throw bad(line, `unknown heading "${key}:"`);
}

function rule(d: Draft, parts: string[], line: number): void {
  if (parts.length !== 6 || parts[2] !== '->')
    throw bad(line, `expected "state symbol -> next write move", got "${quote(parts.join(' '))}"`);
  const [q = '', s = '', , next = '', write = '', move = ''] = parts;
  if (move !== 'L' && move !== 'R' && move !== 'S') throw bad(line, `the move "${quote(move)}" is not L, R or S`);
  const row = (d.delta[q] ??= {});
  if (Object.hasOwn(row, s)) throw bad(line, `δ(${q}, ${s}) is given twice`);
  row[s] = { next, write, move: move as Move };
  for (const x of [q, next]) d.states.add(x);
  for (const x of [s, write]) d.alphabet.add(x);
}

function parseTable(text: string): TuringMachine {
  const d: Draft = { accept: [], reject: [], blank: '_', alphabet: new Set(), states: new Set(), delta: {} };
  let name: string | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') continue;
    const head = /^(\w+)\s*:\s*(.*)$/.exec(content);
    if (head !== null) {
      const values = (head[2] ?? '').split(/[\s,]+/).filter((v) => v !== '');
      if (head[1] === 'name') name = (head[2] ?? '').trim();
      header(d, head[1] ?? '', values, i + 1);
    } else rule(d, content.split(/\s+/), i + 1);
  }
  if (d.start === undefined) throw new LensError('bad-input', `Expected ${FORM}; the "start:" line is missing.`);
  if (d.accept.length === 0) throw new LensError('bad-input', `Expected ${FORM}; the "accept:" line is missing.`);
  const states = [...new Set([d.start, ...d.accept, ...d.reject, ...d.states])];
  const alphabet = [...new Set([d.blank, ...d.alphabet])];
  const base = { states, alphabet, blank: d.blank, start: d.start, accept: d.accept, delta: d.delta };
  const m: TuringMachine = {
    ...base,
    ...(d.reject.length > 0 ? { reject: d.reject } : {}),
    ...(name === undefined ? {} : { name }),
  };
  machineCheck(m);
  return m;
}

function fromJson(text: string): TuringMachine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new LensError(
      'bad-input',
      `Expected ${FORM}; the JSON does not parse: ${e instanceof Error ? e.message : String(e)}.`,
    );
  }
  const checked = check(TuringMachineSchema, value);
  if (!checked.ok) {
    const needs = 'string arrays "states", "alphabet", "accept", strings "blank", "start" and an object "delta"';
    throw new LensError('bad-input', `Expected ${FORM}; the JSON object needs ${needs}; ${checked.message}.`);
  }
  machineCheck(checked.value);
  return checked.value;
}

/** Parses a machine typed as JSON or as a text table; throws a `bad-input` LensError naming the form. */
export function machineParse(text: string): TuringMachine {
  return text.trimStart().startsWith('{') ? fromJson(text) : parseTable(text);
}
