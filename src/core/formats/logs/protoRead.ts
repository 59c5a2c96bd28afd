/**
 * @file What the event decoders share of protobufjs's wire Reader: wire types, int64 as a number, and the end of
 * a length-delimited field (refused when it runs past its message).
 */
import type protobuf from 'protobufjs/minimal';

/** protobufjs's wire reader. */
export type Reader = protobuf.Reader;

/** Wire type of a 64-bit fixed-size field (double, fixed64). */
export const FIXED64 = 1;
/** Wire type of a length-delimited field (bytes, string, message, packed numbers). */
export const BYTES = 2;
/** Wire type of a 32-bit fixed-size field (float, fixed32). */
export const FIXED32 = 5;

/** An int64 read by protobufjs (a Long, or a number without long.js) as a number. */
export function int64(reader: Reader): number {
  const value = reader.int64() as protobuf.Long | number;
  return typeof value === 'number' ? value : value.high * 2 ** 32 + (value.low >>> 0);
}

/** The end of the length-delimited field the reader is at; one past the message's end is refused. */
export function endOf(reader: Reader): number {
  const at = reader.pos;
  const length = reader.uint32(); // read before `pos`, which reading the length moves
  const end = reader.pos + length;
  if (end > reader.len) throw new RangeError(`a field at byte ${at} runs past the end of the message`);
  return end;
}
