/**
 * @file Parses untrusted values (JSON files, JSONL lines, messages) by a valibot schema, throwing a
 * {@link LensError} whose message names the file or place, the wrong field and what to do. JSON text
 * is checked against a size and a nesting-depth limit before `JSON.parse` allocates anything for it.
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

/** Limits on JSON text read from a file. */
export interface JsonLimits {
  /** Largest text in bytes (a string counts its length, never above its UTF-8 size). @default {@link JSON_MAX_BYTES} */
  readonly maxBytes?: number;
  /** Deepest nesting of arrays and objects. @default {@link JSON_MAX_DEPTH} */
  readonly maxDepth?: number;
}

/** Default largest JSON file: 64 MiB (the largest Hugging Face tokenizer.json files are about 35 MB). */
export const JSON_MAX_BYTES = 64 * 2 ** 20;
/** Default deepest JSON nesting: 128 (tokenizer.json and adapter configs nest fewer than 10 levels). */
export const JSON_MAX_DEPTH = 128;

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

/** The deepest nesting of `[`/`{` in JSON text, stopping once it passes `limit`; brackets in strings are skipped. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Parses JSON text after checking its size and nesting depth; `where` names the file in messages. A failure is a
 * LensError of `options.code` (default `bad-input`) naming the limit, or saying why the text is not JSON.
 */
export function jsonParse(text: string, where: string, options: ParseOptions & JsonLimits = {}): unknown {
  const code = options.code ?? 'bad-input';
  const fix = options.fix === undefined ? '' : ` ${options.fix}`;
  const maxBytes = options.maxBytes ?? JSON_MAX_BYTES;
  const maxDepth = options.maxDepth ?? JSON_MAX_DEPTH;
  if (text.length > maxBytes)
    throw new LensError(
      code,
      `${where} is ${text.length} characters long, more than the JSON size limit of ${maxBytes} bytes.${fix}`,
    );
  if (jsonDepth(text, maxDepth) > maxDepth)
    throw new LensError(
      code,
      `${where} nests arrays or objects deeper than the JSON depth limit of ${maxDepth}.${fix}`,
    );
  try {
    // A byte-order mark, as some Windows editors write, is not part of the JSON.
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (error) {
    // V8's message may quote the text around the error, newlines and all: one line, at most 120 characters.
    const why = (error instanceof Error ? error.message : String(error)).replace(/\s+/gu, ' ');
    throw new LensError(code, `${where} is not JSON (${why.slice(0, 120)}).${fix}`);
  }
}

/** Parses JSON text with {@link jsonParse}'s limits, then checks it against `schema` with {@link parseWith}. */
export function parseJsonWith<S extends v.GenericSchema>(
  schema: S,
  text: string,
  where: string,
  options: ParseOptions & JsonLimits = {},
): v.InferOutput<S> {
  return parseWith(schema, jsonParse(text, where, options), where, options);
}
