/**
 * @file Turns the bytes of a file into text, refusing binary files with a clear message.
 */
import { LensError } from '../errors';

/** Options of {@link decodeText}. */
export interface DecodeTextOptions {
  /** Name shown in messages. @default 'the file' */
  readonly name?: string;
}

/** Decodes UTF-8 bytes; NUL bytes or invalid UTF-8 mean a binary file and a `binary-file` error. */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): string {
  const name = options.name ?? 'the file';
  const probe = bytes.subarray(0, 65536);
  if (probe.includes(0)) throw binary(name, 'it contains NUL bytes');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw binary(name, 'it is not valid UTF-8');
  }
}

function binary(name: string, why: string): LensError {
  return new LensError(
    'binary-file',
    `${name} looks binary (${why}). Model Lens analyses text: open a source or text file.`,
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
