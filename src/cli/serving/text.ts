/**
 * @file The text `model-lens serve-sim` prints without --json: the workload, a table of policies × c, the load
 * points, and the reader's notes.
 */
import type { ServingSimulateResult } from '../../shared/serving';

/** A number in 4 significant digits (exponent form when very large or small); '-' when absent. */
function num(x: number | undefined): string {
  if (x === undefined) return '-';
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toPrecision(4);
}

const pad = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(12) : cell.padStart(10)));

/** The table, one row per policy × c. */
function table(r: ServingSimulateResult): string[] {
  const head = pad(['policy', 'mean', 'p50', 'p99', 'mean TTFT', 'preempt/j', 'theory']).join(' ');
  const rows = r.runs.map(({ summary: s }) => {
    const name = s.c !== undefined ? `${s.policy} c=${s.c}` : s.policy;
    const cells = [s.meanLatency, s.p50, s.p99, s.meanTtft, s.preemptionsPerJob, s.theory].map(num);
    return pad([name, ...cells]).join(' ');
  });
  return [head, ...rows];
}

/** The human-readable summary of a simulation. */
export function serveSimText(r: ServingSimulateResult): string {
  const unit = r.timeUnit === 's' ? 'seconds' : 'mean service times';
  const load = r.rho !== undefined ? `, load ρ = ${num(r.rho)}` : '';
  const size = r.format === 'mg1' ? 'size' : 'output tokens';
  const lines = [
    `${r.source} (${r.format}): ${r.jobs} requests, mean ${size} ${num(r.meanSize)}${load}`,
    `${r.mode === 'mg1' ? 'M/G/1' : 'batched'} cost model; latencies in ${unit}`,
    '',
    ...table(r),
  ];
  if (r.loads.length > 0) {
    const axis = r.loadAxis === 'rho' ? 'load ρ' : "× the trace's rate";
    lines.push('', `mean latency against ${axis}:`);
    for (const p of r.loads) {
      const name = p.c !== undefined ? `${p.policy} c=${p.c}` : p.policy;
      const theory = p.theory !== undefined ? ` (theory ${num(p.theory)})` : '';
      lines.push(`  ${name.padEnd(14)} at ${num(p.load)}: ${num(p.meanLatency)}${theory}`);
    }
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}
