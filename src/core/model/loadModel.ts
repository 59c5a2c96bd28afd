/**
 * @file Loads the model a spec names: embedded, local ONNX, Hugging Face hub id, or a model server.
 */
import { join } from 'node:path';
import type { DeviceSetting } from '../../shared/schema';
import { loadHubModel } from './hubModel';
import { loadOrtModel } from './ortModel';
import { loadRemoteModel } from './remote/remoteModel';
import type { RemoteSpec } from './remoteSpec';
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
  /** Bearer key of a remote model's server. @default $MODEL_LENS_API_KEY */
  readonly apiKey?: string;
}

/** Resolves and loads a model, ready to score text. */
export async function loadModel(spec: string, options: LoadModelOptions): Promise<CausalLM> {
  const source = resolveModel(spec, options);
  if (source.kind === 'remote') {
    const key = options.apiKey ?? keyFromEnv(source.spec);
    return loadRemoteModel(source.name, { log: options.log, ...(key !== undefined ? { key } : {}) });
  }
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

/**
 * $MODEL_LENS_API_KEY, unless $MODEL_LENS_API_KEY_ORIGIN says it belongs to another server (VS Code hands the key of
 * one server to the engine, which must not send it to any other).
 */
function keyFromEnv(spec: RemoteSpec): string | undefined {
  const origin = process.env['MODEL_LENS_API_KEY_ORIGIN'];
  if (origin !== undefined && origin !== new URL(spec.baseUrl).origin) return undefined;
  return process.env['MODEL_LENS_API_KEY'];
}

/** The hub cache folder: $MODEL_LENS_CACHE, else ~/.cache/model-lens/hub. */
export function defaultCacheDir(): string {
  return process.env['MODEL_LENS_CACHE'] ?? join(process.env['HOME'] ?? '.', '.cache', 'model-lens', 'hub');
}
