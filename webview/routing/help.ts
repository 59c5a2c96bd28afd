/**
 * @file The routing view's words: what each chart and statistic means (tooltips and notes).
 */

/** Tooltips and notes of the routing view. */
export const HELP = {
  intro:
    'A mixture-of-experts layer sends each token to k of its E experts, chosen by the router: p = softmax of the ' +
    'router scores, the k largest kept, and their gates renormalised to sum to 1. The editor colours each token by ' +
    'its first expert in the layer chosen here; hover a token for its experts, gates and p.',
  layer: 'The layer the charts below and the editor colours show.',
  load:
    'Tokens routed to each expert (a token counts once for each of its k experts). The dashed line is a uniform ' +
    'load, k·T/E. A red ✕ marks an expert that received no token (dead).',
  kinds:
    'For each kind of source token (columns), the share of its routing choices that went to each expert (rows): ' +
    'each column sums to 100 %. A dark cell means the expert specialises in that kind.',
  counts: 'c_e: tokens with expert e among their top-k.',
  fractions: 'f_e = c_e / (k·T): the share of all routing choices that went to expert e.',
  meanProb: 'P̄_e: the mean router probability of expert e over the tokens (softmax over all experts).',
  auxLoss:
    'Auxiliary load-balancing loss E · Σ f_e · P̄_e (Switch Transformer): 1 when loads and probabilities are ' +
    'uniform, larger when the router favours a few experts.',
  cv: 'Coefficient of variation of the loads c_e: population standard deviation over the mean (0 = uniform).',
  entropy:
    'Normalised entropy of the load shares, −Σ f_e ln f_e / ln E: 1 = uniform, 0 = one expert takes everything ' +
    '(defined as 1 for a single expert).',
  dead: 'Experts no token of this text was routed to.',
  topK: 'k: experts per token. From the zoo model card, or the request (--top-k, default 2) for other models.',
} as const;
