/**
 * @file The copying toolkit in VS Code: "Copy & Lookup Probe" on the selection (or the whole file; with no editor,
 * random strings) with the models picked (the selected model and the zoo's copy models offered), the lengths typed
 * and lookup asked; its panel draws the result. A task's "Show where it reads from" opens the task as text in an
 * untitled editor and runs Show Token Dependencies with the task's model at the token the panel marked.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { LM_TASKS, readManifest } from '../../core/model/manifest';
import { COPY_OPTIONS, copyProbeRequest, type CopyProbeParams, type CopyProbeResult } from '../../shared/copying';
import { report, runWithProgress } from '../runWithProgress';
import { readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { exampleAt, givenOptions, modelChoices, parseLengths, type GivenProbe } from './plan';

/** What the toolkit keeps: its panel and the result it shows (for the panel's buttons). */
interface State {
  readonly ctx: HostContext;
  panel?: ViewPanel;
  last?: CopyProbeResult | undefined;
}

async function pickModels(ctx: HostContext): Promise<string[] | undefined> {
  const modelsDir = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'models').fsPath;
  const items = modelChoices(readSettings().model, readManifest(modelsDir), LM_TASKS);
  const picks = await vscode.window.showQuickPick(items, {
    title: `Copy & Lookup Probe: models to compare (up to ${COPY_OPTIONS.models})`,
    canPickMany: true,
  });
  if (picks === undefined || picks.length === 0) return undefined;
  const most = COPY_OPTIONS.models;
  if (picks.length > most)
    void vscode.window.showWarningMessage(
      `Model Lens: the probe compares up to ${most} models at once; the first ${most} picked run.`,
    );
  return picks.slice(0, most).map((p) => p.label);
}

async function askLengths(): Promise<number[] | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Copy & Lookup Probe: span lengths in tokens',
    value: COPY_OPTIONS.lengths.default.join(', '),
    validateInput: (s) => {
      const r = parseLengths(s);
      return typeof r === 'string' ? r : undefined;
    },
  });
  const r = value === undefined ? undefined : parseLengths(value);
  return typeof r === 'string' ? undefined : r;
}

async function askLookup(): Promise<boolean | undefined> {
  const items = [
    { label: 'Copy only', lookup: false },
    { label: 'Copy and lookup', detail: 'Also ask the values of name: value pairs found in the text', lookup: true },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Copy & Lookup Probe: tasks' }))?.lookup;
}

/** The selection, else the whole document; undefined without an editor; `bad-input` past the size read. */
function textOf(editor: vscode.TextEditor | undefined): string | undefined {
  if (editor === undefined) return undefined;
  const s = editor.selection;
  const text = editor.document.getText(s.isEmpty ? undefined : s);
  const most = COPY_OPTIONS.maxTextChars;
  if (text.length > most)
    throw new LensError(
      'bad-input',
      `The ${s.isEmpty ? 'file' : 'selection'} has ${text.length} characters; the probe reads at most ${most}. ` +
        'Select a part of it.',
    );
  return text;
}

async function paramsOf(state: State, given: GivenProbe): Promise<CopyProbeParams | undefined> {
  const editor = vscode.window.activeTextEditor;
  const text = textOf(editor);
  const models = given.models ?? (await pickModels(state.ctx));
  const lengths = models === undefined ? undefined : (given.lengths ?? (await askLengths()));
  const lookup = lengths === undefined ? undefined : (given.lookup ?? (text === undefined ? false : await askLookup()));
  if (models === undefined || lengths === undefined || lookup === undefined) return undefined;
  return {
    models,
    device: readSettings().device,
    allowLocalFiles: vscode.workspace.isTrusted,
    ...(text === undefined || editor === undefined
      ? {}
      : { text, source: vscode.workspace.asRelativePath(editor.document.uri) }),
    lengths,
    tasks: given.tasks ?? COPY_OPTIONS.tasks.default,
    seed: given.seed ?? COPY_OPTIONS.seed.default,
    lookup,
  };
}

async function probe(state: State, arg: unknown): Promise<void> {
  const params = await paramsOf(state, givenOptions(arg));
  if (params === undefined) return;
  const { ctx } = state;
  ctx.log.info(`copy probe: ${params.models.join(', ')} at ${params.lengths.join(', ')} (${params.tasks} tasks)`);
  const result = await runWithProgress('Model Lens: copy & lookup probe', ctx.log, (signal, onProgress) =>
    ctx.engine.request(copyProbeRequest, params, { signal, onProgress }),
  );
  if (result === undefined) return;
  for (const m of result.models) {
    const acc = m.lengths.map((l) => `${l.length}: ${(100 * l.stringAccuracy).toFixed(0)}%`).join(', ');
    ctx.log.info(`copy probe ${m.model}: ${acc}`);
  }
  state.last = result;
  const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/');
  state.panel?.show({ type: 'show', kind: copyProbeRequest.name, result, ...opt(result.source) }, uri);
}

const opt = (source: string | undefined) => (source === undefined ? {} : { source });

/** Opens the task as text and shows the dependencies of its marked token with the task's model. */
async function showDependencies(state: State, arg: string): Promise<void> {
  const found = exampleAt(state.last, arg);
  if (found === undefined) return;
  const { model, e } = found;
  const doc = await vscode.workspace.openTextDocument({ content: e.prompt + e.answer });
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  const at = doc.positionAt(e.at.start);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at));
  state.ctx.log.info(`copy probe: dependencies of ${model} at ${e.at.start} of a ${e.kind} task`);
  await vscode.commands.executeCommand('modelLens.showTokenDependencies', { model });
}

/** The copying toolkit: its command and panel. */
export const copyingHost: HostToolkit = (ctx) => {
  const state: State = { ctx };
  const show = (arg: string) => void showDependencies(state, arg).catch((e: unknown) => report(e, ctx.log));
  state.panel = ctx.panel('copying', { showDependencies: show });
  const run = (arg?: unknown) => probe(state, arg).catch((e: unknown) => report(e, ctx.log));
  return { commands: { 'modelLens.copyLookupProbe': run } };
};
