/**
 * @file Weights & Biases CSV exports. A chart's "Export CSV" has an x column (`Step`, `_step`...) and, per run
 * and metric, a column `<run> - <metric>` with its `__MIN` and `__MAX` companions (the spread of a sampled
 * bucket); it is reshaped to one row per run and step. The runs table's export (`Name`, `State`, `Created`...,
 * then config and summary columns: one row per run) is kept as it is.
 */
import { LensError } from '../../errors';
import { clip, columnName } from './common';
import type { LogTable, LogValue } from './types';

/** Columns of the W&B runs table besides `Name`; two of them with `Name` mark its export. */
const RUNS_TABLE_COLUMNS = new Set(['State', 'Notes', 'User', 'Tags', 'Created', 'Runtime', 'Sweep', 'ID']);

const RUN_METRIC = / - /u;
const SPREAD = /__(?:MIN|MAX)$/u;

/** Which W&B export a header is: `chart`, `runs` (the runs table) or undefined (not W&B's). */
export function wandbLayout(columns: readonly string[]): 'chart' | 'runs' | undefined {
  if (columns.includes('Name') && columns.filter((c) => RUNS_TABLE_COLUMNS.has(c)).length >= 2) return 'runs';
  const series = columns.slice(1);
  if (series.length > 0 && series.every((c) => RUN_METRIC.test(c))) return 'chart';
  return undefined;
}

/** A chart column's run and metric (split at the last " - "); undefined for `__MIN`/`__MAX` columns. */
function runMetric(column: string): { run: string; metric: string } | undefined {
  if (SPREAD.test(column)) return undefined;
  const at = column.lastIndexOf(' - ');
  return { run: column.slice(0, at), metric: column.slice(at + 3) };
}

/** Reshapes a chart export to a `run` column, its x column, and one column per metric; one row per run and x. */
export function reshapeWandb(table: LogTable): LogTable {
  const [x = 'Step', ...series] = table.columns;
  if (x === 'run')
    throw new LensError('bad-input', `${table.source}'s first column is named "run"; name it after its x axis.`);
  const metrics: string[] = [];
  const byRun = new Map<string, Map<string, Record<string, LogValue>>>();
  const whereOf = new Map<Record<string, LogValue>, string>();
  for (const column of series) {
    const parts = runMetric(column);
    if (parts === undefined) continue;
    const metric = columnName(parts.metric, ['run', x]);
    if (!metrics.includes(metric)) metrics.push(metric);
    const points = byRun.get(parts.run) ?? new Map<string, Record<string, LogValue>>();
    byRun.set(parts.run, points);
    table.rows.forEach((source, r) => {
      const value = source[column] ?? null;
      const at = source[x] ?? null;
      if (value === null || at === null) return;
      const key = String(at);
      let row = points.get(key);
      if (row === undefined) {
        row = { run: parts.run, [x]: at };
        points.set(key, row);
        whereOf.set(row, `run ${clip(parts.run, 60)}, ${x} ${key} (row ${r + 1})`);
      }
      row[metric] = value;
    });
  }
  const rows = [...byRun.values()].flatMap((points) => [...points.values()]);
  for (const row of rows) for (const metric of metrics) row[metric] ??= null;
  const where = rows.map((row) => whereOf.get(row) ?? '');
  return { source: table.source, format: 'wandb', columns: ['run', x, ...metrics], rows, where };
}
