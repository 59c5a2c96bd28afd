/**
 * @file Writes the CLI's --out file: a self-contained HTML report or the JSON result, atomically.
 */
import { readFileSync, existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LensError } from '../core/errors';
import { atomicWrite } from '../core/io/atomicWrite';
import { reportHtml } from '../core/report/reportHtml';
import { TREES_BODY } from '../core/report/treesBody';
import { DEPENDENCIES_BODY } from '../core/report/dependenciesBody';
import type { DependenciesResult, SurprisalResult, TreesTraceResult } from '../shared/results';

/** Writes `result` to `path` as .html (report) or .json. */
export async function writeOutput(path: string, result: SurprisalResult, source: string, ext: string): Promise<void> {
  if (ext === '.json') {
    await atomicWrite(path, `${JSON.stringify(result, null, 1)}\n`);
    return;
  }
  if (ext !== '.html' && ext !== '.htm') throw new LensError('bad-input', `--out must end in .html or .json, not "${ext}".`);
  const dir = join(__dirname, 'webview');
  const script = readFileSync(join(dir, 'surprisal.js'), 'utf8');
  const cssPath = join(dir, 'surprisal.css');
  const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
  const data = { type: 'showSurprisal', result, source };
  await atomicWrite(path, reportHtml({ title: `Model Lens · surprisal · ${source}`, script, css, data }));
}

/** Writes the trace of a decision-tree prediction as a report (.html) or JSON (.json). */
export async function writeTreesReport(path: string, result: TreesTraceResult): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    await atomicWrite(path, `${JSON.stringify(result, null, 1)}\n`);
    return;
  }
  if (ext !== '.html' && ext !== '.htm') throw new LensError('bad-input', `--out must end in .html or .json, not "${ext}".`);
  const dir = join(__dirname, 'webview');
  const script = readFileSync(join(dir, 'trees.js'), 'utf8');
  const cssPath = join(dir, 'trees.css');
  const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
  await atomicWrite(path, reportHtml({ title: `Model Lens · decision-tree trace · ${result.source}`, script, css, body: TREES_BODY, data: { type: 'showTreeTrace', result } }));
}

/** Writes a dependencies result as a report (.html) or JSON (.json). */
export async function writeDependenciesReport(path: string, result: DependenciesResult): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    await atomicWrite(path, `${JSON.stringify(result)}\n`);
    return;
  }
  if (ext !== '.html' && ext !== '.htm') throw new LensError('bad-input', `--out must end in .html or .json, not "${ext}".`);
  const dir = join(__dirname, 'webview');
  const script = readFileSync(join(dir, 'dependencies.js'), 'utf8');
  const cssPath = join(dir, 'dependencies.css');
  const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
  await atomicWrite(path, reportHtml({ title: `Model Lens · token dependencies · ${result.source}`, script, css, body: DEPENDENCIES_BODY, data: { type: 'showDependencies', result } }));
}
