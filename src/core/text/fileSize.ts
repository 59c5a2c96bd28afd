/**
 * @file The largest file an analysis reads (`modelLens.maxFileSize`, `--max-file-size`), checked before the text
 * is read or sent to the engine, and the token limit that follows it when `modelLens.maxTokens` is not set.
 */
import { LensError } from '../errors';

/** Default largest file analysed, in MiB (`modelLens.maxFileSize`, `--max-file-size`). */
export const DEFAULT_MAX_FILE_MB = 4;

/** Bytes of a size limit given in MiB (`2.5` → 2,621,440). */
export function mebibytes(mb: number): number {
  return Math.floor(mb * 1024 * 1024);
}

/**
 * The token limit when none is set: one token per byte of the file-size limit (a byte-level model's count, the
 * most any tokenizer gives for real text), so every file within the size limit is also within the token limit.
 */
export function defaultMaxTokens(maxFileBytes: number): number {
  return Math.max(1, maxFileBytes);
}

/** The `too-long` error of a file (or selection) `name` of `bytes` bytes (or at least that many) over `limit`. */
export function tooLargeFile(name: string, bytes: number, limit: number, atLeast = false): LensError {
  const mb = (limit / 1024 / 1024).toFixed(limit < 1024 * 1024 ? 3 : 1);
  return new LensError(
    'too-long',
    `${name} is ${atLeast ? 'at least ' : ''}${bytes} bytes, more than modelLens.maxFileSize (${mb} MB). Select ` +
      'a part of it, or raise modelLens.maxFileSize (--max-file-size).',
  );
}

/** `modelLens.maxFileSize` (MiB) in bytes, the default for anything but a positive number. */
export function fileSizeSetting(mb: unknown): number {
  return typeof mb === 'number' && Number.isFinite(mb) && mb > 0 && mebibytes(mb) >= 1
    ? mebibytes(mb)
    : mebibytes(DEFAULT_MAX_FILE_MB);
}
