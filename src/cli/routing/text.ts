/**
 * @file The human-readable output of `moe routing` and `moe routing-stats`: per layer, each expert's load, share
 * and mean router probability, then the auxiliary loss, the coefficient of variation, the normalised entropy and
 * the dead experts.
 */
import { expertsText, type LayerLoad, type RoutingResult, type RoutingStatsResult } from '../../shared/routing';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function loadLines(l: LayerLoad): string[] {
  const lines = ['expert   tokens   share   mean p'];
  l.counts.forEach((c, e) => {
    const cols = [String(e).padStart(6), String(c).padStart(8), pct(l.fractions[e] ?? 0).padStart(7)];
    lines.push(`${cols.join(' ')}  ${pct(l.meanProb[e] ?? 0).padStart(7)}`);
  });
  const dead = l.dead.length === 0 ? 'none' : l.dead.join(', ');
  lines.push(
    `aux loss ${l.auxLoss.toFixed(4)} (1 = uniform)  CV ${l.cv.toFixed(4)}  entropy ${l.entropy.toFixed(4)}  ` +
      `dead experts: ${dead}`,
  );
  return lines;
}

/** Per layer a table of the experts' loads and the layer's statistics. */
export function routingText(r: RoutingResult): string {
  const lines = [
    `Expert routing of ${r.source} by ${r.model}: ${r.tokens.start.length} tokens, ${expertsText(r.experts)}, ` +
      `top-${r.topK} (${r.topKFrom === 'manifest' ? "the model's card" : 'requested'}), ${r.windows} window(s)`,
  ];
  for (const l of r.layers) lines.push('', `layer ${l.layer} (${l.output})`, ...loadLines(l));
  return `${lines.join('\n')}\n`;
}

/** The statistics of router logits given as rows. */
export function statsText(r: RoutingStatsResult): string {
  const k = r.topk[0]?.length ?? 0;
  return `${[`${r.topk.length} tokens, ${expertsText(r.counts.length)}, top-${k}`, ...loadLines(r)].join('\n')}\n`;
}
