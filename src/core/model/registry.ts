/**
 * @file Resolves the `modelLens.model` setting to a model source: an embedded model, a local
 * ONNX file or folder with its tokenizer.json, a Hugging Face hub id, or a model server (`openai:<url>#<model>`).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LensError } from '../errors';
import { LM_TASKS, readManifest, type EmbeddedModel } from './manifest';
import { isRemoteSpec, parseRemoteSpec, type RemoteSpec } from './remoteSpec';

/** Where a model comes from, with the files needed to run it. */
export type ModelSource =
  | {
      readonly kind: 'embedded';
      readonly name: string;
      readonly onnx: string;
      readonly tokenizerDir: string;
      readonly entry: EmbeddedModel;
    }
  | { readonly kind: 'local'; readonly name: string; readonly onnx: string; readonly tokenizerDir: string }
  | { readonly kind: 'hub'; readonly name: string; readonly id: string }
  | { readonly kind: 'remote'; readonly name: string; readonly spec: RemoteSpec };

/** Options of {@link resolveModel}. */
export interface ResolveOptions {
  /** Folder holding manifest.json and the embedded models. */
  readonly modelsDir: string;
  /** False in a restricted (untrusted) workspace: only embedded models and hub ids are allowed. @default true */
  readonly allowLocalFiles?: boolean;
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/u;

/** Resolves a model spec; throws `model-not-found`, `untrusted` or `bad-model` with what to do. */
export function resolveModel(spec: string, options: ResolveOptions): ModelSource {
  const name = spec.trim();
  if (isRemoteSpec(name)) return remoteSource(name, options);
  const entry = readManifest(options.modelsDir).find((m) => m.name === name);
  if (entry !== undefined) {
    if (!LM_TASKS.includes(entry.task)) {
      throw new LensError(
        'bad-model',
        `${name} is an embedded ${entry.task} model, not a language model for text. Choose a language model such ` +
          `as lens-lm.`,
      );
    }
    const dir = join(options.modelsDir, entry.dir);
    return { kind: 'embedded', name, onnx: join(dir, entry.graphs.lm), tokenizerDir: dir, entry };
  }
  if (existsSync(name)) {
    if (options.allowLocalFiles === false) {
      throw new LensError(
        'untrusted',
        `This workspace is in restricted mode, so Model Lens loads only its embedded models. Trust the workspace ` +
          `to load ${name}.`,
      );
    }
    return localSource(resolve(name));
  }
  if (HUB_ID.test(name) && !name.endsWith('.onnx')) return { kind: 'hub', name, id: name };
  throw new LensError(
    'model-not-found',
    `No model "${name}": it is not an embedded model (${embeddedNames(options.modelsDir)}), an existing .onnx ` +
      `file or folder, a Hugging Face id like "owner/name", or a server as openai:<url>#<model>. Run "Model ` +
      `Lens: Select Model".`,
  );
}

function remoteSource(name: string, options: ResolveOptions): ModelSource {
  if (options.allowLocalFiles === false) {
    throw new LensError(
      'untrusted',
      `This workspace is in restricted mode, so Model Lens sends no text to a model server. Trust the workspace to ` +
        `use ${name}.`,
    );
  }
  return { kind: 'remote', name, spec: parseRemoteSpec(name) };
}

function embeddedNames(modelsDir: string): string {
  return readManifest(modelsDir)
    .filter((m) => LM_TASKS.includes(m.task))
    .map((m) => m.name)
    .join(', ');
}

function localSource(path: string): ModelSource {
  if (statSync(path).isDirectory()) {
    const onnx = ['model.onnx', 'onnx/model.onnx', 'decoder_model.onnx', 'onnx/decoder_model.onnx']
      .map((f) => join(path, f))
      .find((f) => existsSync(f));
    if (onnx === undefined) {
      throw new LensError(
        'bad-model',
        `The folder ${path} holds no model.onnx (looked for model.onnx and onnx/model.onnx). Export the model to ` +
          `ONNX first, for example with Hugging Face Optimum.`,
      );
    }
    return { kind: 'local', name: path, onnx, tokenizerDir: tokenizerDirFor(onnx) };
  }
  if (!path.endsWith('.onnx')) {
    throw new LensError(
      'bad-model',
      `${path} is not an ONNX model (expected a .onnx file or a folder with model.onnx and tokenizer.json).`,
    );
  }
  return { kind: 'local', name: path, onnx: path, tokenizerDir: tokenizerDirFor(path) };
}

function tokenizerDirFor(onnx: string): string {
  const dir = dirname(onnx);
  for (const d of [dir, dirname(dir)]) if (existsSync(join(d, 'tokenizer.json'))) return d;
  throw new LensError(
    'bad-model',
    `No tokenizer.json next to ${onnx} or in its parent folder. Put the model's tokenizer.json beside it (the ` +
      `layout Hugging Face Optimum exports).`,
  );
}
