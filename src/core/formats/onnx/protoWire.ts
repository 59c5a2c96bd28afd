/**
 * @file The protobuf wire format, as much of it as reading and patching ONNX files needs. Model
 * Lens reads ONNX files field by field instead of decoding them into generated classes, so a
 * rewritten copy keeps every byte it does not change, including fields newer than this reader.
 */

/** Thrown when bytes do not follow the protobuf wire format; `readOnnx` turns it into a `LensError`. */
export class WireError extends Error {
  /** Creates an error that says where in the bytes the format broke; `truncated` when data ran out. */
  constructor(
    message: string,
    readonly truncated = false,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

/** The wire types protobuf uses; 3 and 4 (groups) never occur in ONNX files. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** One field of a message: its number, wire type, and where its value lies in the buffer. */
export interface WireField {
  /** The field number from the .proto schema. */
  readonly num: number;
  /** The wire type (see {@link WIRE}). */
  readonly wire: number;
  /** The varint value, for varint fields; 0 otherwise. */
  readonly value: bigint;
  /** Where the field's tag begins. */
  readonly start: number;
  /** Where the payload of a length-delimited field begins (after its length), else the value. */
  readonly dataStart: number;
  /** Where the field ends. */
  readonly end: number;
}

/** Reads a varint at `pos`; returns the value and the position after it. */
export function readVarint(buf: Uint8Array, pos: number, limit: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < limit && shift < 70n; i++) {
    const byte = buf[i] ?? 0;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [BigInt.asUintN(64, result), i + 1];
    shift += 7n;
  }
  throw new WireError(`a number at byte ${pos} runs past the end of the data`, true);
}

/** Reads a varint that must fit a length or an offset. */
function readLength(buf: Uint8Array, pos: number, limit: number): [number, number] {
  const [value, next] = readVarint(buf, pos, limit);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError(`a length at byte ${pos} is impossibly large`);
  return [Number(value), next];
}

/** Reads the field starting at `pos`, checking that it ends by `limit`. */
function readField(buf: Uint8Array, pos: number, limit: number): WireField {
  const field = readFieldHead(buf, pos, limit);
  if (field.end > limit)
    throw new WireError(`field ${field.num} at byte ${pos} runs past the end of its message`, true);
  return field;
}

/**
 * Reads the tag (and length or varint value) of the field starting at `pos`, with `limit` bounding only those
 * bytes: its payload may lie beyond `buf` (a positional reader holds a window of a file and seeks past it).
 */
export function readFieldHead(buf: Uint8Array, pos: number, limit: number): WireField {
  const [tag, afterTag] = readLength(buf, pos, limit);
  const num = Math.floor(tag / 8);
  const wire = tag % 8;
  if (num === 0) throw new WireError(`byte ${pos} starts a field numbered 0, which protobuf forbids`);
  let value = 0n;
  let dataStart = afterTag;
  let end: number;
  if (wire === WIRE.varint) [value, end] = readVarint(buf, afterTag, limit);
  else if (wire === WIRE.fixed64) end = afterTag + 8;
  else if (wire === WIRE.fixed32) end = afterTag + 4;
  else if (wire === WIRE.bytes) {
    const [length, afterLength] = readLength(buf, afterTag, limit);
    dataStart = afterLength;
    end = afterLength + length;
  } else throw new WireError(`byte ${pos} has wire type ${wire}, which ONNX files never use`);
  return { num, wire, value, start: pos, dataStart, end };
}

/**
 * Most fields read from one message: a graph's nodes, initializers and value infos together (exported LLMs have
 * tens of thousands). Bounds the memory a hostile file of many tiny fields can make the reader allocate.
 */
export const MAX_MESSAGE_FIELDS = 1_000_000;

/** Lists the fields of the message in `buf[start, end)`, in file order; more than `maxFields` is refused. */
export function readFields(buf: Uint8Array, start = 0, end = buf.length, maxFields = MAX_MESSAGE_FIELDS): WireField[] {
  const fields: WireField[] = [];
  for (let pos = start; pos < end;) {
    if (fields.length >= maxFields)
      throw new WireError(`the message at byte ${start} has more than the limit of ${maxFields} fields`);
    const field = readField(buf, pos, end);
    fields.push(field);
    pos = field.end;
  }
  return fields;
}

const decoder = new TextDecoder('utf-8');

/** Decodes a length-delimited field as UTF-8 text. */
export function fieldText(buf: Uint8Array, field: WireField): string {
  return decoder.decode(buf.subarray(field.dataStart, field.end));
}

/** A varint field as a signed 64-bit integer, converted to a number. */
export function fieldInt(field: WireField): number {
  return Number(BigInt.asIntN(64, field.value));
}

/** Encodes a varint. */
export function encodeVarint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Uint8Array.from(bytes);
}

/** Joins byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Encodes a varint field. */
export function varintField(num: number, value: number | bigint): Uint8Array {
  return concatBytes([encodeVarint(num * 8 + WIRE.varint), encodeVarint(value)]);
}

/** Encodes a length-delimited field holding bytes, a string, or an encoded message. */
export function bytesField(num: number, payload: Uint8Array | string): Uint8Array {
  const data = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return concatBytes([encodeVarint(num * 8 + WIRE.bytes), encodeVarint(data.length), data]);
}

/** Encodes a message from its already-encoded fields. */
export function message(fields: readonly Uint8Array[]): Uint8Array {
  return concatBytes(fields);
}
