/**
 * @file ONNX cases: lens-lm's graphs with their protobuf structure corrupted (a length field made huge or
 * wrong, a varint such as a dimension or a data type changed), weights poisoned with NaN/Inf, truncations and
 * bit flips; each run through `surprisal` or `dependencies --method attention` as a local model folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flipBits, mutateBytes, poisonFloats, truncate } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';

/** A length-delimited field: where its tag and length varint are, and its payload [start, end). */
interface LenField {
  readonly lenAt: number;
  readonly lenBytes: number;
  readonly start: number;
  readonly end: number;
}

/** Where every field of a protobuf message lies (length-delimited fields parsed as messages when they parse). */
interface ProtoMap {
  readonly lens: LenField[];
  /** Varint values: position and width. */
  readonly varints: { readonly at: number; readonly bytes: number }[];
}

function varint(buf: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 10 && pos + i < buf.length; i++) {
    const b = buf[pos + i] ?? 0;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return undefined;
}

function walk(buf: Uint8Array, start: number, end: number, depth: number, map: ProtoMap): boolean {
  const lens: LenField[] = [];
  const varints: ProtoMap['varints'] = [];
  let pos = start;
  while (pos < end) {
    const tag = varint(buf, pos);
    if (tag === undefined || tag.value < 8) return false;
    pos = tag.next;
    const wire = tag.value % 8;
    if (wire === 0) {
      const v = varint(buf, pos);
      if (v === undefined) return false;
      varints.push({ at: pos, bytes: v.next - pos });
      pos = v.next;
    } else if (wire === 1 || wire === 5) pos += wire === 1 ? 8 : 4;
    else if (wire === 2) {
      const len = varint(buf, pos);
      if (len === undefined || len.next + len.value > end) return false;
      lens.push({ lenAt: pos, lenBytes: len.next - pos, start: len.next, end: len.next + len.value });
      pos = len.next + len.value;
    } else return false;
  }
  if (pos !== end) return false;
  map.lens.push(...lens);
  map.varints.push(...varints);
  if (depth < 6) for (const f of lens) if (f.end - f.start >= 2) walk(buf, f.start, f.end, depth + 1, map);
  return true;
}

const maps = new Map<string, { bytes: Buffer; map: ProtoMap }>();

/** The bytes of an ONNX file and where its fields lie (cached per file). */
function source(path: string): { bytes: Buffer; map: ProtoMap } {
  let s = maps.get(path);
  if (s === undefined) {
    const bytes = readFileSync(path);
    const map: ProtoMap = { lens: [], varints: [] };
    walk(bytes, 0, bytes.length, 0, map);
    s = { bytes, map };
    maps.set(path, s);
  }
  return s;
}

/** The varint encoding of a non-negative integer (up to 2^64). */
function encodeVarint(n: bigint): Buffer {
  const out: number[] = [];
  let v = n;
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return Buffer.from(out);
}

function splice(buf: Buffer, at: number, remove: number, insert: Buffer): Buffer {
  return Buffer.concat([buf.subarray(0, at), insert, buf.subarray(at + remove)]);
}

const HUGE = [2n ** 31n - 1n, 2n ** 32n + 5n, 2n ** 62n, 2n ** 64n - 1n];

/** One mutation of an ONNX file's bytes. */
export function mutateOnnx(path: string, rng: Rng): { bytes: Buffer; what: string } {
  const { bytes, map } = source(path);
  const op = rng.weighted([
    [3, 'length'],
    [2, 'varint'],
    [2, 'poison'],
    [2, 'flip-head'],
    [1, 'truncate'],
    [2, 'bytes'],
    [1, 'not-onnx'],
  ] as const);
  if (op === 'length' && map.lens.length > 0) {
    const f = rng.pick(map.lens);
    const len = BigInt(f.end - f.start);
    const value = rng.pick([0n, len - 1n > 0n ? len - 1n : 0n, len + 1n, len * 2n + 7n, ...HUGE]);
    return { bytes: splice(bytes, f.lenAt, f.lenBytes, encodeVarint(value)), what: `length at ${f.lenAt} = ${value}` };
  }
  if (op === 'varint' && map.varints.length > 0) {
    const f = rng.pick(map.varints);
    const value = rng.pick([0n, 1n, 7n, 17n, 2n ** 31n, 2n ** 63n, 2n ** 64n - 1n]);
    return { bytes: splice(bytes, f.at, f.bytes, encodeVarint(value)), what: `varint at ${f.at} = ${value}` };
  }
  if (op === 'poison') {
    const big = map.lens.filter((f) => f.end - f.start >= 1024);
    const f = big.length > 0 ? rng.pick(big) : { start: 0, end: bytes.length };
    return { bytes: poisonFloats(bytes, rng, f.start, f.end), what: `floats poisoned in [${f.start}, ${f.end})` };
  }
  if (op === 'flip-head') {
    const k = rng.range(1, 8);
    return { bytes: flipBits(bytes, rng, k, 0, Math.min(bytes.length, 4096)), what: `${k} bits flipped in the head` };
  }
  if (op === 'truncate') return { bytes: truncate(bytes, rng), what: 'truncated' };
  if (op === 'not-onnx') return { bytes: rng.bytes(rng.logSize(1, 4096)), what: 'random bytes' };
  return mutateBytes(bytes, rng);
}

/** An ONNX case. */
export function onnxCase(rng: Rng, m: Materials): CaseBody {
  const lens = join(m.root, 'media', 'models', 'lens-lm');
  const graph = join(lens, rng.chance(0.7) ? 'onnx/model.onnx' : 'lens-lm.analysis.onnx');
  const { bytes, what } = mutateOnnx(graph, rng);
  const command = rng.chance(0.6)
    ? ['surprisal', 't.txt', '--model', './m', '--device', 'cpu', '--json']
    : ['dependencies', 't.txt', '--model', './m', '--device', 'cpu', '--method', 'attention', '--json'];
  return {
    what: `${graph.endsWith('analysis.onnx') ? 'analysis' : 'lm'} graph, ${what}`,
    files: {
      'm/model.onnx': bytes,
      'm/tokenizer.json': { copy: join(lens, 'tokenizer.json') },
      'm/config.json': { copy: join(lens, 'config.json') },
      't.txt': 'export function add(a: number, b: number) {\n  return a + b;\n}\n',
    },
    argv: command,
  };
}
