/**
 * @file From a log table to scaling runs: which columns hold the run name, parameters N, tokens D, compute C,
 * dataset and losses (guessed, correctable by the user), and each run's last logged point.
 */
import { LensError } from '../../errors';
import type { LogTable } from '../../formats/logs/types';

/** Which column of a log holds what; `losses` lists the loss columns (at least one to fit anything). */
export interface ColumnMapping {
  readonly run?: string;
  readonly N?: string;
  readonly D?: string;
  readonly C?: string;
  readonly dataset?: string;
  readonly step?: string;
  readonly losses: readonly string[];
}

/** One run: its last logged point. C = 6·N·D when the log has no compute column. */
export interface ScalingRun {
  readonly run: string;
  readonly dataset: string;
  readonly N?: number;
  readonly D?: number;
  readonly C: number;
  readonly losses: Readonly<Record<string, number>>;
  readonly where: string;
}

/** Guesses the mapping of a table's columns from their names and contents. */
export function guessMapping(table: LogTable): ColumnMapping {
  void table;
  throw new LensError('internal', 'guessMapping is not written yet.');
}

/** The runs of a table under a mapping, each at its last step; a bad row → `bad-input` naming it. */
export function runsOf(table: LogTable, mapping: ColumnMapping): ScalingRun[] {
  void table;
  void mapping;
  throw new LensError('internal', 'runsOf is not written yet.');
}
