/**
 * @file The side panel's summary of the token dependencies of the file in view: how many earlier tokens a
 * prediction leans on (mean k per layer, by ablation, the sparsest heads), each figure with a help line in
 * plain words. Shown under the surprisal chart when a dependencies result arrives.
 */
import { ablationMeasureWords, type DependenciesResult } from '../../src/shared/dependencies';

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

function line(text: string, className: string, help?: string): HTMLElement {
  const el = document.createElement('p');
  el.className = className;
  el.textContent = text;
  if (help !== undefined) el.title = help;
  return el;
}

/** `90 %` for p = 0.9. */
function percent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** The plain-words help line of k at share `p`. */
export function kHelp(p: number): string {
  return (
    `k at ${percent(p)}: the fewest earlier tokens that together hold ${percent(p)} of the attention a ` +
    'token pays. Small k: the prediction looks at a few tokens; large k: its attention is spread out.'
  );
}

function figures(result: DependenciesResult): HTMLElement[] {
  const out: HTMLElement[] = [];
  const p = percent(result.p);
  const aggregate = result.aggregate.split(' (')[0] ?? result.aggregate;
  if (result.kAttention !== undefined) {
    const help = `Averaged over the tokens of the file; the layers' attention combined by ${result.aggregate}.`;
    out.push(line(`mean k at ${p}, ${aggregate}: ${mean(result.kAttention).toFixed(1)}`, 'dependency-line', help));
  }
  result.kLayers?.forEach((k, l) => {
    const help = `Layer ${l}: k at ${p} of the attention averaged over the layer's ${result.heads} heads.`;
    out.push(line(`layer ${l}: mean k ${mean(k).toFixed(1)}`, 'dependency-line', help));
  });
  if (result.kAblation !== undefined) {
    const delta = result.ablation?.delta;
    const help =
      'Earlier tokens whose removal changes the prediction by more than δ' +
      `${delta === undefined ? '' : ` = ${delta} nats`} (${ablationMeasureWords(result.ablation?.measure).long}). ` +
      'Attention spreads over many tokens ' +
      'that barely change the prediction, so this k is usually much smaller than the attention k.';
    out.push(line(`mean k by ablation: ${mean(result.kAblation).toFixed(1)}`, 'dependency-line', help));
  }
  const heads = [...(result.headStats ?? [])].sort((a, b) => a.meanK - b.meanK).slice(0, 3);
  if (heads.length > 0) {
    const names = heads.map((h) => `layer ${h.layer} head ${h.head} (k ${h.meanK.toFixed(1)})`).join(', ');
    const help = 'The attention heads whose k is smallest on average: each looks at the fewest earlier tokens.';
    out.push(line(`sparsest heads: ${names}`, 'dependency-line', help));
  }
  return out;
}

/** Renders the summary into `#dependency-summary`, creating it at the end of the view if needed. */
export function showDependencySummary(result: DependenciesResult): void {
  let box = document.getElementById('dependency-summary');
  if (box === null) {
    box = document.createElement('section');
    box.id = 'dependency-summary';
    box.className = 'dependency-summary';
    box.setAttribute('aria-label', 'Token dependencies');
    document.getElementById('app')?.append(box);
  }
  const n = result.tokens.length;
  box.replaceChildren(
    line(`Token dependencies · ${result.source} · ${n} tokens · ${result.model}`, 'dependency-title'),
    line(`How many earlier tokens each prediction leans on. ${kHelp(result.p)}`, 'help'),
    ...figures(result),
    ...(result.notes ?? []).map((note) => line(note, 'dependency-note')),
  );
}
