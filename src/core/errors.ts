/**
 * @file The one error type of Model Lens. Every failure a user can meet carries a code and a
 * message that says what went wrong and what to do about it.
 */
import type { ErrorCode, ErrorInfo } from '../shared/messages';

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

/** Converts anything thrown into the protocol's error shape; unknown errors become `internal`. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof LensError) return { code: error.code, message: error.message };
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error: ${text}. See "Model Lens: Show Engine Log" for details.` };
}

/** Throws a `cancelled` error when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new LensError('cancelled', 'The run was cancelled. Nothing was changed.');
}
