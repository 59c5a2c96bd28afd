/**
 * @file Plain words of the attention-sparsity view: what each part shows, what each statistic
 * measures and how to read it, the methods in one line each, head names spelled out, and where the
 * scoring windows of a long text start (the cause of the k curve's sawtooth). No DOM use.
 */
import {
  ablationMeasureWords,
  type AblationMeasure,
  type DependenciesResult,
  type HeadStat,
} from '../../src/shared/dependencies';
import { formatNumber } from './format';

/** Statistics the head grid can be coloured by. */
export type GridStat = 'meanK' | 'meanDistance' | 'sinkShare';

/** The line at the top of the view: what the whole panel shows. */
export const VIEW_INTRO =
  'How many earlier tokens the model leans on to predict each token (k), which ones, and how its ' +
  'attention heads spread their attention. Hover any name or number for what it means.';

/** The "what you are seeing" line of each section, by section id. */
export const SECTION_INTRO = {
  k:
    'One point per token of the text: k, the number of earlier tokens its prediction depends on. ' +
    'Low k: the model reads a few nearby tokens; high k: it spreads over many. Click a point to show the token.',
  grid:
    'One square per attention head (rows: layers, columns: heads), coloured by the chosen statistic over the ' +
    'whole text. Click a square to show that head in the map and the lines.',
  at: 'The earlier tokens the prediction of the token at the cursor depends on most, strongest first.',
  map:
    'Each row is a token being predicted (query), each column an earlier token it can attend to (key); the ' +
    'darker the cell, the more attention. Everything sits left of the diagonal: a token sees only the past. ' +
    'Wheel to zoom (token text appears when zoomed in), drag to pan.',
  lines:
    'Attention as in BertViz: each token on the left attends to the earlier tokens on the right; the thicker ' +
    'and darker a line, the more attention. Hover a token to see only its lines.',
} as const;

/** What each statistic measures and how to read it (tooltips and help lines). */
export const STAT_HELP = {
  kp: (p: number): string =>
    `k_${p} (k at p = ${p}): the fewest earlier tokens that together hold ${Math.round(p * 100)} % of a ` +
    "prediction's attention. 1 means all attention on one token; large means it is spread thin.",
  meanK: (p: number): string =>
    `mean k: the average of k_${p} over all predictions of the text. Lower means sparser, more focused attention.`,
  kDelta: (delta: number | undefined, measure?: AblationMeasure): string =>
    'k_δ (ablation k): how many earlier tokens, each removed on its own, change the prediction by more than ' +
    `${delta === undefined ? 'a threshold δ' : `δ = ${delta}`} (${ablationMeasureWords(measure).long}, in ` +
    'nats). These are the tokens ' +
    'the prediction really needs.',
  meanDistance:
    'mean distance: how far back, in tokens, a head looks on average (attention-weighted). Small: ' +
    'it reads neighbours; large: it reaches far back.',
  sinkShare:
    "sink share: the share of a head's attention that goes to the first token of its window (the " +
    '"attention sink", a resting place that carries little information). High: the head is mostly idle.',
  agreement:
    'agreement: how many of the top tokens by attention are also among the top tokens by ablation. Jaccard ' +
    '= shared / all distinct (0: none shared, 1: the same set); compare with what chance would give.',
  headMean: 'head mean: the attention of all heads of a layer averaged into one map, before k is counted.',
} as const;

/** One-line descriptions of the methods. */
export const METHOD_HELP = {
  attention: 'attention: reads the attention weights the model computes; k counts the tokens that hold most of them.',
  ablation: 'ablation: removes each earlier token in turn and measures how much the prediction changes (KL, nats).',
  rollout:
    'attention rollout (Abnar & Zuidema 2020): multiplies the attention of all layers (with the residual ' +
    'path) to trace how much each earlier token reaches the prediction through every layer.',
  mean: 'mean attention: the attention of all layers and heads averaged into one map.',
} as const;

/** Why attention k and ablation k of the same token can differ so much. */
export const K_DIFFERENCE =
  'Why attention k and ablation k differ (say 200 and 3 for one token): attention spreads some mass thinly ' +
  'over many tokens, and k_p counts every token needed to reach p of it; ablation counts only the tokens ' +
  'whose removal changes the prediction by more than δ.';

/** `L3H1` → `layer 3, head 1`; other text unchanged. */
export function spellHead(name: string): string {
  const m = /^L(\d+)H(\d+)$/u.exec(name);
  return m ? `layer ${m[1]}, head ${m[2]}` : name;
}

/** The short name of a head with its spelled-out form, e.g. `L3H1 (layer 3, head 1)`. */
export function headName(layer: number, head: number): string {
  return `L${layer}H${head} (layer ${layer}, head ${head})`;
}

/**
 * The ablation help line, with how this result's ablated copies were computed (the end of its method, from "each
 * ablated copy": through the KV cache, or each whole window recomputed, and why).
 */
export function ablationHelp(r: DependenciesResult): string {
  const how = /each ablated copy .*$/u.exec(r.ablation?.method ?? '')?.[0];
  const what =
    r.ablation?.measure === 'surprisal'
      ? "ablation: removes each earlier token in turn and measures how far the actual next token's surprisal " +
        'moves (nats): the server gives per-token log-probabilities, not the whole distribution a KL needs.'
      : METHOD_HELP.ablation;
  return how === undefined ? what : `${what} Here ${how}.`;
}

/** The description of the result's attention aggregate, in one line. */
export function aggregateHelp(r: DependenciesResult): string {
  if (/rollout/iu.test(r.aggregate)) return METHOD_HELP.rollout;
  if (/^mean\b/iu.test(r.aggregate)) return METHOD_HELP.mean;
  return r.aggregate;
}

/**
 * Token indices (of `r.tokens`) where a new scoring window starts: a long text is scored in windows
 * of `window` positions (the BOS and the tokens) that overlap by half, and each window scores the
 * predictions the one before could not, from where it ended (as `planWindows` does).
 */
export function windowStarts(tokens: number, window: number): number[] {
  const n = tokens + 1;
  if (!Number.isInteger(window) || window < 2) return [];
  const stride = Math.max(1, Math.floor(window / 2));
  const starts: number[] = [];
  for (let end = window; end < n; end += stride) starts.push(end - 1);
  return starts;
}

/** The help line of the k chart: what k is, the sawtooth when the text spans several windows, the methods. */
export function kChartHelp(r: DependenciesResult): string {
  const starts = r.kAttention ? windowStarts(r.tokens.length, r.window) : [];
  const saw =
    starts.length > 0
      ? `The sawtooth comes from scoring: the text is read in overlapping windows of ${r.window} tokens, and a ` +
        'token where a window starts scoring (dashed lines) sees only half a window of earlier text, so its k ' +
        'drops; k then grows with the context until the next window starts.'
      : `The whole text fits one window of ${r.window} tokens, so every prediction sees all earlier tokens.`;
  return r.kAblation && r.kAttention ? `${saw} ${K_DIFFERENCE}` : saw;
}

/** What each grid statistic measures, for the legend and the help line under the selector. */
export function gridStatHelp(stat: GridStat, p: number): string {
  return stat === 'meanK' ? STAT_HELP.meanK(p) : STAT_HELP[stat];
}

/** The tooltip of a head grid cell: the head spelled out and all three of its statistics. */
export function headTitle(s: HeadStat, p: number): string {
  return (
    `${headName(s.layer, s.head)}\nmean k (p = ${p}) ${formatNumber(s.meanK)}` +
    ` · mean distance ${formatNumber(s.meanDistance, 1)} tokens · sink share ${formatNumber(s.sinkShare)}` +
    '\nClick to show this head in the map and the lines.'
  );
}

/**
 * The line under the summary: how the attention shown was aggregated, in words, and (when both
 * methods ran) how far attention and ablation agree on the top tokens.
 */
export function statsLine(r: DependenciesResult): string {
  const parts: string[] = [];
  if (r.kAttention) parts.push(`Attention k is counted on ${aggregateHelp(r)}`);
  const a = r.agreement;
  if (a) {
    parts.push(
      `Attention and ablation share ${formatNumber(a.overlap, 1)} of their top ${a.k} tokens on average ` +
        `(Jaccard ${formatNumber(a.jaccard)}; chance would give ${formatNumber(a.chanceOverlap, 1)}). ` +
        STAT_HELP.agreement,
    );
  }
  return parts.join(' ');
}
