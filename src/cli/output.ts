/**
 * @file Transitional: --out of the commands not yet moved to their toolkit folders.
 */
import type { DependenciesResult } from '../shared/results';
import { writeReport } from './report';

/** Writes a dependencies result as a report (.html) or JSON (.json). */
export function writeDependenciesReport(path: string, result: DependenciesResult): Promise<void> {
  return writeReport(path, result, { view: 'dependencies', message: { type: 'showDependencies', result }, title: `Model Lens · token dependencies · ${result.source}` });
}
