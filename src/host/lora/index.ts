/**
 * @file The LoRA composition toolkit in VS Code: "Add to LoRA Composition" (explorer), "Compose
 * LoRAs…" (pick adapters, a data-mix adapter, methods and target data; the results panel), and
 * "Save Merged Adapter…" (write one merge of the last composition as a new PEFT folder), also run by
 * the panel's *Save…* buttons. Its state (adapters added, the last composition) lives here.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import {
  COMPOSE_METHODS,
  DEFAULT_COMPOSE_METHODS,
  learnsCat,
  loraComposeRequest,
  loraMergeRequest,
  type ComposeMethod,
  type LoraComposeParams,
  type LoraComposeResult,
} from '../../shared/lora';
import { METHOD_HELP } from '../../shared/loraHelp';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { mergedFolderName } from './names';
import { pickAdapters, pickMix, pickTask } from './picks';
import { adapterFolderOf, refuseUntrusted } from './sources';

/** What the toolkit remembers between commands. */
interface LoraState {
  readonly ctx: HostContext;
  /** Adapter folders added from the explorer. */
  readonly added: string[];
  /** The results panel (its Save… buttons run `saveMerged`). */
  readonly panel: ViewPanel;
  /** The last composition and the adapter references it ran on. */
  last: { readonly result: LoraComposeResult; readonly adapters: readonly string[] } | undefined;
}

const relative = (p: string): string => vscode.workspace.asRelativePath(p);

/** Adds the selected adapter folder (or the folder of the selected adapter_config.json) to the composition. */
async function addToComposition(s: LoraState, arg: unknown): Promise<void> {
  const title = 'PEFT adapter folder';
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title }))?.[0];
  if (uri === undefined) return;
  const folder = await adapterFolderOf(uri);
  refuseUntrusted(folder);
  if (!s.added.includes(folder.fsPath)) s.added.push(folder.fsPath);
  s.ctx.log.info(`lora: composition holds ${s.added.join(', ')}`);
  const held = `${s.added.length} adapter(s) in the LoRA composition (${s.added.map(relative).join(', ')})`;
  const choice = await vscode.window.showInformationMessage(`Model Lens: ${held}.`, 'Compose LoRAs…');
  if (choice !== undefined) await vscode.commands.executeCommand('modelLens.composeLoras');
}

async function pickMethods(): Promise<ComposeMethod[] | undefined> {
  const defaults: readonly ComposeMethod[] = DEFAULT_COMPOSE_METHODS;
  const items = COMPOSE_METHODS.map((m) => ({
    label: m,
    method: m,
    picked: defaults.includes(m),
    detail: METHOD_HELP[m],
  }));
  const title = 'Compose LoRAs (3/4): merge methods';
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true });
  return picks?.map((p) => p.method);
}

async function composeParams(s: LoraState): Promise<LoraComposeParams | undefined> {
  const adapters = await pickAdapters(s.ctx.extension, s.added);
  if (adapters === undefined) return undefined;
  const mix = await pickMix(s.ctx.extension, s.added, adapters);
  if (mix === null) return undefined;
  const methods = await pickMethods();
  if (methods === undefined || methods.length === 0) return undefined;
  const task = await pickTask(s.ctx.extension, methods.some(learnsCat));
  if (task === undefined) return undefined;
  const kept = task.dev === undefined ? methods.filter((m) => !learnsCat(m)) : methods;
  if (kept.length < methods.length) {
    void vscode.window.showWarningMessage(
      'Model Lens: no dev split (dev.jsonl beside the data file), so CAT is left out: its weights are learned on ' +
        'a dev split, never on the test data.',
    );
  }
  return {
    base: 'lora-base',
    adapters,
    methods: kept,
    data: task.data,
    allowLocalFiles: vscode.workspace.isTrusted,
    ...(mix !== undefined ? { mix } : {}),
    ...(task.dev !== undefined ? { dev: task.dev } : {}),
  };
}

/** Picks adapters, methods and data, runs the composition with progress, and shows the results panel. */
async function composeLoras(s: LoraState): Promise<void> {
  let params: LoraComposeParams | undefined;
  try {
    params = await composeParams(s);
  } catch (error) {
    report(error, s.ctx.log);
    return;
  }
  if (params === undefined) return;
  const p = params;
  s.ctx.log.info(`lora: composing ${p.adapters.join(', ')} by ${p.methods.join(', ')} on ${p.data.source}`);
  const result = await runWithProgress('Model Lens: composing LoRAs', s.ctx.log, (signal, onProgress) =>
    s.ctx.engine.request(loraComposeRequest, p, { signal, onProgress }),
  );
  if (result === undefined) return;
  s.last = { result, adapters: p.adapters };
  const scores = result.rows.map((r) => `${r.config} ${(100 * r.exactMatch).toFixed(1)}%`).join(', ');
  s.ctx.log.info(`lora: ${scores} (${result.seconds.toFixed(1)} s)`);
  const show = { type: 'show', kind: loraComposeRequest.name, result, source: p.data.source } as const;
  s.panel.show(show, vscode.Uri.file(p.data.source));
}

type Row = LoraComposeResult['rows'][number];

async function pickRow(last: LoraComposeResult, method: unknown): Promise<Row | undefined> {
  const merges = last.rows.filter((r) => r.kind === 'merge' && r.method !== undefined);
  const given = typeof method === 'string' ? merges.find((r) => r.method === method) : undefined;
  if (given !== undefined) return given;
  const items = merges.map((r) => ({
    label: r.config,
    description: `exact match ${(100 * r.exactMatch).toFixed(1)}%`,
    row: r,
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Save Merged Adapter: which merge?' }))?.row;
}

/** `merged-<method>-<adapters>` in the first workspace folder (else the home folder), not yet taken. */
async function suggestedFolder(method: ComposeMethod, adapters: readonly string[]): Promise<vscode.Uri> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const names = await vscode.workspace.fs.readDirectory(root).then(
    (entries) => new Set(entries.map(([n]) => n)),
    () => new Set<string>(),
  );
  return vscode.Uri.joinPath(
    root,
    mergedFolderName(method, adapters, (n) => names.has(n)),
  );
}

/** Writes one merge of the last composition as a new PEFT adapter folder (asks which, unless given, and where). */
async function saveMergedAdapter(s: LoraState, method: unknown): Promise<void> {
  const last = s.last;
  if (last === undefined) {
    report(
      new LensError('bad-input', 'Run "Model Lens: Compose LoRAs…" first; then save one of its merges.'),
      s.ctx.log,
    );
    return;
  }
  const row = await pickRow(last.result, method);
  if (row?.method === undefined) return;
  const saveLabel = 'Create adapter folder';
  const defaultUri = await suggestedFolder(row.method, last.result.adapters);
  const title = `New folder for the ${row.config} adapter`;
  const target = await vscode.window.showSaveDialog({ title, saveLabel, defaultUri });
  if (target === undefined) return;
  const params = {
    adapters: last.adapters,
    method: row.method,
    out: target.fsPath,
    allowLocalFiles: vscode.workspace.isTrusted,
    weights: last.result.weights,
    density: last.result.density,
    ...(row.catWeights !== undefined ? { catWeights: row.catWeights } : {}),
  };
  const saved = await runWithProgress('Model Lens: writing merged adapter', s.ctx.log, (signal) =>
    s.ctx.engine.request(loraMergeRequest, params, { signal }),
  );
  if (saved === undefined) return;
  s.ctx.log.info(`lora: wrote ${saved.method} (${saved.modules} modules) to ${saved.out}`);
  const where = vscode.workspace.asRelativePath(saved.out);
  void vscode.window.showInformationMessage(
    `Model Lens: wrote the ${row.config} merge (${saved.modules} modules) as a PEFT adapter in ${where}.`,
  );
}

/** The LoRA composition toolkit: its three commands and the results panel with its Save… action. */
export const loraHost: HostToolkit = (ctx) => {
  const saveMerged = (method: string): void => void saveMergedAdapter(s, method);
  const s: LoraState = { ctx, added: [], panel: ctx.panel('lora', { saveMerged }), last: undefined };
  return {
    commands: {
      'modelLens.addToLoraComposition': (arg: unknown) =>
        addToComposition(s, arg).catch((e: unknown) => report(e, ctx.log)),
      'modelLens.composeLoras': () => composeLoras(s),
      'modelLens.saveMergedAdapter': (method: unknown) => saveMergedAdapter(s, method),
    },
  };
};
