/**
 * @file The one summary table of `npm run bench`. A benchmark reports each of its steps with {@link reportRow}:
 * ```ts
 * reportRow({ bench: 'lora', step: 'ties', ours: 0.519, peer: 0.135, unit: 's', goal: 1.5, note: 'checksums equal' });
 * ```
 * which prints one `BENCH-ROW {json}` line; the runner (bench/run.ts) collects those lines from every benchmark
 * it runs and prints {@link summaryTable} at the end. `ours` and `peer` are in `unit`; a unit ending in `/s` (a
 * rate) is better higher, any other (a time) better lower (`better` overrides). The table's ratio is always a time
 * ratio, ours over the peer's: above 1 we are slower. `goal`, where a benchmark states one, is the largest time
 * ratio it accepts (1.5: at most 1.5 times the peer's time). A step without a peer leaves `peer` out.
 */
import * as v from 'valibot';

/** What starts a summary row on a benchmark's stdout. */
export const ROW_PREFIX = 'BENCH-ROW ';

const Label = v.pipe(v.string(), v.minLength(1), v.maxLength(80));
/** A measured value; null where the benchmark got none (NaN or infinite). */
const Value = v.nullable(v.number());

/** One row of the summary: one step of one benchmark, ours beside the peer's. */
export const BenchRowSchema = v.strictObject({
  bench: Label,
  step: Label,
  ours: Value,
  peer: v.optional(Value),
  unit: v.pipe(v.string(), v.minLength(1), v.maxLength(20)),
  better: v.optional(v.picklist(['lower', 'higher'])),
  goal: v.optional(v.pipe(v.number(), v.gtValue(0), v.finite())),
  note: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
/** One row of the summary (see the file's comment). */
export type BenchRow = v.InferOutput<typeof BenchRowSchema>;

/** A measured number as JSON carries it: NaN and ±Infinity become null. */
const finiteOrNull = (x: number | null | undefined): number | null | undefined =>
  x === undefined ? undefined : x !== null && Number.isFinite(x) ? x : null;

/** The line {@link reportRow} prints for `row`. @throws Error when the row does not fit the schema (a bug). */
export function rowLine(row: BenchRow): string {
  const peer = finiteOrNull(row.peer);
  const clean = { ...row, ours: finiteOrNull(row.ours) ?? null, ...(peer === undefined ? {} : { peer }) };
  return ROW_PREFIX + JSON.stringify(v.parse(BenchRowSchema, clean));
}

/** Prints one summary row for the runner to collect (see the file's comment). */
export function reportRow(row: BenchRow): void {
  console.log(rowLine(row));
}

/** A line of a benchmark's output: a summary row, a malformed row (with why), or any other line. */
export type ParsedLine = { kind: 'row'; row: BenchRow } | { kind: 'bad'; error: string } | { kind: 'text' };

/** Reads one line of a benchmark's stdout. */
export function parseLine(line: string): ParsedLine {
  if (!line.startsWith(ROW_PREFIX)) return { kind: 'text' };
  let json: unknown;
  try {
    json = JSON.parse(line.slice(ROW_PREFIX.length));
  } catch {
    return { kind: 'bad', error: 'not JSON' };
  }
  const r = v.safeParse(BenchRowSchema, json);
  if (!r.success) return { kind: 'bad', error: r.issues.map((i) => v.getDotPath(i) ?? i.message).join(', ') };
  return { kind: 'row', row: r.output };
}

/** Our time over the peer's for `row` (above 1: we are slower); undefined without both values. */
export function timeRatio(row: BenchRow): number | undefined {
  const { ours, peer } = row;
  if (ours === null || peer === null || peer === undefined || ours <= 0 || peer <= 0) return undefined;
  const better = row.better ?? (row.unit.endsWith('/s') ? 'higher' : 'lower');
  return better === 'lower' ? ours / peer : peer / ours;
}

/** A value with its unit, to about 3 significant digits ("0.0210 s", "1234 tokens/s"); "n/a" for null. */
export function formatValue(x: number | null | undefined, unit: string): string {
  if (x === undefined) return '';
  if (x === null) return 'n/a';
  const a = Math.abs(x);
  const s = a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
  return `${s} ${unit}`;
}

/** "2.20 (2.20× slower)", "0.50 (2.00× faster)", or "" without a ratio. */
export function formatRatio(t: number | undefined): string {
  if (t === undefined) return '';
  if (t >= 1.005) return `${t.toFixed(2)} (${t.toFixed(2)}× slower)`;
  if (t <= 1 / 1.005) return `${t.toFixed(2)} (${(1 / t).toFixed(2)}× faster)`;
  return `${t.toFixed(2)} (same)`;
}

/** "≤ 1.5×: met" or "≤ 1.5×: MISSED" ("≤ 1.5×" alone without a ratio); "" without a goal. */
export function formatGoal(goal: number | undefined, t: number | undefined): string {
  if (goal === undefined) return '';
  const target = `≤ ${goal}×`;
  return t === undefined ? target : `${target}: ${t <= goal ? 'met' : 'MISSED'}`;
}

/** How one benchmark ended in a run of the runner. */
export interface BenchOutcome {
  /** The benchmark's name in the runner (bench/benches.ts). */
  readonly name: string;
  /** ok: exited 0; failed: exited non-zero or did not start; skipped: not run (see `reason`). */
  readonly status: 'ok' | 'failed' | 'skipped';
  /** Why it failed or was skipped ("exit 1", "no such file"). */
  readonly reason?: string;
  /** Wall-clock seconds it ran. */
  readonly seconds: number;
  /** The rows it reported. */
  readonly rows: readonly BenchRow[];
}

const COLUMNS = ['bench', 'step', 'ours', 'peer', 'time ratio ours/peer', 'goal', 'note'] as const;

/** The cells of one row of the table. */
function cells(row: BenchRow): string[] {
  const t = timeRatio(row);
  return [
    row.bench,
    row.step,
    formatValue(row.ours, row.unit),
    formatValue(row.peer, row.unit),
    formatRatio(t),
    formatGoal(row.goal, t),
    row.note ?? '',
  ];
}

/** The table's lines for one benchmark: its rows, and a line saying it failed, was skipped or reported nothing. */
function outcomeCells(o: BenchOutcome): string[][] {
  const lines = o.rows.map(cells);
  const took = `after ${o.seconds.toFixed(0)} s`;
  if (o.status === 'failed') lines.push([o.name, `FAILED (${o.reason ?? 'error'}, ${took})`, '', '', '', '', '']);
  else if (o.status === 'skipped') lines.push([o.name, `skipped: ${o.reason ?? ''}`, '', '', '', '', '']);
  else if (o.rows.length === 0)
    lines.push([o.name, 'no summary rows (see its output above)', '', '', '', '', `ran ${o.seconds.toFixed(0)} s`]);
  return lines;
}

/** A Markdown table, columns padded so that it also reads in a terminal; `|` in a cell is escaped. */
export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const all = [header, ...rows].map((r) => r.map((c) => c.replace(/\|/gu, '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => `| ${widths.map((w, i) => (r[i] ?? '').padEnd(w)).join(' | ')} |`;
  const [head, ...body] = all;
  return [line(head ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** The summary: `header` lines, then one table row per (benchmark, step), in the order the benchmarks ran. */
export function summaryTable(outcomes: readonly BenchOutcome[], header: readonly string[]): string {
  const table = markdownTable(COLUMNS, outcomes.flatMap(outcomeCells));
  const failed = outcomes.filter((o) => o.status === 'failed').map((o) => o.name);
  const verdict = failed.length === 0 ? 'every benchmark ran' : `FAILED: ${failed.join(', ')}`;
  return [...header, '', table, '', verdict].join('\n');
}
