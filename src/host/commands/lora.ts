/**
 * @file The LoRA composition commands: "Add to LoRA Composition" (explorer), "Compose LoRAs…"
 * (pick adapters, a data-mix adapter, methods and target data; the results panel), and "Save
 * Merged Adapter…" (write one merge of the last composition as a new PEFT folder).
 */
import { legacyRequest } from '../legacyRequest';
import * as vscode from 'vscode';
import { COMPOSE_METHODS, DEFAULT_COMPOSE_METHODS } from '../../core/analyses/lora/compose';
import { LensError } from '../../core/errors';
import type { LoraComposeRequest } from '../../shared/protocol';
import type { CommandFactory, LensContext } from '../context';
import { adapterFolderOf, refuseUntrusted } from '../lora/sources';
import { pickAdapters, pickMix, pickTask } from '../lora/picks';
import { report, runWithProgress } from './runWithProgress';

/** Adds the selected adapter folder (or the folder of the selected adapter_config.json) to the composition. */
export const addToLoraComposition: CommandFactory = (ctx) => async (...args: unknown[]) => {
  try {
    const uri = args[0] instanceof vscode.Uri ? args[0] : (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'PEFT adapter folder' }))?.[0];
    if (uri === undefined) return;
    const folder = await adapterFolderOf(uri);
    refuseUntrusted(folder);
    if (!ctx.lora.added.includes(folder.fsPath)) ctx.lora.added.push(folder.fsPath);
    ctx.log.info(`lora: composition holds ${ctx.lora.added.join(', ')}`);
    const choice = await vscode.window.showInformationMessage(`Model Lens: ${ctx.lora.added.length} adapter(s) in the LoRA composition (${ctx.lora.added.map((p) => vscode.workspace.asRelativePath(p)).join(', ')}).`, 'Compose LoRAs…');
    if (choice !== undefined) await vscode.commands.executeCommand('modelLens.composeLoras');
  } catch (error) {
    report(error, ctx.log);
  }
};

async function pickMethods(): Promise<string[] | undefined> {
  const items = COMPOSE_METHODS.map((m) => ({ label: m, picked: DEFAULT_COMPOSE_METHODS.includes(m), description: m === 'cat' ? 'CAT, weights per layer learned on the dev split (LoRA Soups)' : m === 'peft_cat' ? "PEFT's cat, weights 1" : '' }));
  const picks = await vscode.window.showQuickPick(items, { title: 'Compose LoRAs (3/4): merge methods', canPickMany: true });
  return picks?.map((p) => p.label);
}

async function composeParams(ctx: LensContext): Promise<LoraComposeRequest['params'] | undefined> {
  const adapters = await pickAdapters(ctx);
  if (adapters === undefined) return undefined;
  const mix = await pickMix(ctx, adapters);
  if (mix === null) return undefined;
  const methods = await pickMethods();
  if (methods === undefined || methods.length === 0) return undefined;
  const task = await pickTask(ctx, methods.some((m) => m.startsWith('cat')));
  if (task === undefined) return undefined;
  const kept = task.dev === undefined ? methods.filter((m) => !m.startsWith('cat')) : methods;
  if (kept.length < methods.length) void vscode.window.showWarningMessage('Model Lens: no dev split (dev.jsonl beside the data file), so CAT is left out: its weights are learned on a dev split, never on the test data.');
  return { base: 'lora-base', adapters, methods: kept, data: task.data, allowLocalFiles: vscode.workspace.isTrusted, ...(mix !== undefined ? { mix } : {}), ...(task.dev !== undefined ? { dev: task.dev } : {}) };
}

/** Picks adapters, methods and data, runs the composition with progress, and shows the results panel. */
export const composeLoras: CommandFactory = (ctx) => async () => {
  let params: LoraComposeRequest['params'] | undefined;
  try {
    params = await composeParams(ctx);
  } catch (error) {
    report(error, ctx.log);
    return;
  }
  if (params === undefined) return;
  const p = params;
  ctx.log.info(`lora: composing ${p.adapters.join(', ')} by ${p.methods.join(', ')} on ${p.data.source}`);
  const result = await runWithProgress('Model Lens: composing LoRAs', ctx.log, (signal, onProgress) => legacyRequest(ctx.engine, { type: 'loraCompose', params: p }, { signal, onProgress }));
  if (result === undefined) return;
  ctx.lora.last = { result, adapters: p.adapters };
  ctx.log.info(`lora: ${result.rows.map((r) => `${r.config} ${(100 * r.exactMatch).toFixed(1)}%`).join(', ')} (${result.seconds.toFixed(1)} s)`);
  ctx.lora.panel.show({ type: 'showLoraComposition', result }, vscode.Uri.file(p.data.source));
};

/** Writes one merge of the last composition as a new PEFT adapter folder (asks which and where). */
export const saveMergedAdapter: CommandFactory = (ctx) => async (...args: unknown[]) => {
  const last = ctx.lora.last;
  if (last === undefined) {
    report(new LensError('bad-input', 'Run "Model Lens: Compose LoRAs…" first; then save one of its merges.'), ctx.log);
    return;
  }
  const merges = last.result.rows.filter((r) => r.kind === 'merge' && r.method !== undefined);
  const given = typeof args[0] === 'string' ? merges.find((r) => r.method === args[0]) : undefined;
  const row = given ?? (await vscode.window.showQuickPick(merges.map((r) => ({ label: r.config, description: `exact match ${(100 * r.exactMatch).toFixed(1)}%`, row: r })), { title: 'Save Merged Adapter: which merge?' }))?.row;
  if (row?.method === undefined) return;
  const target = await vscode.window.showSaveDialog({ title: `New folder for the ${row.config} adapter`, saveLabel: 'Create adapter folder' });
  if (target === undefined) return;
  const method = row.method;
  const cat = row.catWeights;
  const saved = await runWithProgress('Model Lens: writing merged adapter', ctx.log, () => legacyRequest(ctx.engine, { type: 'loraSave', params: {
    adapters: last.adapters, method, out: target.fsPath, allowLocalFiles: vscode.workspace.isTrusted, weights: last.result.weights, density: last.result.density, ...(cat !== undefined ? { catWeights: cat } : {}),
  } }, {}));
  if (saved === undefined) return;
  ctx.log.info(`lora: wrote ${saved.method} (${saved.modules} modules) to ${saved.out}`);
  void vscode.window.showInformationMessage(`Model Lens: wrote the ${row.config} merge (${saved.modules} modules) as a PEFT adapter in ${vscode.workspace.asRelativePath(saved.out)}.`);
};
