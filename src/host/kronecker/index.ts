/**
 * @file The Kronecker toolkit in VS Code: "Inspect Kronecker Preconditioner" on a model's layers (lens-lm, kron-mlp
 * or a local model folder) reading a text, or on a gradients file (explorer, editor, or picked); the panel shows
 * each layer's cosines to H, the power-iteration convergence and the spectra of L and R.
 *
 * Workspace trust: a gradients file is numbers and runs no code, so it is read in restricted mode too; a model
 * from a local folder is loaded only in a trusted workspace.
 */
import * as vscode from 'vscode';
import { kronAnalyzeRequest, type KronResult } from '../../shared/kronecker';
import { report, runWithProgress } from '../runWithProgress';
import { readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { pickLabels, pickLayers, pickSource } from './picks';
import { kronParams, maxExamplesOf, runName, type KronChoice } from './plan';
import { pickData } from './text';

const relative = (p: string): string => vscode.workspace.asRelativePath(p);

/** The user's choice through the quick picks; undefined when a pick was dismissed. */
async function choose(ctx: HostContext, arg: unknown): Promise<KronChoice | undefined> {
  const modelsDir = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'models').fsPath;
  const source = await pickSource(arg, modelsDir);
  if (source === undefined) return undefined;
  const layers = await pickLayers(source, modelsDir);
  if (layers === undefined) return undefined;
  if (source.kind === 'file') return { kind: 'file', source, layers };
  const data = await pickData(readSettings().maxFileBytes);
  if (data === undefined) return undefined;
  const labels = await pickLabels();
  return labels === undefined ? undefined : { kind: 'model', source, layers, data, labels };
}

async function inspect(ctx: HostContext, panel: ViewPanel, arg: unknown): Promise<void> {
  const choice = await choose(ctx, arg);
  if (choice === undefined) return;
  const maxExamples = maxExamplesOf(vscode.workspace.getConfiguration('modelLens.kronecker').get('maxExamples'));
  const params = kronParams(choice, { maxExamples, allowLocalFiles: vscode.workspace.isTrusted });
  const name = runName(choice, relative);
  ctx.log.info(`kronecker: ${name}`);
  if (panel.isOpen) panel.show({ type: 'status', state: 'running', message: `Analysing ${name}\u2026` });
  const result = await runWithProgress(`Model Lens: Kronecker analysis of ${name}`, ctx.log, (signal, onProgress) =>
    ctx.engine.request(kronAnalyzeRequest, params, { signal, onProgress }),
  );
  if (result === undefined) {
    if (panel.isOpen) panel.show({ type: 'status', state: 'idle', message: '' });
    return;
  }
  logResult(ctx, result);
  const file = choice.kind === 'file' ? vscode.Uri.file(choice.source.path) : undefined;
  const source = choice.kind === 'file' ? relative(choice.source.path) : choice.data.source;
  panel.show({ type: 'show', kind: kronAnalyzeRequest.name, result, source }, file);
  // The idle status replaces the running one the panel would otherwise replay after the result when it reloads.
  panel.show({ type: 'status', state: 'idle', message: '' });
}

function logResult(ctx: HostContext, r: KronResult): void {
  for (const l of r.layers) {
    const cos = [l.cosOptimal, l.cosShampooSquared, l.cosShampoo].map((c) => c.toFixed(4)).join(' / ');
    ctx.log.info(`kronecker: ${l.name} ${l.m}x${l.n}, ${l.count} examples: optimal / LxR / Shampoo ${cos}`);
  }
}

/** The Kronecker toolkit: its command and panel. */
export const kroneckerHost: HostToolkit = (ctx) => {
  const panel = ctx.panel('kronecker');
  return {
    commands: {
      'modelLens.inspectKronecker': (arg: unknown) =>
        inspect(ctx, panel, arg).catch((e: unknown) => report(e, ctx.log)),
    },
  };
};
