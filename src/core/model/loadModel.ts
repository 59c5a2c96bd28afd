/**
 * @file Loads the model a spec names: embedded, local ONNX, or Hugging Face hub id.
 */
import { join } from 'node:path';
import type { DeviceSetting } from '../../shared/results';
import { loadHubModel } from './hubModel';
import { loadOrtModel } from './ortModel';
import { resolveModel, type ModelSource } from './registry';
import { readJson, readTokenizer } from './readFiles';
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

/** Longest window used for user models whose config says nothing smaller. */
const MAX_WINDOW = 1024;

/** Resolves and loads a model, ready to score text. */
export async function loadModel(spec: string, options: LoadModelOptions): Promise<CausalLM> {
  const source = resolveModel(spec, options);
  if (source.kind === 'hub') {
    const host = process.env['MODEL_LENS_HUB_HOST'];
    return loadHubModel(source.id, { ...options, cacheDir: options.cacheDir ?? defaultCacheDir(), ...(host !== undefined ? { remoteHost: host } : {}) });
  }
  const config = readJson(join(source.tokenizerDir, 'config.json'), {});
  return loadOrtModel(source.onnx, {
    name: source.name,
    device: options.device,
    context: contextOf(source, config),
    bosId: bosOf(source, config),
    tokenizer: readTokenizer(source.tokenizerDir),
    log: options.log,
  });
}

function numberField(config: unknown, ...keys: string[]): number | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  for (const key of keys) {
    const v = (config as Record<string, unknown>)[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

function contextOf(source: ModelSource, config: unknown): number {
  if (source.kind === 'embedded') return source.entry.context;
  return Math.min(MAX_WINDOW, numberField(config, 'n_ctx', 'max_position_embeddings', 'n_positions') ?? MAX_WINDOW);
}

function bosOf(source: ModelSource, config: unknown): number | undefined {
  if (source.kind === 'embedded') return source.entry.bosTokenId;
  return numberField(config, 'bos_token_id');
}

/** The hub cache folder: $MODEL_LENS_CACHE, else ~/.cache/model-lens/hub. */
export function defaultCacheDir(): string {
  return process.env['MODEL_LENS_CACHE'] ?? join(process.env['HOME'] ?? '.', '.cache', 'model-lens', 'hub');
}
