/**
 * @file The human-readable output of `copy-probe`: per model, a table of accuracy and surprisal per length (with
 * the bound of a fixed-state model), then the lookup result.
 */
import type { CopyModelResult, CopyProbeResult } from '../../shared/copying';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function modelLines(m: CopyModelResult): string[] {
  const how = m.mode === 'text' ? 'spans of the text' : `random strings over ${JSON.stringify(m.alphabet ?? '')}`;
  const arch = m.architecture === undefined ? '' : `, ${m.architecture}`;
  const state = m.stateBits === undefined ? '' : `, state ${m.stateBits} bits`;
  const bounded = m.lengths.some((l) => l.bound !== undefined);
  const lines = [
    `${m.model}${arch}${state}: ${how}, separator ${JSON.stringify(m.separator)}`,
    `  length  tasks  string acc  token acc  1st copy bits  2nd copy bits${bounded ? '  bound' : ''}`,
  ];
  for (const l of m.lengths) {
    const bound = l.bound === undefined ? '' : `  ${pct(l.bound).padStart(6)}`;
    lines.push(
      `  ${String(l.length).padStart(6)}  ${String(l.tasks).padStart(5)}  ${pct(l.stringAccuracy).padStart(10)}  ` +
        `${pct(l.tokenAccuracy).padStart(9)}  ${l.firstBits.toFixed(2).padStart(13)}  ` +
        `${l.secondBits.toFixed(2).padStart(13)}${bound}`,
    );
  }
  if (m.vacuousBelow !== undefined)
    lines.push(`  the bound says nothing below length ${m.vacuousBelow.toFixed(1)} (stateBits / log2 D)`);
  const k = m.lookup;
  if (k !== undefined)
    lines.push(
      `  lookup: ${pct(k.stringAccuracy)} of ${k.tasks} queries exact (token accuracy ${pct(k.tokenAccuracy)}), ` +
        `${k.pairs} pairs found, ${k.listed.toFixed(1)} listed per query`,
    );
  return lines;
}

/** Every model's table. */
export function copyText(r: CopyProbeResult): string {
  const of = r.source === undefined ? '' : ` of ${r.source}`;
  const head = `copy probe${of}: up to ${r.tasks} tasks per length, seed ${r.seed}`;
  return `${[head, ...r.models.flatMap(modelLines)].join('\n')}\n`;
}
