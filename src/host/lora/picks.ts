/**
 * @file The quick picks of "Compose LoRAs…": adapters (those added from the explorer and the
 * embedded zoo adapters), an optional data-mix adapter, and the target data (the zoo's task or
 * a JSONL file, with `dev.jsonl` beside it as the dev split).
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { check, v } from '../../shared/schema';
import type { TaskData } from '../../shared/lora';
import { devBeside, modelsFolder, readTaskData, refuseUntrusted } from './sources';

type AdapterPick = vscode.QuickPickItem & { readonly ref: string };

/** The manifest fields the picks read: the LoRA bases and their adapters. */
const ManifestSchema = v.object({
  models: v.array(
    v.looseObject({ task: v.string(), adapters: v.optional(v.array(v.looseObject({ name: v.string() }))) }),
  ),
});

/** Embedded adapters by name, from the manifest's LoRA base entries. */
async function embeddedAdapters(extension: vscode.ExtensionContext): Promise<string[]> {
  const uri = vscode.Uri.joinPath(modelsFolder(extension), 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LensError('internal', `The embedded model manifest is unreadable (${why}). Reinstall Model Lens.`);
  }
  const checked = check(ManifestSchema, json);
  if (!checked.ok) throw new LensError('internal', `The embedded model manifest is malformed (${checked.message}).`);
  return checked.value.models
    .filter((m) => m.task === 'lora-base')
    .flatMap((m) => (m.adapters ?? []).map((a) => a.name));
}

/** Picks two or more adapters; undefined when cancelled. */
export async function pickAdapters(
  extension: vscode.ExtensionContext,
  added: readonly string[],
): Promise<string[] | undefined> {
  const items: AdapterPick[] = [
    ...added.map((p) => ({ label: vscode.workspace.asRelativePath(p), description: 'added', ref: p, picked: true })),
    ...(await embeddedAdapters(extension))
      .filter((n) => n !== 'lora-mix')
      .map((n) => ({ label: n, description: 'embedded zoo adapter', ref: n, picked: added.length === 0 })),
  ];
  const picks = await vscode.window.showQuickPick(items, {
    title: 'Compose LoRAs (1/4): adapters to compose (two or more)',
    canPickMany: true,
  });
  if (picks === undefined) return undefined;
  if (picks.length < 2) {
    void vscode.window.showWarningMessage(
      'Model Lens: pick two or more adapters to compose (add your own with "Add to LoRA Composition" on an ' +
        'adapter folder).',
    );
    return undefined;
  }
  for (const p of picks) if (p.ref.includes('/') || p.ref.includes('\\')) refuseUntrusted(vscode.Uri.file(p.ref));
  return picks.map((p) => p.ref);
}

/** Picks the data-mix adapter: a ref, undefined for none, null when cancelled. */
export async function pickMix(
  extension: vscode.ExtensionContext,
  added: readonly string[],
  chosen: readonly string[],
): Promise<string | undefined | null> {
  const zoo = chosen.every((c) => !c.includes('/') && !c.includes('\\'));
  const candidates = [...added, ...(await embeddedAdapters(extension))].filter((r) => !chosen.includes(r));
  const items: AdapterPick[] = [
    ...(zoo ? candidates.filter((c) => c === 'lora-mix') : []).map((r) => ({
      label: r,
      description: 'trained on both skills\u2019 data',
      ref: r,
    })),
    { label: 'No data-mix adapter', ref: '' },
    ...candidates
      .filter((c) => !zoo || c !== 'lora-mix')
      .map((r) => ({ label: vscode.workspace.asRelativePath(r), ref: r })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Compose LoRAs (2/4): an adapter trained on the mixed data, to compare with',
  });
  if (pick === undefined) return null;
  if (pick.ref.includes('/') || pick.ref.includes('\\')) refuseUntrusted(vscode.Uri.file(pick.ref));
  return pick.ref === '' ? undefined : pick.ref;
}

/** Picks the target test data and finds its dev split. */
export async function pickTask(
  extension: vscode.ExtensionContext,
  needDev: boolean,
): Promise<{ data: TaskData; dev?: TaskData } | undefined> {
  const zooTest = vscode.Uri.joinPath(modelsFolder(extension), 'lora-base', 'data', 'test.jsonl');
  const items = [
    {
      label: 'Embedded zoo task',
      description: 'lora-base: "seven plus five>" and the like (test split; CAT learns on its dev split)',
      uri: zooTest,
    },
    {
      label: 'JSONL file…',
      description: 'one {"prompt", "answer"} per line; dev.jsonl beside it is the dev split',
      uri: undefined,
    },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Compose LoRAs (4/4): target task test data' });
  if (pick === undefined) return undefined;
  const uri =
    pick.uri ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'JSON Lines': ['jsonl'] },
        title: 'Target task test data',
      })
    )?.[0];
  if (uri === undefined) return undefined;
  const data = await readTaskData(uri, extension);
  const devUri = needDev ? await devBeside(uri) : undefined;
  return { data, ...(devUri !== undefined ? { dev: await readTaskData(devUri, extension) } : {}) };
}
