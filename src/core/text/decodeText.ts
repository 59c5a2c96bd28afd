/**
 * @file Turns the bytes of a file into text, refusing binary files with a clear message.
 */
import { LensError } from '../errors';

/** Options of {@link decodeText}. */
export interface DecodeTextOptions {
  /** Name shown in messages. @default 'the file' */
  readonly name?: string;
}

/** Bytes searched for NUL at the start of a file (as git and VS Code do). */
const PROBE_BYTES = 65536;

/**
 * Why the bytes of a file are binary (a NUL byte in the first 64 KiB, or invalid UTF-8), or undefined for text.
 * The one check of the CLI and the extension.
 */
export function binaryReason(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, PROBE_BYTES).includes(0)) return 'it contains NUL bytes';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    return 'it is not valid UTF-8';
  }
}

/** Decodes UTF-8 bytes; NUL bytes or invalid UTF-8 mean a binary file and a `binary-file` error. */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): string {
  const why = binaryReason(bytes);
  if (why !== undefined) throw binaryFile(options.name ?? 'the file', why);
  return new TextDecoder('utf-8').decode(bytes);
}

/** The `binary-file` error of file `name`, binary because `why` (from {@link binaryReason}). */
export function binaryFile(name: string, why: string): LensError {
  return new LensError(
    'binary-file',
    `${name} is a binary file (${why}); Model Lens analyses text: open a source or text file.`,
  );
}

/** Throws `empty-input` when there is nothing to analyse. */
export function requireText(text: string, name = 'The file'): void {
  if (text.length === 0) {
    throw new LensError(
      'empty-input',
      `${name} is empty: there is nothing to analyse. Open a file with text, or select some.`,
    );
  }
}
