/**
 * @file What the LoRA commands print without --json: the composition table (with the reason the
 * softmax CAT scores lower, when it does), the statistics per layer, the evaluation rows and the written merge.
 */
import type { LoraComposeResult, LoraEvalResult, LoraMergeResult, LoraStatsResult } from '../../shared/lora';
import { softmaxCatWhy } from '../../shared/loraHelp';

const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
const pct = (x: number): string => `${(100 * x).toFixed(1).padStart(5)}%`;

/** The composition: one line per configuration, the CAT weights, and the per-layer statistics. */
export function composeText(r: LoraComposeResult): string {
  const lines = [`${r.base} + ${r.adapters.join(', ')} on ${r.data.source} (${r.data.items} items)`];
  for (const row of r.rows)
    lines.push(`${row.config.padEnd(34)} exact match ${pct(row.exactMatch)}  loss ${row.loss.toFixed(3)}`);
  const why = softmaxCatWhy(r);
  if (why !== undefined) lines.push(why);
  if (r.cat !== undefined) {
    const weights = JSON.stringify(r.cat.weights.map((w) => w.map(round3)));
    const columns = `rows = layers, columns = ${r.adapters.join(', ')}`;
    lines.push(`CAT weights (${r.cat.parameterisation}, learned on ${r.dev?.source ?? 'dev'}; ${columns}): ${weights}`);
  }
  for (const l of r.layers) {
    const share = l.conflictShare === null ? '-' : `${(100 * l.conflictShare).toFixed(1)}%`;
    const cosine = JSON.stringify(l.cosine.map((c) => c.map(round3)));
    lines.push(`${l.name}: cosine ${cosine}, TIES sign conflicts ${share} of ${l.overlapping}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Per-layer cosines, then per-layer sign conflicts. */
export function statsText(r: LoraStatsResult): string {
  const lines = r.cosines.map(
    (row) => `layer ${row.layer}: cosine ${JSON.stringify(row.cosine.map((c) => c.map(round3)))}`,
  );
  for (const row of r.conflicts) {
    const share = `${(100 * (row.share ?? NaN)).toFixed(1)}%`;
    lines.push(`layer ${row.layer}: sign conflicts TIES resolves ${share} of ${row.overlapping} overlapping entries`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per scored configuration. */
export function evalText(r: LoraEvalResult): string {
  return r.rows
    .map((row) => `${row.config.padEnd(16)} exact match ${pct(row.exactMatch)}  loss ${row.loss.toFixed(3)}\n`)
    .join('');
}

/** The written merge, and the CAT weights when they were learned. */
export function mergeText(r: LoraMergeResult, adapters: number, method: string): string {
  const lines = [`Merged ${adapters} adapters by ${method} (${r.modules} modules) into ${r.out}`];
  if (r.learned !== undefined && r.catWeights !== undefined) {
    const { source, startLoss, devLoss } = r.learned;
    const loss = `dev loss ${startLoss.toFixed(4)} → ${devLoss.toFixed(4)}`;
    lines.unshift(`CAT weights learned on ${source}: ${JSON.stringify(r.catWeights)} (${loss})`);
  }
  return `${lines.join('\n')}\n`;
}
