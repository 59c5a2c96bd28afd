/**
 * @file The quick picks of "Inspect Kronecker Preconditioner": whose gradients (an embedded model, a local model
 * folder in a trusted workspace, or a gradients file), which layers, which text the model reads (the open file or
 * a picked one), and where its labels come from.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { readManifest } from '../../core/model/manifest';
import type { KronLabelSource } from '../../shared/kronecker';
import { check, v } from '../../shared/schema';
import { GRADIENT_EXT, parseLayerNames, type KronSource, type LayerChoice } from './plan';

const TITLE = 'Inspect Kronecker Preconditioner';

type Item<T> = vscode.QuickPickItem & { readonly pick: () => Promise<T | undefined> };

const ready =
  <T>(x: T) =>
  (): Promise<T> =>
    Promise.resolve(x);

/** The embedded models offered, with what their layers are (only those the extension ships). */
const EMBEDDED = [
  {
    name: 'lens-lm',
    detail: 'its output layer (the unembedding): one gradient per token, G = (p \u2212 e\u1d67) h\u1d40',
  },
  { name: 'kron-mlp', detail: 'a small byte-level MLP: its inner linear layers and its output layer' },
] as const;

async function gradientsFile(): Promise<KronSource | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: a gradients file (JSON array of matrices, or safetensors)`,
    canSelectFiles: true,
    canSelectMany: false,
    filters: { Gradients: ['json', 'safetensors'] },
    openLabel: 'Inspect',
  });
  return picked?.[0] === undefined ? undefined : { kind: 'file', path: picked[0].fsPath };
}

async function modelFolder(): Promise<KronSource | undefined> {
  if (!vscode.workspace.isTrusted) {
    throw new LensError(
      'untrusted',
      'This workspace is in restricted mode, so Model Lens loads no model from it. Trust the workspace (Manage ' +
        'Workspace Trust) to inspect a local model; the embedded models work meanwhile.',
    );
  }
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: a model folder (model.onnx with tokenizer.json, the Optimum layout)`,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Inspect',
  });
  return picked?.[0] === undefined ? undefined : { kind: 'model', model: picked[0].fsPath, local: true };
}

/** The active tab's file when it is a gradients file (a text editor on JSON, or any tab on safetensors). */
function activeGradients(): vscode.Uri | undefined {
  const input: unknown = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = typeof input === 'object' && input !== null && 'uri' in input ? input.uri : undefined;
  return uri instanceof vscode.Uri && uri.scheme === 'file' && GRADIENT_EXT.test(uri.fsPath) ? uri : undefined;
}

/** Whose gradients: `arg` when it is a gradients file (explorer), else a quick pick. */
export async function pickSource(arg: unknown, modelsDir: string): Promise<KronSource | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file' && GRADIENT_EXT.test(arg.fsPath))
    return { kind: 'file', path: arg.fsPath };
  const shipped = new Set(readManifest(modelsDir).map((m) => m.name));
  const items: Item<KronSource>[] = EMBEDDED.filter((m) => shipped.has(m.name)).map((m) => ({
    label: `$(package) ${m.name}`,
    description: 'embedded',
    detail: m.detail,
    pick: ready<KronSource>({ kind: 'model', model: m.name, local: false }),
  }));
  const active = activeGradients();
  if (active !== undefined) {
    const name = vscode.workspace.asRelativePath(active);
    items.unshift({ label: `$(file) The gradients in ${name}`, pick: ready({ kind: 'file', path: active.fsPath }) });
  }
  items.push(
    {
      label: '$(folder-opened) A local model folder\u2026',
      detail: 'an ONNX causal LM (trusted workspace only)',
      pick: modelFolder,
    },
    {
      label: '$(file) A gradients file\u2026',
      detail: 'per-example gradients: a JSON array of matrices (or {layer: [...]}), or safetensors',
      pick: gradientsFile,
    },
  );
  const chosen = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: whose gradients?`,
    placeHolder: 'A model (its per-token gradients on a text) or a file of gradients',
  });
  return chosen?.pick();
}

async function typedLayers(): Promise<LayerChoice | undefined> {
  const text = await vscode.window.showInputBox({
    title: `${TITLE}: which layers?`,
    prompt: 'Layer names, separated by commas (a wrong name is answered with the list of layers)',
    value: 'output',
    validateInput: (t) => {
      const r = parseLayerNames(t);
      return 'problem' in r ? r.problem : undefined;
    },
  });
  const r = text === undefined ? undefined : parseLayerNames(text);
  return r !== undefined && 'names' in r ? { kind: 'named', names: r.names } : undefined;
}

/** The layers an embedded model's manifest entry lists (`kronecker.layers`), if any. */
const LayersEntrySchema = v.object({
  kronecker: v.object({ layers: v.array(v.object({ name: v.string(), m: v.number(), n: v.number() })) }),
});

function embeddedLayers(modelsDir: string, model: string): { name: string; m: number; n: number }[] {
  const entry = readManifest(modelsDir).find((m) => m.name === model);
  const checked = check(LayersEntrySchema, entry);
  return checked.ok ? checked.value.kronecker.layers : [];
}

/** Which layers: all, one the model's manifest lists, the output layer alone (a model), or names typed. */
export async function pickLayers(source: KronSource, modelsDir: string): Promise<LayerChoice | undefined> {
  if (source.kind === 'model' && source.model === 'lens-lm') return { kind: 'all' };
  const known = source.kind === 'model' && !source.local ? embeddedLayers(modelsDir, source.model) : [];
  const all = known.length > 0 ? ` (${known.map((l) => l.name).join(', ')})` : '';
  const items: Item<LayerChoice>[] = [
    {
      label: `All layers${all}`,
      detail: 'each layer analysed on its own, side by side',
      pick: ready({ kind: 'all' }),
    },
    ...known.map((l) => ({
      label: l.name,
      description: `${l.m} outputs \u00d7 ${l.n} inputs`,
      pick: ready<LayerChoice>({ kind: 'named', names: [l.name] }),
    })),
  ];
  if (source.kind === 'model' && known.length === 0) {
    items.push({
      label: 'The output layer',
      detail: 'the unembedding (vocabulary \u00d7 hidden), the largest layer',
      pick: ready({ kind: 'named', names: ['output'] }),
    });
  }
  items.push({ label: 'Layers by name\u2026', pick: typedLayers });
  const chosen = await vscode.window.showQuickPick(items, { title: `${TITLE}: which layers?` });
  return chosen?.pick();
}

type LabelItem = vscode.QuickPickItem & { readonly labels: KronLabelSource };

/** Where the labels of the per-token gradients come from. */
export async function pickLabels(): Promise<KronLabelSource | undefined> {
  const items: LabelItem[] = [
    {
      label: 'Labels sampled from the model',
      detail: 'Gauss\u2013Newton: H is the Fisher information, the curvature Shampoo approximates',
      labels: 'sampled',
    },
    {
      label: 'Labels from the text',
      detail: 'the empirical Fisher (Adagrad\u2019s view): each token\u2019s true next token',
      labels: 'true',
    },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: `${TITLE}: where do the labels come from?` });
  return chosen?.labels;
}
