/**
 * @file The human-readable output of `length-probe`: exact match per length, one column per model,
 * and for arithmetic a second table of exact match by longest carry chain over every length probed
 * (each cell: accuracy and, in brackets, the number of problems with that chain).
 */
import type { LengthProbeResult } from '../../shared/lengthProbe';

const WIDTH = 16;
const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : `${(100 * v).toFixed(1)}%`;

function lengthTable(r: LengthProbeResult): string[] {
  return [
    `length${r.curves.map((c) => c.method.padStart(WIDTH)).join('')}`,
    ...r.lengths.map(
      (n, i) => `${String(n).padStart(6)}${r.curves.map((c) => pct(c.accuracy[i]).padStart(WIDTH)).join('')}`,
    ),
  ];
}

function chainTable(r: LengthProbeResult): string[] {
  const top = Math.max(-1, ...r.curves.flatMap((c) => (c.byChain ?? []).map((k) => k.chain)));
  if (top < 0) return [];
  const rows: string[] = [];
  for (let chain = 0; chain <= top; chain++) {
    const cells = r.curves.map((c) => {
      const k = c.byChain?.find((x) => x.chain === chain);
      return (k === undefined ? '-' : `${pct(k.correct / k.problems)} (${k.problems})`).padStart(WIDTH);
    });
    rows.push(`${String(chain).padStart(6)}${cells.join('')}`);
  }
  return [
    '',
    'exact match by longest carry chain, over every length probed (problems in brackets)',
    `chain ${r.curves.map((c) => c.method.padStart(WIDTH)).join('')}`,
    ...rows,
  ];
}

/** The length table, the models that made each column, and (arithmetic) the carry-chain table. */
export function probeText(r: LengthProbeResult): string {
  const drawn = r.carryHeavy ? 'carry-heavy problems (longest chain uniform over 0 … length)' : 'random problems';
  const lines = [
    `${r.task}: exact match over ${r.samples} ${drawn} per length (seed ${r.seed})`,
    ...r.curves.map((c) => `  ${c.method}: ${c.model}, trained on lengths 1-${c.trainMaxLength}`),
    ...lengthTable(r),
    ...chainTable(r),
  ];
  return `${lines.join('\n')}\n`;
}
