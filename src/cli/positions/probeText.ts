/**
 * @file The human-readable output of `length-probe`: exact match per length, one column per model,
 * and for arithmetic tables of exact match by longest carry chain, over every length probed and over
 * only the lengths past each model's training (each cell: accuracy and, in brackets, the problems;
 * chains that no problem has are left out).
 */
import { chainsOver, type ChainLengths, type LengthProbeResult } from '../../shared/lengthProbe';

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

function chainTable(r: LengthProbeResult, which: ChainLengths): string[] {
  const counts = r.curves.map((c) => chainsOver(r, c, which));
  const chains = [...new Set(counts.flatMap((cs) => cs.map((k) => k.chain)))].sort((a, b) => a - b);
  if (chains.length === 0) return [];
  const rows: string[] = [];
  for (const chain of chains) {
    const cells = counts.map((cs) => {
      const k = cs.find((x) => x.chain === chain);
      return (k === undefined ? '-' : `${pct(k.correct / k.problems)} (${k.problems})`).padStart(WIDTH);
    });
    rows.push(`${String(chain).padStart(6)}${cells.join('')}`);
  }
  const over = which === 'all' ? 'every length probed' : 'only lengths longer than each model was trained on';
  return [
    '',
    `exact match by longest carry chain, over ${over} (problems in brackets)`,
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
    ...chainTable(r, 'all'),
    ...chainTable(r, 'past'),
  ];
  return `${lines.join('\n')}\n`;
}
