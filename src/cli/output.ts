/**
 * @file Transitional: --out of the commands not yet moved to their toolkit folders.
 */
import type { TreesTraceResult } from '../shared/results';
import { writeReport } from './report';

/** Writes the trace of a decision-tree prediction as a report (.html) or JSON (.json). */
export function writeTreesReport(path: string, result: TreesTraceResult): Promise<void> {
  return writeReport(path, result, { view: 'trees', message: { type: 'showTreeTrace', result }, title: `Model Lens · decision-tree trace · ${result.source}` });
}
