/**
 * @file TensorFlow's record framing, as event files use it: each record is its length (uint64, little-endian),
 * the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data. Both checksums are checked;
 * a damaged or cut record is refused naming the record and the file.
 */
import { crc32c } from '@aws-crypto/crc32c';
import { LensError } from '../../errors';

/** Bytes of a record's header: the length and its checksum. */
const HEADER_BYTES = 12;
/** Bytes of a record's footer: the data's checksum. */
const FOOTER_BYTES = 4;

/** TensorFlow's masked CRC-32C: the CRC rotated right by 15 bits, plus 0xa282ead8 (mod 2^32). */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** One record's data, with its index in the file (0 is the first). */
export interface EventRecord {
  readonly index: number;
  readonly data: Uint8Array;
}

function damaged(index: number, file: string, what: string): LensError {
  return new LensError(
    'bad-input',
    `Record ${index} of ${file} fails its checksum (${what}): the file is damaged. ` +
      'Copy it again from where the run wrote it, or move it out of the folder.',
  );
}

function truncated(index: number, file: string, missing: number): LensError {
  return new LensError(
    'bad-input',
    `Record ${index} of ${file} is cut short (${missing} bytes missing): the file is truncated. If the run is ` +
      'still writing it, wait until it ends; else copy it again, or move it out of the folder.',
  );
}

/** The records of an event file's bytes, in order; a bad checksum or a cut record → `bad-input`. */
export function* eventRecords(bytes: Uint8Array, file: string): Generator<EventRecord> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  for (let index = 0; pos < bytes.length; index++) {
    if (bytes.length - pos < HEADER_BYTES) throw truncated(index, file, HEADER_BYTES - (bytes.length - pos));
    const lengthBytes = bytes.subarray(pos, pos + 8);
    if (maskedCrc32c(lengthBytes) !== view.getUint32(pos + 8, true)) throw damaged(index, file, 'its length');
    const length = view.getBigUint64(pos, true);
    const left = BigInt(bytes.length - pos - HEADER_BYTES - FOOTER_BYTES);
    if (length > left) throw truncated(index, file, Number(length - left));
    const start = pos + HEADER_BYTES;
    const end = start + Number(length);
    const data = bytes.subarray(start, end);
    if (maskedCrc32c(data) !== view.getUint32(end, true)) throw damaged(index, file, 'its data');
    yield { index, data };
    pos = end + FOOTER_BYTES;
  }
}

/** Whether bytes begin with a record whose length checksum holds: how an event file is told from others. */
export function looksLikeEvents(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return maskedCrc32c(bytes.subarray(0, 8)) === view.getUint32(8, true);
}
