/**
 * @file Writes the CLI's --out file: a self-contained HTML report or the JSON result, atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LensError } from '../core/errors';
import { atomicWrite } from '../core/io/atomicWrite';
import { DEPENDENCIES_BODY } from '../core/report/dependenciesBody';
import { reportHtml } from '../core/report/reportHtml';
import { TREES_BODY } from '../core/report/treesBody';
import { VIEW_BODY } from '../core/report/viewBody';
import type { ToWebview } from '../shared/protocol';
import type { DependenciesResult, SurprisalResult, TreesTraceResult } from '../shared/results';

/** Which view a report shows. */
interface ReportView {
  /** Bundle name under dist/webview. */
  readonly script: string;
  readonly body: string;
  readonly title: string;
}

/** Writes `result` as JSON (.json) or as a report (.html) drawing `message` with `view`. */
async function writeReport(path: string, result: unknown, message: ToWebview, view: ReportView): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    await atomicWrite(path, `${JSON.stringify(result)}\n`);
    return;
  }
  if (ext !== '.html' && ext !== '.htm') throw new LensError('bad-input', `--out must end in .html or .json, not "${ext}".`);
  const dir = join(__dirname, 'webview');
  const script = readFileSync(join(dir, `${view.script}.js`), 'utf8');
  const cssPath = join(dir, `${view.script}.css`);
  const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
  await atomicWrite(path, reportHtml({ title: view.title, script, css, body: view.body, data: message }));
}

/** Writes a surprisal result as a report (.html) or JSON (.json). */
export function writeOutput(path: string, result: SurprisalResult, source: string): Promise<void> {
  return writeReport(path, result, { type: 'showSurprisal', result, source }, { script: 'surprisal', body: VIEW_BODY, title: `Model Lens · surprisal · ${source}` });
}

/** Writes the trace of a decision-tree prediction as a report (.html) or JSON (.json). */
export function writeTreesReport(path: string, result: TreesTraceResult): Promise<void> {
  return writeReport(path, result, { type: 'showTreeTrace', result }, { script: 'trees', body: TREES_BODY, title: `Model Lens · decision-tree trace · ${result.source}` });
}

/** Writes a dependencies result as a report (.html) or JSON (.json). */
export function writeDependenciesReport(path: string, result: DependenciesResult): Promise<void> {
  return writeReport(path, result, { type: 'showDependencies', result }, { script: 'dependencies', body: DEPENDENCIES_BODY, title: `Model Lens · token dependencies · ${result.source}` });
}
