/**
 * @file The quick picks of the scaling commands: the log to fit (the explorer's selection, the editor's file or
 * an open dialog), the column mapping (each role with its column; pick a row to change it, then "Fit"), two
 * datasets, and a fitted law. The logic of the mapping lives in `mapping.ts`.
 */
import * as vscode from 'vscode';
import type { DatasetFit } from '../../shared/scaling';
import type { ScalingColumnsResult } from '../../shared/scalingPanel';
import { columnChoices, mappingProblems, roleValue, ROLES, setRole, type Mapping, type Role } from './mapping';

/** The log a command runs on: `arg` (explorer or editor title), the active editor's file, or one the user picks. */
export async function logTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return active;
  const picked = await vscode.window.showOpenDialog({
    title: 'Fit Scaling Laws: a training log (CSV, TSV, JSONL, TensorBoard event file) or a run folder',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Fit',
  });
  return picked?.[0];
}

/** The folder a mapping is remembered for: the folder itself, or the file's folder. */
export async function mappingFolder(uri: vscode.Uri): Promise<string> {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.Directory ? uri.fsPath : vscode.Uri.joinPath(uri, '..').fsPath;
}

type RoleItem = vscode.QuickPickItem & { readonly role?: Role; readonly accept?: boolean };

function roleItems(mapping: Mapping, info: ScalingColumnsResult): RoleItem[] {
  const problems = mappingProblems(mapping, info.columns);
  const accept: RoleItem =
    problems.length === 0
      ? { label: '$(check) Fit with this mapping', accept: true, detail: 'pick a row below to change a column' }
      : { label: '$(warning) Not ready to fit', detail: problems.join(' · ') };
  return [
    accept,
    ...ROLES.map(({ role, name, help }) => ({ label: `${name}: ${roleValue(mapping, role)}`, detail: help, role })),
  ];
}

async function pickColumns(role: Role, mapping: Mapping, info: ScalingColumnsResult): Promise<string[] | undefined> {
  const name = ROLES.find((r) => r.role === role)?.name ?? role;
  const current = role === 'losses' ? mapping.losses : [mapping[role]].filter((c) => c !== undefined);
  const choices = columnChoices(role, info).map((c) => ({
    label: c.column,
    description: `${c.holds}${c.fits ? '' : ' (unlikely)'}`,
    picked: current.includes(c.column),
  }));
  const title = `Fit Scaling Laws: the ${name} column`;
  if (role === 'losses') {
    const picks = await vscode.window.showQuickPick(choices, { title, canPickMany: true });
    return picks?.map((p) => p.label);
  }
  const none = { label: '(none)', description: 'no column plays this role', picked: false };
  const pick = await vscode.window.showQuickPick([none, ...choices], { title });
  return pick === undefined ? undefined : pick === none ? [] : [pick.label];
}

/** Shows the mapping (from the log's guess or the folder's saved one) until the user fits; undefined if cancelled. */
export async function pickMapping(info: ScalingColumnsResult, initial: Mapping): Promise<Mapping | undefined> {
  let mapping = initial;
  for (;;) {
    const title = `Fit Scaling Laws: which column is what in ${vscode.workspace.asRelativePath(info.source)}`;
    const pick = await vscode.window.showQuickPick(roleItems(mapping, info), { title, ignoreFocusOut: true });
    if (pick === undefined) return undefined;
    if (pick.accept === true) return mapping;
    if (pick.role === undefined) continue;
    const columns = await pickColumns(pick.role, mapping, info);
    if (columns !== undefined) mapping = setRole(mapping, pick.role, columns);
  }
}

/** Picks one dataset of `datasets` (less `except`); undefined when cancelled. */
export async function pickDataset(
  datasets: readonly string[],
  title: string,
  except?: string,
): Promise<string | undefined> {
  const items = datasets.filter((d) => d !== except).map((d) => ({ label: d }));
  return (await vscode.window.showQuickPick(items, { title }))?.label;
}

/** Picks one compute law among the fits; undefined when cancelled. */
export async function pickLaw(fits: readonly DatasetFit[], title: string): Promise<DatasetFit | undefined> {
  const items = fits.flatMap((f) => {
    if (f.law.kind !== 'compute') return [];
    const p = f.law.params;
    return [{ label: f.dataset, description: `${f.loss}: α ${p.alpha.toFixed(3)}, β ${p.beta.toFixed(3)}`, fit: f }];
  });
  return (await vscode.window.showQuickPick(items, { title }))?.fit;
}
