/**
 * @file Parses untrusted values (JSON files, JSONL lines, messages) by a valibot schema, throwing a
 * {@link LensError} whose message names the file or place, the wrong field and what to do.
 */
import type { ErrorCode } from '../shared/messages';
import { check, type v } from '../shared/schema';
import { LensError } from './errors';

/** Options of {@link parseWith}. */
export interface ParseOptions {
  /** The error code of a failure. @default 'bad-input' */
  readonly code?: ErrorCode;
  /** What the user can do about it, appended to the message. */
  readonly fix?: string;
}

/** `value` checked against `schema`; a failure names `where` (a file, a line) and the wrong field. */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  where: string,
  options: ParseOptions = {},
): v.InferOutput<S> {
  const checked = check(schema, value);
  if (checked.ok) return checked.value;
  const fix = options.fix === undefined ? '' : ` ${options.fix}`;
  throw new LensError(options.code ?? 'bad-input', `${where}: ${checked.message}.${fix}`);
}
