/**
 * @file Engine job of the dependencies toolkit: attention-based and ablation-based token
 * dependencies of a document (or a range of it), with per-head sparsity statistics. A request in the
 * 'token' scope (the token at the cursor) goes to `tokenJob.ts`: one window, one token.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ablationDependenciesOfTokens,
  type AblationDependencies,
} from '../../core/analyses/dependencies/ablationDependencies';
import { attentionDependenciesOfTokens } from '../../core/analyses/dependencies/attentionDependencies';
import { attentionWindow, type WindowAttention } from '../../core/analyses/dependencies/attentionWindow';
import type { ByteTokens } from '../../core/analyses/dependencies/byteTokens';
import {
  releaseDependencyModel,
  sessionModel,
  type DependencyModel,
} from '../../core/analyses/dependencies/dependencyModel';
import { isScored, type ScoredDependencyModel } from '../../core/analyses/dependencies/scoredAblation';
import { loadForDependencies, type LoadedDependencyModel } from '../../core/analyses/dependencies/loadForDependencies';
import { toDependenciesResult, type DependencyParts } from '../../core/analyses/dependencies/toResult';
import { tokenAt } from '../../core/analyses/dependencies/tokenWindow';
import { LensError } from '../../core/errors';
import { defaultCacheDir } from '../../core/model/loadModel';
import { refuseLargeText, tooManyTokens } from '../../core/model/textLimits';
import {
  DEFAULT_ABLATION_REACH,
  MAX_DEPENDENCY_TOKENS,
  type DependenciesParams as Params,
  type DependenciesResult,
} from '../../shared/dependencies';
import { agreementOf } from './agreement';
import { analyseToken } from './tokenJob';

/** Tokens of the dense per-head window sent for the map's layer and head filters. */
const MAP_WINDOW = 128;

type Progress = (fraction: number, message: string) => void;

/** Runs dependency analyses; models are loaded once. */
export class DependenciesJobs {
  private readonly models = new Map<string, Promise<LoadedDependencyModel>>();

  /** Jobs for the embedded models in `modelsDir`; rewritten user graphs are cached in `cacheDir`. */
  constructor(
    private readonly modelsDir: string,
    private readonly cacheDir: string = join(defaultCacheDir(), '..', 'attention'),
  ) {}

  /** The analyses a request asks for, as one result. */
  async run(params: Params, signal: AbortSignal, progress: Progress): Promise<DependenciesResult> {
    const at = params.at;
    if (params.scope === 'token' && at !== undefined) {
      const loaded = await this.model(params.model, params.allowLocalFiles);
      return this.guarded(params, loaded, () => analyseToken({ ...params, at }, loaded, signal, progress));
    }
    const offset = params.origin?.offset ?? 0;
    const range = params.range ?? { start: offset, end: offset + params.text.length };
    const text = params.text.slice(range.start - offset, range.end - offset);
    refuseLargeText(text, tokenLimit(params.maxTokens).maxTokens);
    const loaded = await this.model(params.model, params.allowLocalFiles);
    return this.guarded(params, loaded, () =>
      this.analyse(params, loaded, { text, offset: range.start }, signal, progress),
    );
  }

  /** Runs `work`, forgetting the model when it broke. */
  private async guarded<T>(params: Params, loaded: LoadedDependencyModel, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (brokenModel(error)) await this.forget(params, loaded);
      throw error;
    }
  }

  /** Drops a model that failed while running, and the rewritten graph it was loaded from, so nothing is left. */
  private async forget(params: Params, loaded: LoadedDependencyModel): Promise<void> {
    this.models.delete(modelKey(params.model, params.allowLocalFiles));
    await releaseDependencyModel(loaded.model).catch(() => undefined);
    if (loaded.cachedGraph !== undefined) await rm(loaded.cachedGraph, { force: true });
  }

  private async analyse(
    params: Params,
    loaded: LoadedDependencyModel,
    { text, offset }: { text: string; offset: number },
    signal: AbortSignal,
    progress: Progress,
  ): Promise<DependenciesResult> {
    const limit = tokenLimit(params.maxTokens);
    const { model } = loaded;
    const tokens = await loaded.encode(text, offset, { ...limit, signal });
    const p =
      loaded.fallback !== undefined && params.method !== 'ablation'
        ? { ...params, method: 'ablation' as const }
        : params;
    const at = p.at === undefined ? undefined : tokenAt(tokens, p.at);
    const share = p.method === 'both' ? 0.5 : 1;
    const attention =
      p.method === 'ablation'
        ? undefined
        : await attentionDependenciesOfTokens(sessionModel(model), tokens, {
            p: p.p,
            k: p.k,
            maxTokens: p.maxTokens,
            signal,
            onProgress: (f, m) => progress(f * share, m),
          });
    const ablation =
      p.method === 'attention'
        ? undefined
        : await this.ablation(model, tokens, p, at, signal, (f, m) => progress(1 - share + f * share, m));
    const parts: DependencyParts = {
      source: p.source,
      document: p.text,
      ...(p.origin !== undefined ? { origin: p.origin } : {}),
      includeRows: p.maps,
      notes: [...loaded.notes],
      ...(attention !== undefined ? { attention } : {}),
      ...(ablation !== undefined ? { ablation } : {}),
      ...(attention !== undefined && ablation !== undefined ? agreementOf(attention, ablation) : {}),
      ...(at !== undefined ? { at } : {}),
      ...(p.maps && attention !== undefined ? { window: await this.window(sessionModel(model), tokens, at) } : {}),
      ...(isScored(model) ? { device: 'server' as const } : {}),
    };
    return toDependenciesResult(parts);
  }

  private ablation(
    model: DependencyModel | ScoredDependencyModel,
    tokens: ByteTokens,
    { k, reach }: Pick<Params, 'k' | 'reach'>,
    at: number | undefined,
    signal: AbortSignal,
    onProgress: Progress,
  ): Promise<AblationDependencies> {
    return ablationDependenciesOfTokens(model, tokens, {
      k,
      reach: reach ?? DEFAULT_ABLATION_REACH,
      signal,
      onProgress,
      ...(at !== undefined ? { targets: { from: at, to: at + 1 } } : {}),
    });
  }

  private async window(
    model: DependencyModel,
    tokens: ByteTokens,
    at: number | undefined,
  ): Promise<{ first: number; maps: WindowAttention }> {
    const T = Math.min(MAP_WINDOW, model.context, tokens.ids.length);
    const first = Math.max(0, Math.min(tokens.ids.length - T, (at ?? 0) - Math.floor(T / 2)));
    return { first, maps: await attentionWindow(model, tokens.ids.subarray(first, first + T)) };
  }

  private model(name: string, allowLocalFiles: boolean): Promise<LoadedDependencyModel> {
    const key = modelKey(name, allowLocalFiles);
    let m = this.models.get(key);
    if (m === undefined) {
      m = loadForDependencies(name, { modelsDir: this.modelsDir, cacheDir: this.cacheDir, allowLocalFiles });
      this.models.set(key, m);
      m.catch(() => this.models.delete(key));
    }
    return m;
  }
}

const modelKey = (name: string, allowLocalFiles: boolean): string => `${name}\u0000${allowLocalFiles}`;

/** Whether `error` says the model itself failed (onnxruntime or a damaged graph), not the input or a cancel. */
function brokenModel(error: unknown): boolean {
  return !(error instanceof LensError) || error.code === 'bad-model';
}

/**
 * The token limit: the setting, and at most what a result may hold ({@link MAX_DEPENDENCY_TOKENS}), with the error
 * that names the one that binds.
 */
function tokenLimit(maxTokens: number): { maxTokens: number; tooLong: (n: number) => Error } {
  if (maxTokens <= MAX_DEPENDENCY_TOKENS) return { maxTokens, tooLong: (n) => tooManyTokens(n) };
  const most = MAX_DEPENDENCY_TOKENS;
  const what = `The text has more than ${most} tokens; token dependencies cover at most ${most}.`;
  return {
    maxTokens: MAX_DEPENDENCY_TOKENS,
    tooLong: () => new LensError('too-long', `${what} Select a part of the file.`),
  };
}
