/**
 * @file The one error type of Model Lens. Every failure a user can meet carries a code and a
 * message that says what went wrong and what to do about it.
 */
import type { ErrorCode, ErrorInfo } from '../shared/messages';

/** Longest message an error reply carries; longer ones are cut in the middle (no value is ever repeated in full). */
export const MAX_MESSAGE_CHARS = 1000;

/** An error with a code from the protocol and a message meant for the user. */
export class LensError extends Error {
  /** Creates an error with a protocol code and a user-facing message. */
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LensError';
  }
}

/** `text` cut to at most {@link MAX_MESSAGE_CHARS} characters, keeping its start and its end (the advice). */
export function clipMessage(text: string, max = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  const head = Math.floor((max - 3) * 0.7);
  return `${text.slice(0, head)} … ${text.slice(text.length - (max - 3 - head))}`;
}

/** What a failed system call on a file means to the user, by its errno code. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'has a part that is not a folder',
  EEXIST: 'already exists',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'could not be written: the disk is full',
  EDQUOT: 'could not be written: the disk quota is used up',
  ENAMETOOLONG: 'has a name that is too long',
  ELOOP: 'has too many symbolic links',
  EMFILE: 'could not be opened: too many open files',
  ENFILE: 'could not be opened: too many open files',
  EBUSY: 'is busy',
  EXDEV: 'is on another device',
};

/** A file-system failure (ENOENT, EACCES, ENOSPC…) as a `bad-input` error naming the path; else undefined. */
export function fileErrorInfo(error: unknown): ErrorInfo | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as NodeJS.ErrnoException;
  const what = typeof e.code === 'string' ? FILE_ERRORS[e.code] : undefined;
  if (what === undefined || typeof e.syscall !== 'string') return undefined;
  const path = typeof e.path === 'string' ? clipMessage(e.path, 300) : 'A file';
  return {
    code: 'bad-input',
    message: `${path} ${what} (${e.code} in ${e.syscall}). Check the path, its permissions and the free space.`,
  };
}

/** How onnxruntime reports a kernel that failed while running a graph (a damaged or foreign model). */
const ORT_RUN_FAILURE = /Non-zero status code returned while running|\[E:onnxruntime:/u;

/**
 * Converts anything thrown into the protocol's error shape: a file-system failure and an onnxruntime run failure
 * become messages about the file or model; other unknown errors become `internal`.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof LensError) return { code: error.code, message: clipMessage(error.message) };
  const file = fileErrorInfo(error);
  if (file !== undefined) return file;
  if (ORT_RUN_FAILURE.test(error instanceof Error ? error.message : String(error))) {
    const what = `onnxruntime could not run the model (${ortReason(error)}).`;
    return { code: 'bad-model', message: `${what} Its graph may be damaged: export it again, or choose another.` };
  }
  const text = clipMessage((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '', 400);
  return { code: 'internal', message: `Unexpected error: ${text}. See "Model Lens: Show Engine Log" for details.` };
}

/** Throws a `cancelled` error when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new LensError('cancelled', 'The run was cancelled. Nothing was changed.');
}

/**
 * onnxruntime's reason for refusing a model, on one line and short: its "Load model from <path> failed:" prefix
 * (the path is named already) and colour codes dropped, at most 160 characters.
 */
export function ortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const plain = text
    // eslint-disable-next-line no-control-regex -- terminal colour codes are what is removed here
    .replace(/\u001b\[[0-9;]*m/gu, '')
    .replace(/^\S+ \S+ \[E:onnxruntime:[^\]]*\] /u, '')
    .replace(/^Load model from .*? failed:/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return clipMessage(plain, 160);
}
