/**
 * @file JSONL task-data cases: lines that are null, arrays, numbers, objects with missing, extra or
 * wrong-typed fields, long prompts and answers, invalid UTF-8, blank and CRLF lines, or a whole bad text;
 * run through `lora eval`, `lora` (compose) and `lora merge --method cat --dev` (CAT learning).
 */
import fc from 'fast-check';
import { badText, edgeValue, nested, stringify } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';

const text = (rng: Rng, max: number): string => rng.draw(fc.string({ unit: 'grapheme', maxLength: max }));

/** One line of task data, good or bad. */
function line(rng: Rng): { line: string | Buffer; what?: string } {
  const kind = rng.weighted([
    [10, 'good'],
    [2, 'wrong-field'],
    [1, 'missing'],
    [1, 'not-object'],
    [1, 'long'],
    [1, 'invalid-utf8'],
    [1, 'nested'],
  ] as const);
  const good = {
    prompt: rng.pick(['7+5=', 'three plus four>', text(rng, 30)]),
    answer: rng.pick(['12', text(rng, 8)]),
  };
  switch (kind) {
    case 'good':
      return { line: JSON.stringify(good) };
    case 'wrong-field': {
      const key = rng.pick(['prompt', 'answer']);
      const value = rng.draw(edgeValue);
      return { line: stringify({ ...good, [key]: value }), what: `${key} of type ${typeof value}` };
    }
    case 'missing':
      return {
        line: JSON.stringify(rng.chance(0.5) ? { prompt: good.prompt } : { answer: good.answer }),
        what: 'missing',
      };
    case 'not-object': {
      const v = rng.pick(['null', '[]', '42', '"x"', 'true', '{', '{"prompt": "a", "answer": "b"', '1e999']);
      return { line: v, what: v };
    }
    case 'long': {
      const n = rng.logSize(500, 100_000);
      const key = rng.pick(['prompt', 'answer']);
      return { line: JSON.stringify({ ...good, [key]: '1+'.repeat(n / 2) }), what: `a ${n}-character ${key}` };
    }
    case 'invalid-utf8':
      return {
        line: Buffer.concat([
          Buffer.from('{"prompt": "a'),
          Buffer.from([0xc0, 0xff]),
          Buffer.from('", "answer": "1"}'),
        ]),
      };
    case 'nested':
      return { line: stringify({ ...good, extra: nested(rng.logSize(10, 200_000)) }), what: 'a nested extra field' };
  }
}

/** A task-data file of random lines. */
function taskFile(rng: Rng): { bytes: Buffer; what: string } {
  const n = rng.weighted([
    [6, rng.range(1, 6)],
    [1, rng.logSize(50, 5000)],
  ]);
  const parts: Buffer[] = [];
  const notes: string[] = [];
  const eol = rng.chance(0.2) ? '\r\n' : '\n';
  for (let i = 0; i < n; i++) {
    const l = line(rng);
    if (l.what !== undefined && notes.length < 3) notes.push(`line ${i + 1}: ${l.what}`);
    parts.push(Buffer.from(l.line), Buffer.from(rng.chance(0.05) ? `${eol}${eol}` : eol));
  }
  return { bytes: Buffer.concat(parts), what: `${n} lines${notes.length > 0 ? ` (${notes.join(', ')})` : ''}` };
}

/** A JSONL case. */
export function jsonlCase(rng: Rng, _m: Materials): CaseBody {
  const data = rng.chance(0.9) ? taskFile(rng) : badText(rng, 0);
  const command = rng.weighted([
    [6, 'eval'],
    [2, 'compose'],
    [1, 'cat'],
  ] as const);
  const adapters = ['--adapters', 'lora-arith,lora-words'];
  const argv =
    command === 'eval'
      ? ['lora', 'eval', ...adapters, '--data', 'd.jsonl', '--method', 'base,each,linear', '--device', 'cpu', '--json']
      : command === 'compose'
        ? ['lora', ...adapters, '--data', 'd.jsonl', '--methods', 'linear,ties', '--device', 'cpu', '--json']
        : ['lora', 'merge', ...adapters, '--method', 'cat', '--dev', 'd.jsonl', '--out', 'out', '--json'];
  return {
    what: `${command}: ${data.what}`,
    files: { 'd.jsonl': data.bytes },
    argv,
    ...(command === 'cat' ? { outputs: ['out'] } : {}),
  };
}
