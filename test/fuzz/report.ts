/**
 * @file The campaign's table (one row per format: cases, clean errors, successes, each failure kind, peak
 * memory) and the list of failing cases with the command that reproduces each.
 */
import { passes, type Outcome, type Verdict } from './classify';
import { reproduce } from './cases';
import type { FuzzCase } from './types';

/** A case and its outcome. */
export interface Ran {
  readonly c: FuzzCase;
  readonly o: Outcome;
}

const COLUMNS: readonly [string, (rs: readonly Ran[]) => number][] = [
  ['cases', (rs) => rs.length],
  ['clean', (rs) => count(rs, 'clean-error')],
  ['success', (rs) => count(rs, 'success')],
  ['crash', (rs) => count(rs, 'crash')],
  ['timeout', (rs) => count(rs, 'timeout')],
  ['exit-1', (rs) => rs.filter((r) => r.o.exit === 1).length],
  ['non-finite', (rs) => count(rs, 'non-finite')],
  ['memory', (rs) => count(rs, 'memory')],
  ['noisy', (rs) => count(rs, 'noisy-error')],
  ['leftover', (rs) => count(rs, 'leftover')],
  ['other', (rs) => count(rs, 'bad-output') + count(rs, 'input-changed')],
  ['peak MB', (rs) => Math.max(0, ...rs.map((r) => r.o.peakMb))],
  ['max s', (rs) => Math.round(Math.max(0, ...rs.map((r) => r.o.ms)) / 100) / 10],
];

const count = (rs: readonly Ran[], v: Verdict): number => rs.filter((r) => r.o.verdict === v).length;

/** The table, as Markdown, one row per format and a total. */
export function table(ran: readonly Ran[]): string {
  const formats = [...new Set(ran.map((r) => r.c.format))];
  const rows = [...formats.map((f) => [f, ran.filter((r) => r.c.format === f)] as const), ['all', ran] as const];
  const head = `| format | ${COLUMNS.map(([n]) => n).join(' | ')} |`;
  const rule = `|---|${COLUMNS.map(() => '---:').join('|')}|`;
  const body = rows.map(([name, rs]) => `| ${name} | ${COLUMNS.map(([, f]) => String(f(rs))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** One line per failing case: verdict, what the case was, why, and how to run it again. */
export function failures(ran: readonly Ran[]): string[] {
  return ran
    .filter((r) => !passes(r.o.verdict))
    .map((r) => `${r.o.verdict} ${r.c.format}#${r.c.index}: ${r.c.what} → ${r.o.detail}\n    ${reproduce(r.c)}`);
}
