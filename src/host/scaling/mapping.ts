/**
 * @file The column mapping the user corrects in "Fit Scaling Laws…" (no VS Code here, so it is unit-tested):
 * the roles a column can play, the quick pick's rows, setting a role (a column plays one role at most), the
 * problems that keep a mapping from fitting, and the mappings remembered per folder.
 */
import { check } from '../../shared/schema';
import { ColumnMappingSchema, type ColumnMappingParams } from '../../shared/scaling';
import type { ScalingColumnsResult } from '../../shared/scalingPanel';

/** A role with one column. */
export type SingleRole = 'run' | 'dataset' | 'N' | 'D' | 'C' | 'step';
/** Every role: the single ones and the losses. */
export type Role = SingleRole | 'losses';

/** The roles in the order the quick pick lists them, with what each means in plain words. */
export const ROLES: readonly { readonly role: Role; readonly name: string; readonly help: string }[] = [
  { role: 'run', name: 'Run', help: 'names each training run; its last logged point is used' },
  { role: 'dataset', name: 'Dataset', help: 'what the run was trained on; one law is fitted per dataset' },
  { role: 'N', name: 'Parameters N', help: 'model size, in parameters' },
  { role: 'D', name: 'Tokens D', help: 'training tokens seen by the end of the run' },
  { role: 'C', name: 'Compute C', help: 'training FLOPs; 6·N·D when no column is given' },
  { role: 'step', name: 'Step', help: "orders a run's rows; the last step is the run's result" },
  { role: 'losses', name: 'Losses', help: 'loss columns (lower is better); each dataset is fitted on one' },
];

/** A mapping as a plain object (the readers' and the fits' shape). */
export type Mapping = ColumnMappingParams;

/** The column(s) a role holds, as words for the quick pick. */
export function roleValue(mapping: Mapping, role: Role): string {
  if (role === 'losses') return mapping.losses.length === 0 ? '(none)' : mapping.losses.join(', ');
  return mapping[role] ?? '(none)';
}

/** The mapping with `role` set to `columns` (one for a single role; none clears it); a column leaves any other role. */
export function setRole(mapping: Mapping, role: Role, columns: readonly string[]): Mapping {
  const taken = new Set(columns);
  const next: Record<string, unknown> = { losses: mapping.losses.filter((l) => !taken.has(l)) };
  for (const r of ['run', 'dataset', 'N', 'D', 'C', 'step'] as const) {
    const c = mapping[r];
    if (c !== undefined && r !== role && !taken.has(c)) next[r] = c;
  }
  if (role === 'losses') next['losses'] = [...columns];
  else if (columns[0] !== undefined) next[role] = columns[0];
  return next as Mapping;
}

/** Why the mapping cannot be fitted (columns the log lacks, no loss), in words; empty when it can. */
export function mappingProblems(mapping: Mapping, columns: readonly string[]): string[] {
  const known = new Set(columns);
  const problems: string[] = [];
  for (const { role, name } of ROLES) {
    const used = role === 'losses' ? mapping.losses : [mapping[role]].filter((c) => c !== undefined);
    for (const c of used) if (!known.has(c)) problems.push(`${name}: the log has no column "${c}"`);
  }
  if (mapping.losses.length === 0) problems.push('Losses: pick at least one loss column');
  const hasSize = (mapping.N !== undefined && mapping.D !== undefined) || mapping.C !== undefined;
  if (!hasSize) problems.push('Compute: give Compute C, or both Parameters N and Tokens D');
  return problems;
}

/** The columns a role may take, with what each holds (texts for run and dataset, numbers for the others). */
export function columnChoices(
  role: Role,
  info: Pick<ScalingColumnsResult, 'columns' | 'kinds'>,
): { column: string; holds: string; fits: boolean }[] {
  const wantsText = role === 'run' || role === 'dataset';
  return info.columns.map((column) => {
    const kind = info.kinds[column] ?? 'empty';
    const fits = wantsText ? kind !== 'empty' : kind === 'number' || kind === 'mixed';
    return { column, holds: kind === 'number' ? 'numbers' : kind === 'text' ? 'text' : kind, fits };
  });
}

/** Mappings remembered by folder (workspaceState). */
export type SavedMappings = Readonly<Record<string, Mapping>>;

/** At most this many folders are remembered (the oldest go first). */
export const MAX_SAVED = 50;

/** The saved mapping of `folder` when every column it names is still in the log; else undefined. */
export function savedMappingFor(saved: unknown, folder: string, columns: readonly string[]): Mapping | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const checked = check(ColumnMappingSchema, (saved as Record<string, unknown>)[folder]);
  if (!checked.ok) return undefined;
  const mapping: Mapping = checked.value;
  const named = [...mapping.losses, ...(['run', 'dataset', 'N', 'D', 'C', 'step'] as const).map((r) => mapping[r])];
  const known = new Set(columns);
  return named.every((c) => c === undefined || known.has(c)) ? mapping : undefined;
}

/** `saved` with `folder`'s mapping set (moved last), keeping the newest {@link MAX_SAVED}. */
export function rememberMapping(saved: unknown, folder: string, mapping: Mapping): Record<string, Mapping> {
  const old = typeof saved === 'object' && saved !== null ? (saved as Record<string, Mapping>) : {};
  const entries = Object.entries(old).filter(([k]) => k !== folder);
  entries.push([folder, mapping]);
  return Object.fromEntries(entries.slice(-MAX_SAVED));
}

/** Whether two mappings name the same columns for every role. */
export function sameMapping(a: Mapping, b: Mapping): boolean {
  const roles = ['run', 'dataset', 'N', 'D', 'C', 'step'] as const;
  return roles.every((r) => a[r] === b[r]) && a.losses.join('\n') === b.losses.join('\n');
}
