/**
 * @file The routing toolkit's requests and results: which experts a mixture-of-experts model sends each token to,
 * and the per-layer load statistics of Mixture of Parrots (papers-B §3), from a model's `router_logits.{layer}`
 * outputs on a text, or from router logits given as rows. Params, result types and schemas side by side; free
 * of Node and of any model runtime, so the extension host and the webview import it.
 */
import { TABLEAU_10 } from './palette';
import { requestKind } from './request';
import { v, Count, Finite, ModelRequestSchema, Name, oneOf, Share, Text, type Infer } from './schema';

/** The kinds of source token the expert × token-kind matrix counts. */
export const TOKEN_KINDS = ['identifier', 'keyword', 'literal', 'comment', 'whitespace', 'punctuation'] as const;
/** A kind of source token. */
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Where a result's k came from: the zoo model's card, or the request (`--top-k`, default 2). */
export const TOP_K_SOURCES = ['manifest', 'request'] as const;

/** Bounds of the analysis. */
export const ROUTING_LIMITS = {
  /** Experts per layer at most. */
  maxExperts: 1024,
  /** Router layers at most. */
  maxLayers: 256,
  /** Rows of router logits `routing-stats` reads at most. */
  maxRows: 1_000_000,
  /** Numbers of router logits `routing-stats` reads at most (rows × experts). */
  maxNumbers: 16_000_000,
  /** Tokens of a text routed at most. */
  maxTokens: 50_000,
  /** k when neither the model's card nor the request gives one. */
  defaultTopK: 2,
} as const;

const NonNegative = v.pipe(Finite, v.minValue(0));
const TopK = v.pipe(Count, v.minValue(1), v.maxValue(ROUTING_LIMITS.maxExperts));

/** The per-layer statistics (every array has one entry per expert). */
export const LayerLoadSchema = v.object({
  /** Tokens with the expert among their top-k (c_e). */
  counts: v.array(Count),
  /** c_e / (k·T). */
  fractions: v.array(Share),
  /** Mean router probability of each expert (P̄_e). */
  meanProb: v.array(Share),
  /** E · Σ f_e · P̄_e: 1 at uniform load. */
  auxLoss: NonNegative,
  /** Population standard deviation of c_e over its mean. */
  cv: NonNegative,
  /** −Σ f_e ln f_e / ln E (1 for a single expert). */
  entropy: NonNegative,
  /** Experts no token was routed to. */
  dead: v.array(Count),
});
/** The per-layer statistics. */
export type LayerLoad = Infer<typeof LayerLoadSchema>;

/** Params of `routing-stats`: router logits as rows [T][E] and k. */
export const RoutingStatsParamsSchema = v.object({
  rows: v.pipe(
    v.array(v.pipe(v.array(Finite), v.minLength(1), v.maxLength(ROUTING_LIMITS.maxExperts))),
    v.minLength(1),
    v.maxLength(ROUTING_LIMITS.maxRows),
  ),
  topK: TopK,
});
/** Params of `routing-stats`. */
export type RoutingStatsParams = Infer<typeof RoutingStatsParamsSchema>;

/** Result of `routing-stats`: per token the top-k ids and gates, then the layer's statistics. */
export const RoutingStatsResultSchema = v.object({
  topk: v.array(v.array(Count)),
  gates: v.array(v.array(Share)),
  ...LayerLoadSchema.entries,
});
/** Result of `routing-stats`. */
export type RoutingStatsResult = Infer<typeof RoutingStatsResultSchema>;

/** Params of a routing run: a model, a text and, for models without a card, k. */
export const RoutingParamsSchema = v.object({
  ...ModelRequestSchema.entries,
  text: Text,
  /** UTF-16 offset of `text` in its document (a selection). */
  offset: Count,
  /** The document's name, shown in the result. */
  source: Name,
  /** VS Code's language id of the document (its token kinds). */
  languageId: Name,
  /** k for a model whose card does not give it. @default 2 */
  topK: v.optional(TopK),
  /** Tokens routed at most. */
  maxTokens: v.optional(v.pipe(Count, v.minValue(1), v.maxValue(ROUTING_LIMITS.maxTokens))),
});
/** Params of a routing run. */
export type RoutingParams = Infer<typeof RoutingParamsSchema>;

/** One layer of a routing run: per token (row t holds entries t·k … t·k + k − 1) and the statistics. */
export const LayerRoutingSchema = v.object({
  layer: Count,
  /** The graph output it was read from. */
  output: Name,
  /** Top-k expert ids per token, highest router score first. */
  topk: v.array(Count),
  /** Gates: router probabilities renormalised over the top-k. */
  gates: v.array(Share),
  /** Router probability (softmax over all experts) of each chosen expert. */
  probs: v.array(Share),
  ...LayerLoadSchema.entries,
  /** [expert][kind]: top-k choices of tokens of each kind that went to each expert. */
  kindCounts: v.array(v.array(Count)),
});
/** One layer of a routing run. */
export type LayerRouting = Infer<typeof LayerRoutingSchema>;

/** Result of a routing run. */
export const RoutingResultSchema = v.object({
  model: Name,
  source: Name,
  languageId: Name,
  experts: v.pipe(Count, v.minValue(1), v.maxValue(ROUTING_LIMITS.maxExperts)),
  topK: TopK,
  topKFrom: oneOf(TOP_K_SOURCES),
  /** Tokens per forward pass (the model's context); longer texts are routed in overlapping windows. */
  context: Count,
  windows: Count,
  /** The routed tokens (the start-of-text token is fed but not counted): text and document range. */
  tokens: v.object({ text: v.array(v.string()), start: v.array(Count), end: v.array(Count) }),
  /** Index into TOKEN_KINDS of each token. */
  tokenKinds: v.array(v.pipe(Count, v.maxValue(TOKEN_KINDS.length - 1))),
  /** Tokens of each kind (the matrix's column totals over k). */
  kindTotals: v.array(Count),
  layers: v.pipe(v.array(LayerRoutingSchema), v.minLength(1), v.maxLength(ROUTING_LIMITS.maxLayers)),
});
/** Result of a routing run. */
export type RoutingResult = Infer<typeof RoutingResultSchema>;

/** Request: statistics of router logits given as rows. */
export const routingStatsRequest = requestKind('routingStats', RoutingStatsParamsSchema, RoutingStatsResultSchema);
/** Request: expert routing of a text by a mixture-of-experts model. */
export const routingRequest = requestKind('routing', RoutingParamsSchema, RoutingResultSchema);

/** The MoE models among manifest entries: those whose `moe` card gives at least one expert (dense ones have 0). */
export function zooMoeModels(entries: readonly { readonly name: string }[]): string[] {
  return entries.flatMap((e) => {
    const moe = (e as { moe?: { experts?: unknown } }).moe;
    return typeof moe?.experts === 'number' && moe.experts > 0 ? [e.name] : [];
  });
}

/** The zoo model routing opens by default: `moe-lm` when the zoo has it, else `moe-phonebook-e16`. */
export function defaultMoeModel(zoo: readonly string[]): string {
  return zoo.includes('moe-lm') ? 'moe-lm' : 'moe-phonebook-e16';
}

/**
 * Colours of experts, by id modulo the list: Tableau 10 then six more distinct hues, shared by the editor's
 * token colouring and the panel's legend and bars.
 */
export const EXPERT_COLOURS = [
  ...TABLEAU_10,
  '#17becf',
  '#8c564b',
  '#bcbd22',
  '#7f3c8d',
  '#2ca02c',
  '#d62728',
] as const;

/** The colour of expert `e`. */
export const expertColour = (e: number): string => EXPERT_COLOURS[e % EXPERT_COLOURS.length] ?? '#888888';

/** The panel's action that picks the layer the editor colours by (its argument: the layer's index). */
export const ROUTING_LAYER_ACTION = 'routingLayer';

/**
 * The index of the token whose range holds `offset`, or -1. Ranges ascend and do not overlap, except that the bytes
 * of one character share its range (the first of them is found).
 */
export function tokenAtOffset(
  tokens: { readonly start: readonly number[]; readonly end: readonly number[] },
  offset: number,
): number {
  const { start, end } = tokens;
  let lo = 0;
  let hi = start.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((end[mid] ?? 0) <= offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo < start.length && (start[lo] ?? Infinity) <= offset ? lo : -1;
}

/** "1 expert", "8 experts". */
export const expertsText = (n: number): string => `${n} expert${n === 1 ? '' : 's'}`;
