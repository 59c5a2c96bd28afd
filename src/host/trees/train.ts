/**
 * @file "Model Lens: Train Decision-Tree LM" on the current file, the selection, or a workspace glob.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { decodeText } from '../../core/text/decodeText';
import {
  TREE_FEATURE_MODELS,
  TREE_FEATURES,
  TREE_LEARNERS,
  TREE_TRAINING,
  treesTrainRequest,
} from '../../shared/trees';
import type { TreeFeatureModel, TreeFeatures, TreeLearner, TreesModelSummary } from '../../shared/trees';
import type { TreesTrainParams } from '../../shared/trees';
import { activeTextEditor } from '../editor/activeText';
import { report, runWithProgress } from '../runWithProgress';
import type { HostContext } from '../toolkit';
import { useModel, type TreesState } from './state';

type Sources = Pick<TreesTrainParams, 'sources' | 'skipped'>;

/** Most files read for a glob. */
const MAX_FILES = 500;

function choice<T extends string>(value: unknown, choices: readonly [T, ...T[]]): T {
  return choices.find((c) => c === value) ?? choices[0];
}

function bounded(value: unknown, b: { readonly default: number; readonly min: number; readonly max: number }): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= b.min && value <= b.max ? value : b.default;
}

/** The `modelLens.trees.*` settings; unset or invalid ones take their defaults. */
function readTreeSettings(): {
  learner: TreeLearner;
  window: number;
  depth: number;
  minLeaf: number;
  features: TreeFeatures;
  featureModel: TreeFeatureModel;
} {
  const c = vscode.workspace.getConfiguration('modelLens.trees');
  return {
    learner: choice(c.get('learner'), TREE_LEARNERS),
    window: bounded(c.get('window'), TREE_TRAINING.window),
    depth: bounded(c.get('depth'), TREE_TRAINING.depth),
    minLeaf: bounded(c.get('minLeaf'), TREE_TRAINING.minLeaf),
    features: choice(c.get('features'), TREE_FEATURES),
    featureModel: choice(c.get('featureModel'), TREE_FEATURE_MODELS),
  };
}

function trainedText(s: TreesModelSummary): string {
  const few = s.skipped.slice(0, 3).join(', ') + (s.skipped.length > 3 ? ', …' : '');
  const skipped = s.skipped.length > 0 ? ` Skipped ${s.skipped.length} file(s): ${few}.` : '';
  const shape = `${s.nodes} nodes, training accuracy ${(100 * s.trainAccuracy).toFixed(1)}%`;
  const what = `a ${s.learner} tree LM on ${s.tokens} tokens`;
  return `Model Lens: trained ${what} in ${s.seconds.toFixed(1)} s (${shape}).${skipped}`;
}

/** Trains on the sources the user picks (`preset`: 'file', 'selection' or 'glob' skips the pick). */
export async function trainTreeLM(ctx: HostContext, state: TreesState, preset: unknown): Promise<void> {
  const picked = await pickSources(ctx, typeof preset === 'string' ? preset : undefined).catch((error: unknown) => {
    report(error, ctx.log);
    return undefined;
  });
  if (picked === undefined) return;
  const copy = await modelCopyPath(ctx);
  const params = { ...picked, ...readTreeSettings(), out: copy };
  const summary = await runWithProgress('Model Lens: training a decision-tree LM', ctx.log, (signal, onProgress) =>
    ctx.engine.request(treesTrainRequest, params, { signal, onProgress }),
  );
  if (summary === undefined) return;
  useModel(state, ctx.extension.workspaceState, summary, copy);
  const text = trainedText(summary);
  ctx.log.info(text);
  void vscode.window.showInformationMessage(text);
}

/** Where the model trained last is copied (the extension's workspace storage), so a new engine can reload it. */
async function modelCopyPath(ctx: HostContext): Promise<string> {
  const dir = ctx.extension.storageUri ?? ctx.extension.globalStorageUri;
  await vscode.workspace.fs.createDirectory(dir);
  return vscode.Uri.joinPath(dir, 'last-tree-lm.json').fsPath;
}

async function pickSources(ctx: HostContext, preset: string | undefined): Promise<Sources | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items = [
    ...(editor !== undefined ? [{ label: 'Current file', value: 'file' }] : []),
    ...(editor !== undefined && !editor.selection.isEmpty ? [{ label: 'Selection', value: 'selection' }] : []),
    { label: 'Workspace files matching a glob…', value: 'glob' },
  ];
  const choice = preset ?? (await vscode.window.showQuickPick(items, { title: 'Train a decision-tree LM on' }))?.value;
  if (choice === undefined) return undefined;
  if (choice === 'glob') return globSources(ctx);
  // The same checks as every command on the active editor: none open, or a binary file.
  const checked = await activeTextEditor('decision-tree training');
  const doc = checked.document;
  const text = choice === 'selection' ? doc.getText(checked.selection) : doc.getText();
  return { sources: [{ name: vscode.workspace.asRelativePath(doc.uri), text }], skipped: [] };
}

async function readSources(uris: readonly vscode.Uri[]): Promise<Sources> {
  const sources: { name: string; text: string }[] = [];
  const skipped: string[] = [];
  for (const uri of uris) {
    const name = vscode.workspace.asRelativePath(uri);
    try {
      sources.push({ name, text: decodeText(await vscode.workspace.fs.readFile(uri), { name }) });
    } catch (error) {
      skipped.push(`${name} (${error instanceof LensError && error.code === 'binary-file' ? 'binary' : 'unreadable'})`);
    }
  }
  return { sources, skipped };
}

async function globSources(ctx: HostContext): Promise<Sources | undefined> {
  const glob = await vscode.window.showInputBox({
    title: 'Workspace glob',
    value: '**/*.{ts,js,py,md}',
    prompt: 'Files to train on (node_modules is excluded)',
  });
  if (glob === undefined || glob.trim() === '') return undefined;
  const uris = await vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_FILES);
  const read = await readSources(uris);
  ctx.log.info(`trees: glob ${glob} matched ${uris.length} files, ${read.skipped.length} skipped`);
  if (read.sources.length === 0) {
    const skipped = read.skipped.length > 0 ? ` (${read.skipped.length} binary or unreadable files skipped)` : '';
    throw new LensError('bad-input', `No text file matches ${glob}${skipped}. Try another glob.`);
  }
  return read;
}
