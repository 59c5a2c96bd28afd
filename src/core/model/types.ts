/**
 * @file What the analyses need from a loaded model: a causal LM that returns next-token logits.
 */
import type { Device } from '../../shared/schema';
import type { SpanTokenizer } from './tokenizer';

/** Logits of a batch: `data[(b * T + t) * vocab + v]`, rows right-padded to length T. */
export interface LogitsBatch {
  readonly data: Float32Array;
  readonly batch: number;
  readonly length: number;
  readonly vocab: number;
}

/** A causal language model ready to run. */
export interface CausalLM {
  /** Name shown to the user (embedded name, file path or hub id). */
  readonly name: string;
  /** Device it runs on. */
  readonly device: Device;
  /** Number of tokens it reads at once; longer inputs are scored in overlapping windows. */
  readonly context: number;
  /** Token prepended so the first real token gets a prediction, if the model has one. */
  readonly bosId: number | undefined;
  /** Tokenizer with source ranges. */
  readonly tokenizer: SpanTokenizer;
  /** Next-token logits for each row of ids (rows may differ in length; they are right-padded). */
  logits(rows: readonly (readonly number[])[]): Promise<LogitsBatch>;
  /** Frees the session. */
  dispose(): Promise<void>;
}

/** A line for the engine log (`debug`: details shown only when the log level asks for them). */
export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
