/**
 * @file Validation of a safetensors header, done before any tensor byte is read: the declared
 * header length fits in the file, the JSON parses to an object, every entry has a known dtype,
 * a shape whose size times the dtype's size equals its byte span, and offsets that lie in the
 * data buffer without overlap or gaps, covering it exactly (as the format's spec requires).
 */
import { dtypeKnown, dtypeSize, SAFETENSORS_DTYPES, type SafetensorsDtype } from './dtypes';
import { LensError } from '../../errors';
import { jsonDepth } from '../../parse';
import { quote } from '../../../shared/schema';

/** One tensor's entry in the header. */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Byte offsets [begin, end) relative to the start of the data buffer. */
  readonly begin: number;
  readonly end: number;
}

/** A validated header. */
export interface SafetensorsHeader {
  /** Entries in the order of their offsets. */
  readonly entries: readonly TensorEntry[];
  /** The `__metadata__` map (string to string); empty when absent. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Where the data buffer starts in the file: 8 + header length. */
  readonly dataStart: number;
}

/** Largest header accepted, as in the reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;
/** Most tensors accepted in one file (a 70B model's largest shard holds a few thousand). */
export const MAX_TENSORS = 200_000;
/** Most dimensions accepted in one tensor's shape. */
export const MAX_RANK = 32;
/** Deepest JSON nesting in a header (the format itself needs 3). */
const MAX_HEADER_DEPTH = 16;

function bad(file: string, what: string): LensError {
  return new LensError(
    'bad-model',
    `${file} is not a valid safetensors file: ${what}. Re-export it with safetensors' save_file (or PEFT's ` +
      `save_pretrained).`,
  );
}

/** Reads the declared header length from the first 8 bytes and checks it against the file size. */
export function headerLength(first8: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < 8 || first8.length < 8)
    throw bad(file, `it has ${fileSize} bytes, fewer than the 8-byte header length`);
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(fileSize - 8))
    throw bad(
      file,
      `the header claims ${n} bytes but only ${fileSize - 8} follow the length field (truncated or not safetensors)`,
    );
  if (n > BigInt(MAX_HEADER_BYTES))
    throw bad(file, `the header claims ${n} bytes, more than the ${MAX_HEADER_BYTES} allowed`);
  if (n < 2n) throw bad(file, `the header claims ${n} bytes, too few for a JSON object`);
  return Number(n);
}

function parseJson(bytes: Uint8Array, file: string): Record<string, unknown> {
  let value: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bad(file, 'its header is not valid UTF-8');
  }
  if (jsonDepth(text, MAX_HEADER_DEPTH) > MAX_HEADER_DEPTH)
    throw bad(file, `its header nests deeper than the limit of ${MAX_HEADER_DEPTH} levels`);
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(file, `its header is not valid UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(file, 'its header is not a JSON object');
  return value as Record<string, unknown>;
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(file, '"__metadata__" is not an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw bad(file, `"__metadata__"."${quote(k)}" is not a string`);
    out[k] = v;
  }
  return out;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseEntry(name: string, value: unknown, file: string): TensorEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(file, `tensor "${quote(name)}" is not an object`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !dtypeKnown(dtype)) {
    throw bad(
      file,
      `tensor "${quote(name)}" has dtype ${quote(JSON.stringify(dtype) ?? 'nothing')}, which Model Lens does not ` +
        `read (known: ${SAFETENSORS_DTYPES.join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every(isCount))
    throw bad(
      file,
      `tensor "${quote(name)}" has shape ${quote(shape)}, not a list of at most ${MAX_RANK} non-negative integers`,
    );
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad(file, `tensor "${quote(name)}" has data_offsets ${quote(offsets)}, not two non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw bad(file, `tensor "${quote(name)}" ends (${end}) before it begins (${begin})`);
  const numel = (shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = numel * dtypeSize(dtype);
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    throw bad(
      file,
      `tensor "${quote(name)}" is ${dtype}[${(shape as number[]).join(', ')}] = ${bytes} bytes, but its offsets span ` +
        `${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** Checks that the sorted entries tile [0, dataBytes) exactly. */
function checkLayout(entries: TensorEntry[], dataBytes: number, file: string): void {
  let at = 0;
  let prev = '';
  for (const e of entries) {
    if (e.begin < at)
      throw bad(
        file,
        `tensor "${quote(e.name)}" (bytes ${e.begin}–${e.end}) overlaps tensor "${quote(prev)}" (ending at ${at})`,
      );
    if (e.begin > at)
      throw bad(file, `there is a gap of ${e.begin - at} unused bytes before tensor "${quote(e.name)}"`);
    at = e.end;
    prev = e.name;
  }
  if (at > dataBytes)
    throw bad(
      file,
      `tensor "${quote(prev)}" ends at byte ${at} of the data but the file holds only ${dataBytes} (the file is ` +
        `truncated)`,
    );
  if (at < dataBytes) throw bad(file, `${dataBytes - at} bytes after the last tensor are not described by the header`);
}

/** Parses and validates the header bytes; `fileSize` is the whole file's size in bytes. */
export function headerParse(headerBytes: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const json = parseJson(headerBytes, file);
  const metadata = parseMetadata(json['__metadata__'], file);
  const names = Object.keys(json).filter((name) => name !== '__metadata__');
  if (names.length > MAX_TENSORS)
    throw bad(file, `its header lists ${names.length} tensors, more than the limit of ${MAX_TENSORS}`);
  const entries = names.map((name) => parseEntry(name, json[name], file));
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataStart = 8 + headerBytes.length;
  checkLayout(entries, fileSize - dataStart, file);
  return { entries, metadata, dataStart };
}
