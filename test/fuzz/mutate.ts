/**
 * @file Mutations shared by the generators: byte-level (truncation, bit flips, chunks deleted, doubled or
 * zeroed, floats poisoned with NaN/Inf), JSON-level (a field deleted, given a wrong type, a huge or senseless
 * value; fast-check arbitraries for the values), and bad text (empty, binary, NUL, invalid UTF-8, huge, nested).
 */
import fc from 'fast-check';
import type { Rng } from './rng';

/** Float32 values that should be refused or handled wherever a tensor is read. */
export const BAD_FLOATS = [NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -0] as const;

/** A copy of `buf` cut at a random length (sometimes 0 or a few bytes). */
export function truncate(buf: Uint8Array, rng: Rng): Buffer {
  const n = rng.weighted([
    [1, 0],
    [2, rng.int(Math.min(16, buf.length + 1))],
    [6, rng.int(buf.length + 1)],
  ]);
  return Buffer.from(buf.subarray(0, n));
}

/** A copy of `buf` with `k` random bits flipped (in [lo, hi) when given). */
export function flipBits(buf: Uint8Array, rng: Rng, k: number, lo = 0, hi = buf.length): Buffer {
  const out = Buffer.from(buf);
  if (hi <= lo) return out;
  for (let i = 0; i < k; i++) {
    const at = lo + rng.int(hi - lo);
    out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
  }
  return out;
}

/** A copy of `buf` with float32 values at 4-byte steps from `start` (before `end`) set to bad values. */
export function poisonFloats(buf: Uint8Array, rng: Rng, start: number, end: number): Buffer {
  const out = Buffer.from(buf);
  const slots = Math.floor((end - start) / 4);
  if (slots <= 0) return out;
  const value = rng.pick(BAD_FLOATS);
  const all = rng.chance(0.2);
  const count = all ? slots : rng.range(1, Math.min(8, slots));
  for (let i = 0; i < count; i++) out.writeFloatLE(value, start + 4 * (all ? i : rng.int(slots)));
  return out;
}

/** A copy of `buf` with one generic byte-level change; returns the bytes and what was done. */
export function mutateBytes(buf: Uint8Array, rng: Rng): { bytes: Buffer; what: string } {
  const a = rng.int(buf.length + 1);
  const len = Math.min(buf.length - a, rng.logSize(1, 4096));
  const op = rng.pick(['truncate', 'flip', 'delete', 'double', 'zero', 'append', 'insert'] as const);
  const b = Buffer.from(buf);
  switch (op) {
    case 'truncate':
      return { bytes: truncate(buf, rng), what: 'truncated' };
    case 'flip': {
      const k = rng.range(1, 16);
      return { bytes: flipBits(buf, rng, k), what: `${k} bits flipped` };
    }
    case 'delete':
      return { bytes: Buffer.concat([b.subarray(0, a), b.subarray(a + len)]), what: `${len} bytes deleted at ${a}` };
    case 'double':
      return { bytes: Buffer.concat([b.subarray(0, a + len), b.subarray(a)]), what: `${len} bytes doubled at ${a}` };
    case 'zero':
      b.fill(0, a, a + len);
      return { bytes: b, what: `${len} bytes zeroed at ${a}` };
    case 'append':
      return { bytes: Buffer.concat([b, rng.bytes(rng.logSize(1, 65536))]), what: 'garbage appended' };
    case 'insert':
      return {
        bytes: Buffer.concat([b.subarray(0, a), rng.bytes(len), b.subarray(a)]),
        what: `bytes inserted at ${a}`,
      };
  }
}

type Json = null | boolean | number | string | Deep | Json[] | { [key: string]: Json };
/** A path into a JSON value: object keys and array indices. */
export type JsonPath = readonly (string | number)[];

/** Every path into `value` (the root excluded), at most `limit` of them (arrays are sampled, not walked whole). */
export function jsonPaths(value: unknown, limit = 2000): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (v: unknown, path: JsonPath): void => {
    if (out.length >= limit || typeof v !== 'object' || v === null) return;
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.slice(0, 8).map((x, i): [number, unknown] => [i, x])
      : Object.entries(v);
    for (const [k, x] of entries) {
      out.push([...path, k]);
      walk(x, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

function parentOf(root: unknown, path: JsonPath): Record<string | number, unknown> | undefined {
  let v: unknown = root;
  for (const k of path.slice(0, -1)) v = (v as Record<string | number, unknown>)[k];
  return typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>) : undefined;
}

/** Sets (or with `undefined`, deletes) the value at `path` of `root` in place. */
export function setAt(root: unknown, path: JsonPath, value: unknown): void {
  const parent = parentOf(root, path);
  const key = path[path.length - 1];
  if (parent === undefined || key === undefined) return;
  if (value !== undefined) parent[key] = value;
  else if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else delete parent[key];
}

/** The value at `path` of `root`. */
export function getAt(root: unknown, path: JsonPath): unknown {
  let v: unknown = root;
  for (const k of path)
    v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Values that are wrong, huge or senseless for almost any field. */
export const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31) },
  { weight: 2, arbitrary: fc.constantFrom<Json>('', ' ', '\u0000', 'NaN', '-1', [], {}, [null], { '': null }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 200_000 }).map((d) => nested(d)) },
);

/** An array nested `depth` deep, written out only by {@link stringify} (JSON.stringify would overflow the stack). */
export class Deep {
  /** Nesting depth. */
  constructor(readonly depth: number) {}
  /** A placeholder that {@link stringify} replaces. */
  toJSON(): string {
    return `\u0000deep:${this.depth}\u0000`;
  }
}

/** An array nested `depth` deep. */
export function nested(depth: number): Deep {
  return new Deep(depth);
}

/** JSON.stringify, with every {@link Deep} written as brackets nested that deep. */
export function stringify(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent) ?? 'null';
  return text.replace(/"\\u0000deep:(\d+)\\u0000"/gu, (_, d: string) => `${'['.repeat(+d)}${']'.repeat(+d)}`);
}

/** What a number field can be made into. */
function bumpNumber(n: number, rng: Rng): unknown {
  return rng.pick([-n, n + 1, n - 1, 0, -1, n * 1e6, 1e308, 2 ** 31, 2 ** 53 + 2, n + 0.5, String(n)]);
}

/** Applies one structural mutation to `root` in place (a copy of the value you pass); returns what it did. */
export function mutateJson(root: unknown, rng: Rng, paths = jsonPaths(root)): string {
  if (paths.length === 0) return 'nothing to mutate';
  const path = rng.pick(paths);
  const where = path.join('.');
  const old = getAt(root, path);
  const op = rng.weighted([
    [3, 'replace'],
    [2, 'delete'],
    [typeof old === 'number' ? 4 : 0, 'bump'],
    [Array.isArray(old) ? 1 : 0, 'repeat'],
    [1, 'wrap'],
  ] as const);
  if (op === 'delete') {
    setAt(root, path, undefined);
    return `${where} deleted`;
  }
  if (op === 'bump') {
    const value = bumpNumber(old as number, rng);
    setAt(root, path, value);
    return `${where} = ${JSON.stringify(value)}`;
  }
  if (op === 'repeat') {
    const list = old as unknown[];
    const n = rng.logSize(2, 100_000);
    setAt(
      root,
      path,
      Array.from({ length: n }, (_, i) => list[i % Math.max(1, list.length)] ?? 0),
    );
    return `${where} repeated to ${n} items`;
  }
  if (op === 'wrap') {
    setAt(root, path, rng.chance(0.5) ? [old] : { value: old });
    return `${where} wrapped`;
  }
  const value = rng.draw(edgeValue);
  setAt(root, path, value);
  return `${where} = ${short(value)}`;
}

/** At most 40 characters of a JSON value, for case descriptions. */
export function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
}

/** JSON text of a value, sometimes with a text-level flaw: a number turned into 1e999/NaN, a cut, a BOM. */
export function jsonText(value: unknown, rng: Rng): { text: string; what: string } {
  const text = stringify(value, rng.chance(0.5) ? 1 : undefined);
  const flaw = rng.weighted([
    [10, 'none'],
    [2, 'number'],
    [1, 'cut'],
    [1, 'bom'],
  ] as const);
  if (flaw === 'number') {
    const numbers = [...text.matchAll(/(?<=[:[,]\s*)-?\d+(\.\d+)?([eE][-+]?\d+)?/gu)];
    if (numbers.length === 0) return { text, what: '' };
    const m = rng.pick(numbers);
    const literal = rng.pick(['1e999', '-1e999', 'NaN', 'Infinity', '1e-400', '-0', '00', '1.']);
    const at = m.index ?? 0;
    return { text: text.slice(0, at) + literal + text.slice(at + m[0].length), what: `, a number made ${literal}` };
  }
  if (flaw === 'cut') return { text: text.slice(0, rng.int(text.length)), what: ', cut short' };
  if (flaw === 'bom') return { text: `\ufeff${text}`, what: ', with a BOM' };
  return { text, what: '' };
}

/** A text input that is bad or unusual: returns its bytes and what it is. */
export function badText(rng: Rng, hugeWeight = 1): { bytes: Buffer; what: string } {
  const kind = rng.weighted([
    [1, 'empty'],
    [1, 'spaces'],
    [2, 'binary'],
    [2, 'nul'],
    [3, 'invalid-utf8'],
    [1, 'utf16'],
    [3, 'unicode'],
    [1, 'long-line'],
    [1, 'many-lines'],
    [2, 'nested-json'],
    [1, 'controls'],
    [hugeWeight, 'huge'],
  ] as const);
  const unicode = (max: number): string => rng.draw(fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }));
  switch (kind) {
    case 'empty':
      return { bytes: Buffer.alloc(0), what: 'empty' };
    case 'spaces':
      return { bytes: Buffer.from(' \n\t\r\n'.repeat(rng.range(1, 50))), what: 'whitespace only' };
    case 'binary':
      return { bytes: rng.bytes(rng.logSize(1, 100_000)), what: 'random bytes' };
    case 'nul': {
      const text = unicode(200);
      const at = rng.int(text.length + 1);
      const nul = '\u0000'.repeat(rng.range(1, 64));
      return { bytes: Buffer.from(text.slice(0, at) + nul + text.slice(at)), what: 'text with NUL bytes' };
    }
    case 'invalid-utf8': {
      const seqs = [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80]];
      const parts: Buffer[] = [];
      for (let i = 0; i < rng.range(1, 20); i++) {
        parts.push(Buffer.from(unicode(30)), Buffer.from(rng.pick(seqs)));
      }
      return { bytes: Buffer.concat(parts), what: 'invalid UTF-8' };
    }
    case 'utf16':
      return {
        bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicode(300), 'utf16le')]),
        what: 'UTF-16',
      };
    case 'unicode':
      return { bytes: Buffer.from(unicode(2000)), what: 'random unicode' };
    case 'long-line':
      return { bytes: Buffer.from('ab('.repeat(rng.logSize(1000, 200_000))), what: 'one long line' };
    case 'many-lines':
      return { bytes: Buffer.from('x\n'.repeat(rng.logSize(1000, 200_000))), what: 'many short lines' };
    case 'nested-json': {
      const d = rng.logSize(100, 1_000_000);
      return { bytes: Buffer.from(`${'['.repeat(d)}${']'.repeat(d)}`), what: `JSON nested ${d} deep` };
    }
    case 'controls':
      return { bytes: Buffer.from(Array.from({ length: 300 }, () => rng.int(32))), what: 'control characters' };
    case 'huge': {
      const mb = rng.range(2, 12);
      const line = 'const value = compute(input, 42); // a line of ordinary code\n';
      return { bytes: Buffer.from(line.repeat(Math.ceil((mb * 1e6) / line.length))), what: `${mb} MB of text` };
    }
  }
}
