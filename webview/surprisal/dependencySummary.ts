/**
 * @file The side panel's summary of the token dependencies of the active file: mean k per layer
 * and the sparsest heads, shown under the surprisal chart when a dependencies result arrives.
 */
import type { DependenciesResult } from '../../src/shared/dependencies';

function mean(xs: readonly (number | null)[]): number {
  let s = 0;
  let n = 0;
  for (const x of xs) {
    if (x !== null) {
      s += x;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

function line(text: string, className: string): HTMLElement {
  const el = document.createElement('p');
  el.className = className;
  el.textContent = text;
  return el;
}

/** Renders the summary into `#dependency-summary`, creating it after the token text if needed. */
export function showDependencySummary(result: DependenciesResult): void {
  let box = document.getElementById('dependency-summary');
  if (box === null) {
    box = document.createElement('section');
    box.id = 'dependency-summary';
    box.className = 'dependency-summary';
    box.setAttribute('aria-label', 'Token dependencies');
    document.getElementById('app')?.append(box);
  }
  box.replaceChildren(
    line(
      `Token dependencies · ${result.source} · ${result.tokens.length} tokens · ${result.model}`,
      'dependency-title',
    ),
  );
  if (result.kAttention !== undefined)
    box.append(
      line(
        `mean k${result.p} (${result.aggregate.split(' (')[0] ?? ''}): ${mean(result.kAttention).toFixed(2)}`,
        'dependency-line',
      ),
    );
  result.kLayers?.forEach((k, l) =>
    box?.append(line(`layer ${l}: mean k${result.p} of the head mean ${mean(k).toFixed(2)}`, 'dependency-line')),
  );
  const heads = [...(result.headStats ?? [])].sort((a, b) => a.meanK - b.meanK).slice(0, 3);
  if (heads.length > 0)
    box.append(
      line(
        `sparsest heads: ${heads.map((h) => `L${h.layer}H${h.head} (k ${h.meanK.toFixed(1)})`).join(', ')}`,
        'dependency-line',
      ),
    );
  for (const note of result.notes ?? []) box.append(line(note, 'dependency-note'));
}
