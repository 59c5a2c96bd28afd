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

/** A candidate next token: its text (whole characters, or `<0xHH>` for part of one), probability, id if known. */
export interface ScoredCandidate {
  readonly text: string;
  readonly p: number;
  readonly id?: number;
}

/** A row of ids to score from position `from` on (each position t ≥ from is scored given the ids before it). */
export interface ScoreRow {
  readonly ids: readonly number[];
  readonly from: number;
}

/** Scores of one row: `bits[t]` is the surprisal of `ids[t]` (NaN before `from`), `top[t]` its best candidates. */
export interface RowScores {
  readonly bits: Float64Array;
  readonly top: readonly (readonly ScoredCandidate[] | undefined)[];
}

/** Scores rows from per-token log-probabilities rather than logits (a server that returns no logits). */
export interface RowScorer {
  /** Rows worth giving in one call: the scorer batches them into requests and bounds their concurrency itself. */
  readonly rowsPerCall: number;
  /** Scores every row; `k` candidates per position (0: none); stops with `cancelled` when `signal` fires. */
  scoreRows(rows: readonly ScoreRow[], k: number, signal?: AbortSignal): Promise<RowScores[]>;
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
  /** Scores rows without full logits (a remote server); analyses score through `rowScores`, which uses it. */
  readonly scorer?: RowScorer;
  /** Next-token logits for each row of ids (rows may differ in length; they are right-padded). */
  logits(rows: readonly (readonly number[])[]): Promise<LogitsBatch>;
  /** Frees the session. */
  dispose(): Promise<void>;
}

/** A line for the engine log (`debug`: details shown only when the log level asks for them). */
export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
