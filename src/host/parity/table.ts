/**
 * @file "MLP vs Trees on Table…": on a CSV (the explorer's, the editor's, or one picked), the label column by quick
 * pick (the last column first), a wide sparse MLP against CART and boosted trees at several train fractions.
 *
 * Workspace trust: the table is read as numbers (no code runs), but a restricted workspace passes
 * `allowLocalFiles: false` and the engine says so if it refuses.
 */
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { tableCompareRequest } from '../../shared/parity';
import { runWithProgress } from '../runWithProgress';
import type { HostContext } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { csvHeader, tableParams } from './plan';

const CSV = /\.csv$/iu;
/** Bytes read for the header line. */
const HEAD_BYTES = 64 * 1024;

async function pickFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'MLP vs Trees: a table (CSV with a header line)',
    canSelectFiles: true,
    canSelectMany: false,
    filters: { 'CSV tables': ['csv'] },
    openLabel: 'Compare',
  });
  return picked?.[0];
}

/** The table: `arg` when it is a CSV file (explorer), else the editor's CSV or another file, by quick pick. */
async function pickTable(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file' && CSV.test(arg.fsPath)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme !== 'file' || !CSV.test(active.fsPath)) return pickFile();
  const items = [
    { label: `$(table) The open table ${vscode.workspace.asRelativePath(active)}`, uri: active },
    { label: '$(folder-opened) Another CSV file…', uri: undefined },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: 'MLP vs Trees (1/2): which table?' });
  if (chosen === undefined) return undefined;
  return chosen.uri ?? pickFile();
}

async function headerOf(path: string): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return csvHeader(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

/** The label column: a quick pick of the header's names, the last first (the default). Null: cancelled. */
async function pickLabel(uri: vscode.Uri): Promise<string | undefined | null> {
  const names = await headerOf(uri.fsPath).catch(() => []);
  if (names.length < 2) return undefined;
  const items = [...names].reverse().map((name, i) => ({
    label: name,
    description: i === 0 ? 'the last column (default)' : '',
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'MLP vs Trees (2/2): which column is the label (the class to predict)?',
    placeHolder: 'The other numeric columns are the features',
  });
  return chosen === undefined ? null : chosen.label;
}

/** Picks a table and its label column, runs the comparison and shows it in the tabular panel. */
export async function mlpVsTrees(ctx: HostContext, panel: ViewPanel, arg: unknown): Promise<void> {
  const uri = await pickTable(arg);
  if (uri === undefined) return;
  const label = await pickLabel(uri);
  if (label === null) return;
  const name = vscode.workspace.asRelativePath(uri);
  const params = tableParams(uri.fsPath, label, vscode.workspace.isTrusted);
  ctx.log.info(`mlp-vs-trees: ${name}, label ${label ?? '(last column)'}`);
  if (panel.isOpen) panel.show({ type: 'status', state: 'running', message: `Training on ${name}…` });
  const result = await runWithProgress(`Model Lens: MLP vs trees on ${name}`, ctx.log, (signal, onProgress) =>
    ctx.engine.request(tableCompareRequest, params, { signal, onProgress }),
  );
  if (result === undefined) {
    if (panel.isOpen) panel.show({ type: 'status', state: 'idle', message: '' });
    return;
  }
  panel.show({ type: 'show', kind: tableCompareRequest.name, result, source: name }, uri);
}
