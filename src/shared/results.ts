/**
 * @file Result types shared by the engine, the CLI, the extension host and the webviews.
 * Plain data only: every value here crosses a process or webview boundary as JSON.
 */

/** Devices a model can run on; `auto` tries cuda, then webgpu, then cpu. */
export type DeviceSetting = 'auto' | 'cpu' | 'webgpu' | 'cuda';

/** A device a model actually ran on. */
export type Device = 'cpu' | 'webgpu' | 'cuda';

/** One candidate next token with its probability. */
export interface TokenCandidate {
  /** Decoded text of the candidate (may be a partial UTF-8 sequence shown as U+FFFD). */
  readonly text: string;
  /** Probability under the model, in [0, 1]. */
  readonly p: number;
}

/** One token of the analysed text with its surprisal. */
export interface SurprisalToken {
  /** The source text this token covers (`text.slice(start, end)` of the document). */
  readonly text: string;
  /** Start of the token in the document, in UTF-16 code units (a VS Code offset). */
  readonly start: number;
  /** End (exclusive) of the token in the document, in UTF-16 code units. */
  readonly end: number;
  /** -log2 p(token | tokens before it), in bits. */
  readonly surprisal: number;
  /** The model's five most probable tokens at this position, most probable first. */
  readonly top?: readonly TokenCandidate[];
}

/** Result of the surprisal analysis of one document or selection. */
export interface SurprisalResult {
  /** Name of the model that produced the result. */
  readonly model: string;
  /** Device the model ran on. */
  readonly device: Device;
  /** Every token of the input, in order. */
  readonly tokens: readonly SurprisalToken[];
  /** Total surprisal divided by the number of UTF-8 bytes of the input. */
  readonly bitsPerByte: number;
  /** Number of UTF-8 bytes of the input. */
  readonly bytes: number;
  /** Context window (tokens) used when scoring; longer inputs are scored in overlapping windows. */
  readonly window: number;
  /** Offset in the document where the analysed text starts (non-zero for a selection). */
  readonly offset: number;
}
