/**
 * @file Loads the model a spec names: embedded, local ONNX, or Hugging Face hub id.
 */
import { join } from 'node:path';
import type { DeviceSetting } from '../../shared/schema';
import { loadHubModel } from './hubModel';
import { loadOrtModel } from './ortModel';
import { resolveModel } from './registry';
import { localModelConfig, readTokenizer } from './readFiles';
import type { CausalLM, LogFn } from './types';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  readonly modelsDir: string;
  readonly device: DeviceSetting;
  readonly log: LogFn;
  /** False in an untrusted workspace. @default true */
  readonly allowLocalFiles?: boolean;
  /** Folder where hub models are cached. */
  readonly cacheDir?: string;
}

/** Resolves and loads a model, ready to score text. */
export async function loadModel(spec: string, options: LoadModelOptions): Promise<CausalLM> {
  const source = resolveModel(spec, options);
  if (source.kind === 'hub') {
    const host = process.env['MODEL_LENS_HUB_HOST'];
    return loadHubModel(source.id, {
      ...options,
      cacheDir: options.cacheDir ?? defaultCacheDir(),
      ...(host !== undefined ? { remoteHost: host } : {}),
    });
  }
  const config =
    source.kind === 'embedded'
      ? { context: source.entry.context, bosId: source.entry.bosTokenId }
      : localModelConfig(source.tokenizerDir);
  return loadOrtModel(source.onnx, {
    name: source.name,
    device: options.device,
    context: config.context,
    bosId: config.bosId,
    tokenizer: readTokenizer(source.tokenizerDir),
    log: options.log,
  });
}

/** The hub cache folder: $MODEL_LENS_CACHE, else ~/.cache/model-lens/hub. */
export function defaultCacheDir(): string {
  return process.env['MODEL_LENS_CACHE'] ?? join(process.env['HOME'] ?? '.', '.cache', 'model-lens', 'hub');
}
