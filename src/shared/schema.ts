/**
 * @file Schema pieces every toolkit's shared module builds on. Types are inferred from the valibot
 * schemas, so a message's static type and its runtime check never drift apart. valibot was chosen
 * over zod for the webviews: its functions tree-shake, so a view bundles only the checks it uses.
 */
import * as v from 'valibot';

export { v };

/** Recursively read-only view of an inferred type (tuples stay tuples): results are never mutated once received. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** The read-only type a schema accepts. */
export type Infer<S extends v.GenericSchema> = DeepReadonly<v.InferOutput<S>>;

/** A finite number (no NaN, no ±Infinity). */
export const Finite = v.pipe(v.number(), v.finite());

/** A non-negative safe integer: offsets, counts, indices. */
export const Count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** A safe integer of either sign. */
export const Int = v.pipe(v.number(), v.safeInteger());

/** Longest text a request carries (characters): a document, a task file, a prompt. */
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;
/** A text of at most {@link MAX_TEXT_CHARS} characters. */
export const Text = v.pipe(v.string(), v.maxLength(MAX_TEXT_CHARS));

/** Longest name a request carries (characters): a path, a model or hub id, a document name. */
export const MAX_NAME_CHARS = 4096;
/** A name or path of at most {@link MAX_NAME_CHARS} characters. */
export const Name = v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS));
/** A name or path that is not empty. */
export const NonEmptyName = v.pipe(Name, v.minLength(1));

/** Most items of a list a request carries (files, sources). */
export const MAX_LIST_ITEMS = 100_000;

/** A probability or share in [0, 1]. */
export const Share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** A schema for one of a closed set of words, from its `as const` array. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T): v.PicklistSchema<T, undefined> =>
  v.picklist(values);

/** Device settings: `auto` tries cuda, then webgpu, then cpu. */
export const DEVICE_SETTINGS = ['auto', 'cpu', 'webgpu', 'cuda'] as const;
/** A device setting. */
export type DeviceSetting = (typeof DEVICE_SETTINGS)[number];
/** Devices onnxruntime runs a local model on. */
export const LOCAL_DEVICES = ['cpu', 'webgpu', 'cuda'] as const;
/** A device onnxruntime runs a local model on. */
export type LocalDevice = (typeof LOCAL_DEVICES)[number];
/** Devices a model can actually run on; `server` is a remote model's (an OpenAI-compatible server scores it). */
export const DEVICES = [...LOCAL_DEVICES, 'server'] as const;
/** A device a model ran on. */
export type Device = (typeof DEVICES)[number];

/** Schema of {@link DeviceSetting}. */
export const DeviceSettingSchema = oneOf(DEVICE_SETTINGS);
/** Schema of {@link Device}. */
export const DeviceSchema = oneOf(DEVICES);

/** Which model to run and where: the params every model-running request starts from. */
export const ModelRequestSchema = v.object({
  /** Embedded model name, local `.onnx` path or folder, Hugging Face hub id, or `openai:<url>#<model>`. */
  model: Name,
  device: DeviceSettingSchema,
  /** False in a restricted (untrusted) workspace: no model is loaded from a local path. */
  allowLocalFiles: v.boolean(),
});
/** Which model to run and where. */
export type ModelRequest = Infer<typeof ModelRequestSchema>;

/** One candidate next token with its probability. */
export const TokenCandidateSchema = v.object({ text: v.string(), p: Share });
/** One candidate next token with its probability. */
export type TokenCandidate = Infer<typeof TokenCandidateSchema>;

/** A place in a document: UTF-16 range plus 0-based line and character of its start. */
export const SourceSpotSchema = v.object({ start: Count, end: Count, line: Count, character: Count });
/** A place in a document. */
export type SourceSpot = Infer<typeof SourceSpotSchema>;

/** A UTF-16 range of a document. */
export const RangeSchema = v.object({ start: Count, end: Count });

/** Outcome of checking a value: the typed value, or one line naming the wrong field. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Most characters of a bad value a message quotes. */
export const QUOTE_CHARS = 80;

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value === 'bigint' ? `${value}n` : Object.prototype.toString.call(value);
  }
}

/**
 * Shortens a value for a message: at most ~80 characters of it are quoted, on one line (control characters are
 * escaped), whatever the value (circular objects and BigInts included).
 */
export function quote(value: unknown): string {
  const text = stringify(value);
  const cut = text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 3)}…` : text;
  // eslint-disable-next-line no-control-regex -- control characters are what is escaped here
  return cut.replace(/[\u0000-\u001f\u007f\u2028\u2029]/gu, (c) => JSON.stringify(c).slice(1, -1));
}

/** A valibot issue's message with the received value quoted by {@link quote}, never in full. */
function issueMessage(issue: v.BaseIssue<unknown>): string {
  const received = issue.received;
  if (!issue.message.includes(received)) return issue.message;
  const shown = received.startsWith('"') ? `"${quote(received.slice(1, -1))}"` : quote(received);
  return issue.message.replace(received, () => shown);
}

/** Checks `value` against `schema`; a failure names the first wrong field by its dotted path. */
export function check<S extends v.GenericSchema>(schema: S, value: unknown): Checked<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return { ok: true, value: parsed.output };
  const issue = parsed.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, message: `${path === null ? 'the value' : quote(path)}: ${issueMessage(issue)}` };
}
