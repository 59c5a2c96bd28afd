/**
 * @file The log level a failure is written at: a cancel is something the user did (info), a problem with
 * what they asked for is theirs to fix (warn), and only a failure of Model Lens or the machine is an error.
 * Free of `vscode`, so it is unit tested.
 */
import type { ErrorCode } from '../shared/messages';

/** Codes of failures that are the input's, not Model Lens's. */
const USER_CODES: ReadonlySet<ErrorCode> = new Set([
  'bad-input',
  'binary-file',
  'empty-input',
  'too-long',
  'untrusted',
  'model-not-found',
]);

/** The log level of a failure with `code`. */
export function errorLevel(code: ErrorCode): 'info' | 'warn' | 'error' {
  if (code === 'cancelled') return 'info';
  return USER_CODES.has(code) ? 'warn' : 'error';
}
