/**
 * @file Guessing which column of a training log holds what, from the column names (compared without case,
 * punctuation, or a `config/`-like prefix) and from whether the column holds numbers or texts.
 */
import type { LogTable } from '../../formats/logs/types';

/** A column name reduced for comparison: its last `/` or `.` part, lower case, letters and digits only. */
export function compactName(column: string): string {
  const tail = column.split(/[/.]/u).pop() ?? column;
  return tail.toLowerCase().replace(/[^a-z0-9]/gu, '');
}

/** Names (compacted) of each role, most telling first. */
export const ROLE_NAMES = {
  run: ['run', 'runname', 'name', 'runid', 'experiment', 'exp', 'id'],
  step: ['step', 'globalstep', 'steps', 'iteration', 'iter'],
  N: [
    'params',
    'nparams',
    'numparams',
    'parameters',
    'nparameters',
    'paramcount',
    'modelparams',
    'modelsize',
    'nonembeddingparams',
    'nonembparams',
    'size',
  ],
  D: [
    'tokens',
    'ntokens',
    'numtokens',
    'tokensseen',
    'traintokens',
    'trainingtokens',
    'tokenstrained',
    'totaltokens',
    'datasize',
    'datasetsize',
    'data',
    'dtokens',
  ],
  C: ['flops', 'compute', 'totalflops', 'trainflops', 'flopsused', 'computeflops', 'flop'],
  dataset: ['dataset', 'dataname', 'datasetname', 'corpus', 'domain', 'task', 'distribution', 'data'],
} as const;

/** The one-letter names of the paper's symbols, matched with their case. */
const SYMBOLS: Readonly<Record<string, string>> = { N: 'N', D: 'D', C: 'C' };

/** Evaluation prefixes whose numeric columns count as losses unless their name says they are something else. */
const EVAL_PREFIX = /^(?:eval|val|valid|validation|test)[/_.]/iu;
const NOT_A_LOSS = /runtime|second|accuracy|acc$|epoch|lr$|learning|time|samples|steps|f1|bleu|rouge|score/iu;
/** Numeric columns never taken as a loss when no column is named like one. */
const NEVER_A_LOSS = /step|epoch|lr$|learning|time|runtime|second|samples|tokens|params|flops|grad|norm/iu;

/** What a column holds, for a quick pick: numbers (NaN counted), texts, both, or nothing. */
export type ColumnKind = 'number' | 'text' | 'mixed' | 'empty';

/** What each column of a table holds, by name. */
export function columnKinds(table: LogTable): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = {};
  for (const column of table.columns) {
    const number = holds(table, column, 'number');
    const text = holds(table, column, 'string');
    kinds[column] = number && text ? 'mixed' : number ? 'number' : text ? 'text' : 'empty';
  }
  return kinds;
}

/** Whether the column holds at least one number / at least one text. */
function holds(table: LogTable, column: string, kind: 'number' | 'string'): boolean {
  return table.rows.some((row) => typeof row[column] === kind);
}

/** The first column (in the order of `names`) whose compact name is one of them, not already taken. */
export function findRole(table: LogTable, role: keyof typeof ROLE_NAMES, taken: ReadonlySet<string>) {
  const kind = role === 'run' || role === 'dataset' ? undefined : 'number';
  const free = table.columns.filter((c) => !taken.has(c) && (kind === undefined || holds(table, c, kind)));
  const symbol = SYMBOLS[role];
  if (symbol !== undefined && free.includes(symbol)) return symbol;
  for (const name of ROLE_NAMES[role]) {
    const found = free.find((c) => compactName(c) === name && (role !== 'dataset' || holds(table, c, 'string')));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a column's name says it is a loss (`loss`, `train/loss`, `val_loss`, `eval/…`). */
export function isLossName(column: string): boolean {
  if (/loss/iu.test(column)) return true;
  return EVAL_PREFIX.test(column) && !NOT_A_LOSS.test(column);
}

/** The loss columns: numeric, not taken, named like losses; failing those, every numeric column left over. */
export function guessLosses(table: LogTable, taken: ReadonlySet<string>): string[] {
  const numeric = table.columns.filter((c) => !taken.has(c) && holds(table, c, 'number'));
  const named = numeric.filter(isLossName);
  return named.length > 0 ? named : numeric.filter((c) => !NEVER_A_LOSS.test(c));
}
