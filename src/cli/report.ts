/**
 * @file Writes the CLI's --out file: the JSON result (.json) or a self-contained HTML report (.html)
 * that draws it with its view from the VIEWS table, atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LensError } from '../core/errors';
import { atomicWrite } from '../core/io/atomicWrite';
import { reportHtml } from '../core/report/reportHtml';
import { VIEWS, type ViewId } from '../../webview/views';

/** Which view a report shows, and the message it is sent. */
export interface ReportSpec {
  readonly view: ViewId;
  readonly title: string;
  /** The message the view is sent (the same as a panel's). */
  readonly message: unknown;
}

/** Writes `result` as JSON (.json) or as a report (.html) of `spec`; refuses other extensions. */
export async function writeReport(path: string, result: unknown, spec: ReportSpec | undefined): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    await atomicWrite(path, `${JSON.stringify(result)}\n`);
    return;
  }
  if (spec === undefined) throw new LensError('bad-input', `--out must end in .json for this command, not "${ext}".`);
  if (ext !== '.html' && ext !== '.htm')
    throw new LensError('bad-input', `--out must end in .html or .json, not "${ext}".`);
  const dir = join(__dirname, 'webview');
  const script = readFileSync(join(dir, `${spec.view}.js`), 'utf8');
  const cssPath = join(dir, `${spec.view}.css`);
  const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
  const body = VIEWS[spec.view].body;
  await atomicWrite(path, reportHtml({ title: spec.title, script, css, body, data: spec.message }));
}
