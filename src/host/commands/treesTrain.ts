/**
 * @file "Model Lens: Train Decision-Tree LM" on the current file, the selection, or a workspace glob.
 */
import { legacyRequest } from '../legacyRequest';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { decodeText } from '../../core/text/decodeText';
import type { TreesTrainRequest } from '../../shared/protocol';
import type { CommandFactory, LensContext } from '../context';
import { report, runWithProgress } from './runWithProgress';

type Sources = Pick<TreesTrainRequest['params'], 'sources' | 'skipped'>;

/** Most files read for a glob. */
const MAX_FILES = 500;

/** Creates the command; the trained model is kept in the engine and its id in the context. */
export const treesTrain: CommandFactory = (ctx) => async (...args: unknown[]) => {
  const preset = typeof args[0] === 'string' ? args[0] : undefined;
  const sources = await pickSources(ctx, preset).catch((error: unknown) => {
    report(error, ctx.log);
    return undefined;
  });
  if (sources === undefined) return;
  const settings = vscode.workspace.getConfiguration('modelLens.trees');
  const params: TreesTrainRequest['params'] = {
    ...sources,
    learner: settings.get<'cart' | 'boosted'>('learner', 'cart'),
    window: settings.get<number>('window', 16),
    depth: settings.get<number>('depth', 16),
    minLeaf: settings.get<number>('minLeaf', 2),
    features: settings.get<'tokens' | 'embedding' | 'hidden'>('features', 'tokens'),
  };
  const summary = await runWithProgress('Model Lens: training a decision-tree LM', ctx.log, (signal, onProgress) =>
    legacyRequest(ctx.engine, { type: 'treesTrain', params }, { signal, onProgress }));
  if (summary === undefined) return;
  ctx.trees.summary = summary;
  const skipped = summary.skipped.length > 0 ? ` Skipped ${summary.skipped.length} file(s): ${summary.skipped.slice(0, 3).join(', ')}${summary.skipped.length > 3 ? ', …' : ''}.` : '';
  const text = `Model Lens: trained a ${summary.learner} tree LM on ${summary.tokens} tokens in ${summary.seconds.toFixed(1)} s (${summary.nodes} nodes, training accuracy ${(100 * summary.trainAccuracy).toFixed(1)}%).${skipped}`;
  ctx.log.info(text);
  void vscode.window.showInformationMessage(text);
};

async function pickSources(ctx: LensContext, preset: string | undefined): Promise<Sources | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items = [
    ...(editor !== undefined ? [{ label: 'Current file', value: 'file' }] : []),
    ...(editor !== undefined && !editor.selection.isEmpty ? [{ label: 'Selection', value: 'selection' }] : []),
    { label: 'Workspace files matching a glob…', value: 'glob' },
  ];
  const choice = preset ?? (await vscode.window.showQuickPick(items, { title: 'Train a decision-tree LM on' }))?.value;
  if (choice === undefined) return undefined;
  if (choice === 'glob') return globSources(ctx);
  if (editor === undefined) throw new LensError('bad-input', 'Open a file first, or train on a workspace glob.');
  const doc = editor.document;
  const text = choice === 'selection' ? doc.getText(editor.selection) : doc.getText();
  return { sources: [{ name: vscode.workspace.asRelativePath(doc.uri), text }], skipped: [] };
}

async function globSources(ctx: LensContext): Promise<Sources | undefined> {
  const glob = await vscode.window.showInputBox({ title: 'Workspace glob', value: '**/*.{ts,js,py,md}', prompt: 'Files to train on (node_modules is excluded)' });
  if (glob === undefined || glob.trim() === '') return undefined;
  const uris = await vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_FILES);
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
  ctx.log.info(`trees: glob ${glob} matched ${uris.length} files, ${skipped.length} skipped`);
  if (sources.length === 0) {
    throw new LensError('bad-input', `No text file matches ${glob}${skipped.length > 0 ? ` (${skipped.length} binary or unreadable files skipped)` : ''}. Try another glob.`);
  }
  return { sources, skipped };
}
