/** @file Text of the dependencies view: the summary line, token labels and numbers. */
import type { DependenciesResult } from '../../src/shared/dependencies';
import { showToken } from '../../src/shared/tokenText';

const count = new Intl.NumberFormat('en-US');

/** A count with thousands separators, e.g. `16,384`. */
export function formatCount(n: number): string {
  return count.format(n);
}

/** A number with `digits` decimals, or `–` for null. */
export function formatNumber(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}

/** A token by index: `#12 foo` (its text as in the file, by `showToken`), or `BOS` for index -1 (start of text). */
export function tokenLabel(r: DependenciesResult, index: number, max = 40): string {
  if (index < 0) return 'BOS';
  const t = r.tokens[index];
  return t ? `#${index} ${showToken(t.text, max)}` : `#${index}`;
}

/**
 * The aggregate's short name: its words before any reference in brackets, a colon or a comma
 * (`attention rollout (Abnar & Zuidema 2020): …` → `attention rollout`); a plain mean is `mean attention`.
 */
export function aggregateShortName(aggregate: string): string {
  if (/^mean\b/i.test(aggregate)) return 'mean attention';
  const short = aggregate.split(/\s[([]|[,:;]|\s[—–-]\s/)[0]?.trim() ?? '';
  const words = (short || aggregate).split(/\s+/);
  return words.length > 4 ? `${words.slice(0, 4).join(' ')}…` : words.join(' ');
}

function mean(values: readonly (number | null)[] | undefined): number | undefined {
  const scored = (values ?? []).filter((v): v is number => v !== null);
  return scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : undefined;
}

/** Mean k_p over the text and what it measures: the aggregate's, else the mean of per-token k. */
export function meanK(r: DependenciesResult): { readonly value: number | undefined; readonly method: string } {
  const attention = r.aggregateStats?.meanK ?? mean(r.kAttention);
  if (attention !== undefined || r.kAblation === undefined)
    return { value: attention, method: aggregateShortName(r.aggregate) };
  return { value: mean(r.kAblation), method: 'ablation' };
}

/** `0.9` → `0.9`, `0.95` → `0.95` (no trailing zeros). */
export function formatShare(p: number): string {
  return String(Math.round(p * 1000) / 1000);
}
