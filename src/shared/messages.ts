/**
 * @file The generic messages between the host or CLI and the engine, and between the host and a
 * webview, with their schemas. A request names its kind (see `request.ts`); its params and result are
 * checked by that kind's schemas on each side. Toolkits add kinds, never message types.
 */
import { v, Count, Share, quote } from './schema';

/** Error codes a reply can carry; each comes with a message the user can act on. */
export const ERROR_CODES = [
  'bad-input',
  'binary-file',
  'empty-input',
  'too-long',
  'bad-model',
  'missing-output',
  'model-not-found',
  'network',
  'untrusted',
  'cancelled',
  'engine-died',
  'timeout',
  'internal',
] as const;
/** An error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure with a code and a message that says what went wrong and what to do. */
export const ErrorInfoSchema = v.object({
  code: v.picklist(ERROR_CODES),
  message: v.pipe(v.string(), v.maxLength(10_000)),
});
/** A failure with a code and a message. */
export type ErrorInfo = v.InferOutput<typeof ErrorInfoSchema>;

/** Log levels of engine log lines (`debug`: details, e.g. a device's full failure text). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Request: run the handler of `kind` on `params` (checked by the kind's schema in the engine). */
export const RequestMessageSchema = v.object({
  type: v.literal('request'),
  id: Count,
  kind: v.pipe(v.string(), v.maxLength(100)),
  params: v.unknown(),
});
/** Command: stop the request with this id; it then fails with code `cancelled`. */
export const CancelCommandSchema = v.object({ type: v.literal('cancel'), id: Count });
/** Everything the host or CLI sends to the engine. */
export const ToEngineSchema = v.variant('type', [RequestMessageSchema, CancelCommandSchema]);
/** Everything the host or CLI sends to the engine. */
export type ToEngine = v.InferOutput<typeof ToEngineSchema>;

/** Notification: progress of a request, `fraction` in [0, 1]. */
export const ProgressSchema = v.object({
  type: v.literal('progress'),
  inReplyTo: Count,
  fraction: Share,
  message: v.pipe(v.string(), v.maxLength(10_000)),
});
/** Reply: a request finished; `result` is checked by the requester against its kind's schema. */
export const ResultReplySchema = v.object({ type: v.literal('result'), inReplyTo: Count, result: v.unknown() });
/** Reply: a request failed. */
export const ErrorReplySchema = v.object({ type: v.literal('error'), inReplyTo: Count, error: ErrorInfoSchema });
/** Notification: a partial result of a request (its result so far), checked by the requester like a result. */
export const PartialSchema = v.object({ type: v.literal('partial'), inReplyTo: Count, value: v.unknown() });
/** Notification: a line for the engine log (device choice, fallbacks, timings). */
export const LogSchema = v.object({ type: v.literal('log'), level: v.picklist(LOG_LEVELS), message: v.string() });
/** Everything the engine sends back. */
export const FromEngineSchema = v.variant('type', [
  ProgressSchema,
  PartialSchema,
  ResultReplySchema,
  ErrorReplySchema,
  LogSchema,
]);
/** Everything the engine sends back. */
export type FromEngine = v.InferOutput<typeof FromEngineSchema>;

/** Notification to a webview: show the result of a request kind (`source`: the analysed document). */
export const ShowSchema = v.object({
  type: v.literal('show'),
  kind: v.string(),
  result: v.unknown(),
  source: v.optional(v.string()),
});
/** Notification to a webview: show the result of a request kind. */
export type ShowNotification = v.InferOutput<typeof ShowSchema>;
/** Notification to a webview: an analysis is running or failed. */
export const StatusSchema = v.object({
  type: v.literal('status'),
  state: v.picklist(['idle', 'running', 'error']),
  message: v.string(),
});
/** Notification to a webview: an analysis is running or failed. */
export type StatusNotification = v.InferOutput<typeof StatusSchema>;
/**
 * Notification to a webview: forget what it shows (Clear Decorations, or the side panel turning to another
 * document); `source`, when given, names the document now in view, for an empty state that says which.
 */
export const ClearSchema = v.object({
  type: v.literal('clear'),
  source: v.optional(v.pipe(v.string(), v.maxLength(1000))),
});
/** Notification to a webview: forget what it shows. */
export type ClearNotification = v.InferOutput<typeof ClearSchema>;
/** Everything the host sends to a webview. */
export const ToWebviewSchema = v.variant('type', [ShowSchema, StatusSchema, ClearSchema]);
/** Everything the host sends to a webview. */
export type ToWebview = v.InferOutput<typeof ToWebviewSchema>;

/** Export formats of a view. */
export const EXPORT_FORMATS = ['svg', 'png', 'json'] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Command from a webview: it has loaded and can receive data. */
export const ReadySchema = v.object({ type: v.literal('ready') });
/** Command from a webview: reveal this range of the analysed document in the editor. */
export const RevealSchema = v.pipe(
  v.object({ type: v.literal('reveal'), start: Count, end: Count }),
  v.check((r) => r.end >= r.start, 'the range ends before it starts'),
);
/** Command from a webview: save an exported chart (SVG, PNG as base64, or JSON) where the user picks. */
export const SaveExportSchema = v.object({
  type: v.literal('saveExport'),
  format: v.picklist(EXPORT_FORMATS),
  /** At most 256 MiB of characters (a PNG as base64 included). */
  data: v.pipe(v.string(), v.maxLength(256 * 1024 * 1024)),
  suggestedName: v.pipe(v.string(), v.maxLength(200)),
});
/** Command from a webview: save an exported chart. */
export type SaveExportCommand = v.InferOutput<typeof SaveExportSchema>;
/** Command from a webview: a view's own action (e.g. save a merge), handled by the toolkit that owns the view. */
export const ActionSchema = v.object({
  type: v.literal('action'),
  action: v.pipe(v.string(), v.maxLength(100)),
  arg: v.pipe(v.string(), v.maxLength(1000)),
});
/** The `action` of a side-panel button that runs a command (its `arg` is one of {@link SIDE_PANEL_COMMANDS}). */
export const RUN_COMMAND_ACTION = 'runCommand';
/** The only commands the side panel's buttons may run (the host refuses any other id). */
export const SIDE_PANEL_COMMANDS = [
  'modelLens.analyseSurprisal',
  'modelLens.showTokenDependencies',
  'modelLens.showSparsityMap',
  'workbench.action.openWalkthrough',
] as const;
/** A command the side panel may run. */
export const SidePanelCommandSchema = v.picklist(SIDE_PANEL_COMMANDS);
/** A command the side panel may run. */
export type SidePanelCommand = v.InferOutput<typeof SidePanelCommandSchema>;
/** Everything a webview sends to the host. */
export const FromWebviewSchema = v.variant('type', [ReadySchema, RevealSchema, SaveExportSchema, ActionSchema]);
/** Everything a webview sends to the host. */
export type FromWebview = v.InferOutput<typeof FromWebviewSchema>;

/** Largest message (in {@link messageSize} units, about bytes) the engine accepts; see `MODEL_LENS_MAX_MESSAGE_MB`. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The message limit: `MODEL_LENS_MAX_MESSAGE_MB` (megabytes) when set to a positive number, else the default. */
export function maxMessageBytes(env: Readonly<Record<string, string | undefined>>): number {
  const mb = Number(env['MODEL_LENS_MAX_MESSAGE_MB']);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : MAX_MESSAGE_BYTES;
}

/**
 * About how many bytes `value` takes (strings count 2 bytes a character, numbers 8, binary data its length),
 * counted only until `limit` is passed: the walk stops there, so measuring a huge message costs little.
 */
export function messageSize(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let size = 0;
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0 && size <= limit) {
    const x = stack.pop();
    if (typeof x === 'string') size += 2 * x.length + 8;
    else if (ArrayBuffer.isView(x)) size += x.byteLength + 8;
    else if (x instanceof ArrayBuffer) size += x.byteLength + 8;
    else if (typeof x === 'object' && x !== null) {
      if (seen.has(x)) continue;
      seen.add(x);
      size += 16;
      if (Array.isArray(x)) for (const item of x as unknown[]) stack.push(item);
      else if (x instanceof Map) for (const [k, item] of x) stack.push(k, item);
      else if (x instanceof Set) for (const item of x) stack.push(item);
      else for (const [k, item] of Object.entries(x)) stack.push(k, item);
    } else size += 8;
  }
  return size;
}

/** The request id a refused message carried, when it carried one that a reply could name. */
export function idOf(message: unknown): number | undefined {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** A short description of a message that was refused, for a log line. */
export function describeRefused(message: unknown): string {
  return quote(message);
}
