/**
 * @file What a CLI command is: a name, its usage lines, its options (for `node:util` `parseArgs`)
 * and a `run` that calls the engine in process with the same request kind the extension sends, and
 * returns the result, the view that draws it in an HTML report, and the text printed without --json.
 */
import type { ParseArgsConfig } from 'node:util';

/** Options of `parseArgs`. */
export type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import type { RequestKind } from '../shared/request';
import type { DeviceSetting } from '../shared/schema';
import type { ViewId } from '../../webview/views';

/** Parsed arguments of one command. */
export interface CliArgs {
  /** Positionals after the command's name (`lora merge x` → `['x']`). */
  readonly positionals: readonly string[];
  /** The command's own options, as given. */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly model: string;
  /** True when --model was given. */
  readonly modelGiven: boolean;
  readonly device: DeviceSetting;
  readonly maxTokens: number;
  /** --out, when given: a report (.html) or the JSON result (.json), or a command's own output path. */
  readonly out: string | undefined;
}

/** Runs engine requests in process. */
export interface CliEngine {
  /** Runs one request; `onPartial` receives each partial result the handler sends (e.g. a line as it is written). */
  run<P, R>(kind: RequestKind<string, P, R>, params: P, onPartial?: (partial: R) => void): Promise<R>;
}

/** What a command produced. */
export interface CliOutput {
  /** Printed by --json and written by --out x.json: exactly what the panel exports. */
  readonly result: unknown;
  /** The human-readable text printed without --json and --out. */
  readonly text: string;
  /** The view an `--out x.html` report draws the result with; absent: no HTML report. */
  readonly report?: { readonly view: ViewId; readonly kind: string; readonly source?: string; readonly title: string };
  /** True when --out was the command's own output (e.g. a model file), not a report. */
  readonly wroteOut?: boolean;
  /**
   * The process's exit code when the command ran but its verdict is negative (e.g. 2: a scratchpad is invalid).
   * @default 0
   */
  readonly exitCode?: number;
}

/** One CLI command. */
export interface CliCommand {
  /** One or two words: `surprisal`, `lora merge`. */
  readonly name: string;
  /** Usage lines for --help. */
  readonly usage: string;
  /** The command's own options (the common ones are added by the runner). */
  readonly options?: ParseArgsOptionsConfig;
  readonly run: (args: CliArgs, engine: CliEngine) => Promise<CliOutput>;
}
