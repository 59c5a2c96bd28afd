/**
 * @file The surprisal toolkit's request and result: params, result type and schema side by side.
 */
import { requestKind } from './request';
import { v, Count, DeviceSchema, Finite, ModelRequestSchema, Text, TokenCandidateSchema, type Infer } from './schema';

/** One token of the analysed text with its surprisal. */
export const SurprisalTokenSchema = v.object({
  /** The source text this token covers (`text.slice(start, end)` of the document). */
  text: v.string(),
  /** Start of the token in the document, in UTF-16 code units (a VS Code offset). */
  start: Count,
  /** End (exclusive) of the token in the document, in UTF-16 code units. */
  end: Count,
  /** -log2 p(token | tokens before it), in bits. */
  surprisal: v.pipe(Finite, v.minValue(0)),
  /**
   * The model's five most probable tokens at this position, most probable first. Left out for texts of more than
   * 20,000 tokens (they would make most of the result); ask {@link surprisalTopRequest} with `topId` instead.
   */
  top: v.optional(v.array(TokenCandidateSchema)),
});
/** One token of the analysed text with its surprisal. */
export type SurprisalToken = Infer<typeof SurprisalTokenSchema>;

/** Result of the surprisal analysis of one document or selection. */
export const SurprisalResultSchema = v.object({
  /** Name of the model that produced the result. */
  model: v.string(),
  /** Device the model ran on. */
  device: DeviceSchema,
  /** Every token of the input, in order. */
  tokens: v.array(SurprisalTokenSchema),
  /** Total surprisal divided by the number of UTF-8 bytes of the input. */
  bitsPerByte: Finite,
  /** Number of UTF-8 bytes of the input. */
  bytes: Count,
  /** Context window (tokens) used when scoring; longer inputs are scored in overlapping windows. */
  window: Count,
  /** Offset in the document where the analysed text starts (non-zero for a selection). */
  offset: Count,
  /** When `top` is left out: the engine's key of this run, for {@link surprisalTopRequest} (while it keeps it). */
  topId: v.optional(v.pipe(v.string(), v.maxLength(64))),
});
/** Result of the surprisal analysis of one document or selection. */
export type SurprisalResult = Infer<typeof SurprisalResultSchema>;

/** Params of a surprisal request. */
export const SurprisalParamsSchema = v.object({
  ...ModelRequestSchema.entries,
  /** The text to analyse. */
  text: Text,
  /** Offset of `text` in its document (UTF-16), added to every token range. */
  offset: Count,
  /** Refuse inputs with more tokens than this. */
  maxTokens: v.pipe(Count, v.minValue(1)),
});

/** Request: surprisal of every token of a text. */
export const surprisalRequest = requestKind('surprisal', SurprisalParamsSchema, SurprisalResultSchema);

/** Params of a request for one token's top predictions, recomputed from a run the engine keeps. */
export const SurprisalTopParamsSchema = v.object({
  /** `topId` of the run's result. */
  topId: v.pipe(v.string(), v.maxLength(64)),
  /** Index of the token in the run's `tokens`. */
  index: Count,
});

/** One token's top predictions, or none when the engine no longer keeps the run (it restarted or ran others). */
export const SurprisalTopResultSchema = v.object({ top: v.optional(v.array(TokenCandidateSchema)) });

/** Request: the five most probable tokens at one token of a long text's surprisal run. */
export const surprisalTopRequest = requestKind('surprisal-top', SurprisalTopParamsSchema, SurprisalTopResultSchema);
