/**
 * @file `model-lens dependencies <file>`: token dependencies and attention sparsity, as JSON, a
 * report, or a summary table.
 */
import { basename } from 'node:path';
import { LensError } from '../core/errors';
import { modelsDir } from '../core/paths';
import { DependenciesJobs } from '../engine/dependenciesJob';
import type { DependenciesResult } from '../shared/results';
import type { CliOptions } from './args';
import { choiceOption, intOption, offsetOf, readInput } from './input';
import { writeDependenciesReport } from './output';

/** Runs the analysis and prints or writes its result; returns the exit code. */
export async function dependenciesCommand(o: CliOptions): Promise<number> {
  const text = await readInput(o.file);
  const p = o.trees['p'] === undefined ? 0.9 : Number(o.trees['p']);
  if (!(p > 0 && p <= 1)) throw new LensError('bad-input', `--p must be a number in (0, 1], not "${o.trees['p'] ?? ''}".`);
  const jobs = new DependenciesJobs(modelsDir(__dirname));
  const at = o.trees['at'] === undefined ? undefined : offsetOf(text, o.trees['at']);
  const result = await jobs.run({
    text, source: basename(o.file ?? ''), model: o.model, device: o.device, allowLocalFiles: true,
    method: choiceOption('method', o.trees['method'], ['attention', 'ablation', 'both'] as const),
    p, k: intOption('k', o.trees['k'], 32, 1, 64), maxTokens: o.maxTokens, maps: o.out !== undefined, ...(at !== undefined ? { at } : {}),
  }, new AbortController().signal, () => undefined);
  if (o.out !== undefined) {
    await writeDependenciesReport(o.out, result);
    process.stderr.write(`Wrote ${o.out}\n`);
  }
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (o.out === undefined) process.stdout.write(summary(result));
  return 0;
}

function mean(xs: readonly (number | null)[] | undefined): string {
  const v = (xs ?? []).filter((x): x is number => x !== null);
  return v.length === 0 ? '-' : (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2);
}

function summary(r: DependenciesResult): string {
  const lines = [`${r.source}: ${r.tokens.length} tokens, ${r.model} on ${r.device}; methods: ${r.methods.join(', ')}`];
  if (r.kAttention !== undefined) lines.push(`mean k_${r.p} of the aggregated attention (${r.aggregate.split(':')[0] ?? ''}): ${mean(r.kAttention)}`);
  r.kLayers?.forEach((k, l) => lines.push(`  layer ${l}: mean k_${r.p} of the head-mean map ${mean(k)}`));
  if (r.kAblation !== undefined) lines.push(`mean k_delta (ablation, delta ${r.ablation?.delta ?? ''} nats): ${mean(r.kAblation)}`);
  if (r.agreement !== undefined) lines.push(`attention vs ablation, top-${r.agreement.k} overlap ${r.agreement.overlap} (chance ${r.agreement.chanceOverlap}) over ${r.agreement.tokens} tokens`);
  if (r.headStats !== undefined) {
    lines.push('layer head  mean k  distance  sink');
    for (const h of r.headStats) lines.push(`${String(h.layer).padStart(5)} ${String(h.head).padStart(4)} ${h.meanK.toFixed(1).padStart(7)} ${h.meanDistance.toFixed(1).padStart(9)} ${h.sinkShare.toFixed(3).padStart(5)}`);
  }
  const at = r.at;
  if (at !== undefined) {
    const token = r.tokens[at.index];
    lines.push(`dependencies of ${JSON.stringify(token?.text ?? '')} (token ${at.index}):`);
    for (const [name, deps] of [['attention', at.attention], ['ablation', at.ablation]] as const) {
      if (deps === undefined) continue;
      lines.push(`  by ${name}:`);
      for (const d of deps.slice(0, 10)) lines.push(`    ${(d.line + 1)}:${d.character + 1}  ${JSON.stringify(d.text)}  ${d.weight}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
