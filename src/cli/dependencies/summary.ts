/**
 * @file The text `model-lens dependencies` prints without --json: mean k per method and layer,
 * the per-head statistics, and the ranked dependencies of the token at --at.
 */
import { ablationCut, type DependenciesResult } from '../../shared/dependencies';
import { showToken } from '../../shared/tokenText';

function mean(xs: readonly (number | null)[] | undefined): string {
  const v = (xs ?? []).filter((x): x is number => x !== null);
  return v.length === 0 ? '-' : (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2);
}

function kLines(r: DependenciesResult): string[] {
  const lines: string[] = [];
  if (r.kAttention !== undefined) {
    const aggregate = r.aggregate.split(':')[0] ?? '';
    lines.push(`mean k_${r.p} of the aggregated attention (${aggregate}): ${mean(r.kAttention)}`);
  }
  r.kLayers?.forEach((k, l) => lines.push(`  layer ${l}: mean k_${r.p} of the head-mean map ${mean(k)}`));
  if (r.kAblation !== undefined) {
    lines.push(`mean k_delta (ablation, delta ${r.ablation?.delta ?? ''} nats): ${mean(r.kAblation)}`);
    if (r.ablation !== undefined) lines.push(`  ablation: ${r.ablation.method}`);
  }
  const g = r.agreement;
  if (g !== undefined) {
    lines.push(
      `attention vs ablation, top-${g.k} overlap ${g.overlap} (chance ${g.chanceOverlap}) over ${g.tokens} tokens`,
    );
  }
  return lines;
}

function headLines(r: DependenciesResult): string[] {
  if (r.headStats === undefined) return [];
  const lines = ['layer head  mean k  distance  sink'];
  for (const h of r.headStats) {
    const cells = [String(h.layer).padStart(5), String(h.head).padStart(4), h.meanK.toFixed(1).padStart(7)];
    lines.push(`${cells.join(' ')} ${h.meanDistance.toFixed(1).padStart(9)} ${h.sinkShare.toFixed(3).padStart(5)}`);
  }
  return lines;
}

function atLines(r: DependenciesResult): string[] {
  const at = r.at;
  if (at === undefined) return [];
  const token = r.tokens[at.index];
  const shown = showToken(token?.text ?? '');
  if (at.context === 0) return [`"${shown}" is the first token of the file: nothing comes before it to depend on.`];
  const reach = ablationCut(r);
  const cut = reach !== undefined ? `, the nearest ${reach} ablated` : '';
  const seen = at.context !== undefined ? `, from the ${at.context} tokens before it${cut}` : '';
  const lines = [`dependencies of "${shown}" (token ${at.index}${seen}):`];
  for (const [name, deps] of [
    ['attention', at.attention],
    ['ablation', at.ablation],
  ] as const) {
    if (deps === undefined) continue;
    lines.push(`  by ${name}:`);
    for (const d of deps.slice(0, 10)) {
      lines.push(`    ${d.line + 1}:${d.character + 1}  "${showToken(d.text)}"  ${d.weight}`);
    }
  }
  return lines;
}

/** One line per fact: what ran, mean k per method and layer, head statistics, ranked dependencies. */
export function summarise(r: DependenciesResult): string {
  const head = `${r.source}: ${r.tokens.length} tokens, ${r.model} on ${r.device}; methods: ${r.methods.join(', ')}`;
  return `${[head, ...kLines(r), ...headLines(r), ...atLines(r)].join('\n')}\n`;
}
