/**
 * @file Turing-machine cases: random machines (fast-check) in JSON or table form, some never halting, on
 * short or long inputs; machines with fields of the wrong type (`{"delta":{"q0":{"0":null}}}`); table lines
 * of garbage; bad text; and the addition machine's scratchpad damaged and checked with `--check`.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { badText, jsonPaths, jsonText, mutateJson } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';

interface Machine {
  states: string[];
  alphabet: string[];
  blank: string;
  start: string;
  accept: string[];
  delta: Record<string, Record<string, { next: string; write: string; move: string }>>;
}

/** A random machine: up to 5 states, up to 4 symbols, a random (partial) transition table. */
function randomMachine(rng: Rng): Machine {
  const states = Array.from({ length: rng.range(1, 5) }, (_, i) => `q${i}`);
  const alphabet = ['_', ...['0', '1', 'a', 'é'].slice(0, rng.range(1, 4))];
  const delta: Machine['delta'] = {};
  for (const q of states) {
    for (const s of alphabet) {
      if (rng.chance(0.2)) continue;
      const next = rng.chance(0.1) ? 'qa' : rng.pick(states);
      (delta[q] ??= {})[s] = { next, write: rng.pick(alphabet), move: rng.pick(['L', 'R', 'S']) };
    }
  }
  return { states: [...states, 'qa'], alphabet, blank: '_', start: 'q0', accept: ['qa'], delta };
}

/** A machine that never halts and writes a new cell every step. */
const RUNAWAY = 'start: q0\naccept: qa\nq0 _ -> q0 1 R\nq0 1 -> q0 1 R\nq0 0 -> q0 1 R\n';

function table(m: Machine): string {
  const lines = [`start: ${m.start}`, `accept: ${m.accept.join(' ')}`, `blank: ${m.blank}`];
  for (const [q, row] of Object.entries(m.delta)) {
    for (const [s, t] of Object.entries(row)) lines.push(`${q} ${s} -> ${t.next} ${t.write} ${t.move}`);
  }
  return `${lines.join('\n')}\n`;
}

function input(rng: Rng, symbols: readonly string[]): string {
  const n = rng.weighted([
    [6, rng.range(0, 20)],
    [2, rng.logSize(100, 5000)],
    [1, rng.logSize(5000, 60_000)],
  ]);
  if (rng.chance(0.15)) return rng.draw(fc.string({ unit: 'grapheme', maxLength: 50 })).replaceAll('\u0000', '');
  return Array.from({ length: n }, () => rng.pick(symbols)).join('');
}

/** Damages a scratchpad: a line dropped, doubled or swapped, a character changed, text appended. */
function damage(pad: string, rng: Rng): { text: string; what: string } {
  const lines = pad.split('\n');
  const i = rng.int(lines.length);
  switch (rng.int(5)) {
    case 0:
      lines.splice(i, 1);
      return { text: lines.join('\n'), what: `line ${i + 1} dropped` };
    case 1:
      lines.splice(i, 0, lines[i] ?? '');
      return { text: lines.join('\n'), what: `line ${i + 1} doubled` };
    case 2: {
      const line = lines[i] ?? '';
      const at = rng.int(line.length + 1);
      lines[i] = line.slice(0, at) + rng.pick(['[', ']', '|', '9', ' ', 'x', '\u0000', '🚀']) + line.slice(at + 1);
      return { text: lines.join('\n'), what: `line ${i + 1} changed at ${at}` };
    }
    case 3:
      return { text: pad + pad.repeat(rng.logSize(1, 2000)), what: 'repeated' };
    default:
      return { text: pad.slice(0, rng.int(pad.length + 1)), what: 'cut short' };
  }
}

/** A Turing case. */
export function turingCase(rng: Rng, m: Materials): CaseBody {
  const kind = rng.weighted([
    [4, 'random'],
    [1, 'runaway'],
    [3, 'json-wrong'],
    [1, 'table-garbage'],
    [1, 'text'],
    [3, 'check'],
  ] as const);
  if (kind === 'check') {
    const d = damage(readFileSync(m.scratchpad, 'utf8'), rng);
    const argv = ['turing', '--task', 'addition', '--check', 'pad.txt', '--json'];
    return { what: `check: scratchpad ${d.what}`, files: { 'pad.txt': d.text }, argv };
  }
  const machine = randomMachine(rng);
  const symbols = [...machine.alphabet];
  let file: string | Buffer;
  let what: string;
  if (kind === 'runaway') {
    file = RUNAWAY;
    what = 'a machine that never halts';
  } else if (kind === 'random') {
    const asJson = rng.chance(0.5);
    file = asJson ? JSON.stringify(machine) : table(machine);
    what = `a random machine (${asJson ? 'JSON' : 'table'})`;
  } else if (kind === 'json-wrong') {
    const changes = [mutateJson(machine, rng, jsonPaths(machine)), mutateJson(machine, rng)];
    const t = jsonText(machine, rng);
    file = t.text;
    what = changes.join('; ') + t.what;
  } else if (kind === 'table-garbage') {
    const lines = table(machine).split('\n');
    const at = rng.int(lines.length);
    const junk = rng.draw(fc.string({ unit: 'grapheme', maxLength: 80 }));
    lines.splice(at, rng.int(2), junk);
    file = lines.join('\n');
    what = `table line ${at + 1} = ${JSON.stringify(junk).slice(0, 40)}`;
  } else {
    const t = badText(rng, 0);
    file = t.bytes;
    what = t.what;
  }
  const tape = input(rng, symbols);
  return {
    what: `${what}, input of ${tape.length} characters`,
    files: { 'machine.txt': file },
    argv: ['turing', 'machine.txt', `--input=${tape}`, '--json'],
  };
}
