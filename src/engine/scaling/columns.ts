/**
 * @file The scaling panel's engine request: a log's columns, what each holds and the guessed mapping, for the
 * mapping quick pick, with the datasets its runs fall into under a mapping (so the host can choose each
 * dataset's loss and the pair of datasets to compare before fitting). The host never reads a log itself.
 */
import { LensError } from '../../core/errors';
import { columnKinds } from '../../core/analyses/scaling/mapping';
import { guessMapping, runsOf, type ColumnMapping } from '../../core/analyses/scaling/runs';
import { readLog, type LogTable } from '../../core/formats/logs/index';
import { scalingColumnsRequest } from '../../shared/scalingPanel';
import { handle, type EngineToolkit } from '../toolkit';

/** The datasets of the table's runs under `mapping`, or why its runs cannot be read under it. */
function datasetsOf(table: LogTable, mapping: ColumnMapping): { datasets: string[]; problem?: string } {
  try {
    return { datasets: [...new Set(runsOf(table, mapping).map((r) => r.dataset))] };
  } catch (error) {
    if (error instanceof LensError && error.code === 'bad-input') return { datasets: [], problem: error.message };
    throw error;
  }
}

/** The columns request's handler. */
export const scalingColumnsEngine: EngineToolkit = () => [
  handle(scalingColumnsRequest, async (p, job) => {
    const table = await readLog(p.path, { signal: job.signal });
    const guess = guessMapping(table);
    const mapping = p.mapping ?? guess;
    return {
      source: table.source,
      format: table.format,
      columns: [...table.columns],
      kinds: columnKinds(table),
      guess,
      ...datasetsOf(table, mapping),
    };
  }),
];
