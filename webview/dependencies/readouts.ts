/** @file Text the view writes into the page: the summary, the k chart's tooltip and the map's readout. */
import type { DependenciesResult } from '../../src/shared/dependencies';
import { STAT_HELP } from './explain';
import { formatCount, formatNumber, formatShare, meanK, tokenLabel } from './format';
import type { MapCell } from './mapCanvas';

/** The k chart's tooltip for token `index`: the token and its k by each method present. */
export function kTooltip(r: DependenciesResult, index: number): string {
  const parts = [tokenLabel(r, index)];
  if (r.kAttention) parts.push(`attention k ${formatNumber(r.kAttention[index], 0)}`);
  if (r.kAblation) parts.push(`ablation k ${formatNumber(r.kAblation[index], 0)}`);
  return parts.join(' · ');
}

/** The map readout for a cell: `query #i "a" → key #j "b" · weight 0.123`. */
export function mapReadout(r: DependenciesResult, cell: MapCell): string {
  return `query ${tokenLabel(r, cell.query)} → key ${tokenLabel(r, cell.key)} · weight ${cell.weight.toFixed(4)}`;
}

/**
 * Fills the summary heading: `<source> · <model> on <device> · <n> tokens · mean k<sub>p</sub> <x.xx>
 * (<aggregate>)`, with the subscript as an element (never HTML from data).
 */
export function renderSummary(el: HTMLElement, r: DependenciesResult): void {
  const { value, method } = meanK(r);
  const sub = document.createElement('sub');
  sub.textContent = formatShare(r.p);
  const head = `${r.source} · ${r.model} on ${r.device} · ${formatCount(r.tokens.length)} tokens · `;
  const stat = document.createElement('span');
  stat.className = 'has-help';
  stat.title = `${STAT_HELP.meanK(r.p)}\n${STAT_HELP.kp(r.p)}`;
  stat.append('mean k', sub, ` ${formatNumber(value)} (${method})`);
  el.replaceChildren(head, stat);
}
