/**
 * @file The model a dependencies request names, ready for both methods: an embedded model's
 * analysis graph, or a user's ONNX causal LM whose graph exports attention, or can be rewritten
 * to (a cached copy; the user's file is never changed). Fused attention falls back to ablation.
 */
import * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { attentionGraphFor, openAttentionGraph } from '../../formats/onnx/attentionGraph';
import { readManifest } from '../../model/manifest';
import { localModelConfig, readTokenizer } from '../../model/readFiles';
import { resolveModel } from '../../model/registry';
import { byteTokens, type ByteTokens } from './byteTokens';
import { loadDependencyModel, type DependencyModel } from './dependencyModel';

/** A model with its tokenizer (ids with source ranges, BOS first) and, when attention cannot be read, why. */
export interface LoadedDependencyModel {
  readonly model: DependencyModel;
  readonly encode: (text: string, offset: number) => ByteTokens;
  /** Set when only ablation is possible: the reason, for the user. */
  readonly fallback?: string;
}

/** Where to find models and where to cache rewritten graphs. */
export interface LoadForDependenciesOptions {
  readonly modelsDir: string;
  readonly cacheDir: string;
  readonly allowLocalFiles: boolean;
}

/** Loads `name` for the dependency analyses. */
export async function loadForDependencies(name: string, o: LoadForDependenciesOptions): Promise<LoadedDependencyModel> {
  const entry = readManifest(o.modelsDir).find((e) => e.name === name);
  if (entry?.graphs.analysis !== undefined) {
    const model = await loadDependencyModel(o.modelsDir, name);
    return { model, encode: (text, offset) => byteTokens(text, model.bosId, offset) };
  }
  const source = resolveModel(name, { modelsDir: o.modelsDir, allowLocalFiles: o.allowLocalFiles });
  if (source.kind !== 'local') {
    throw new LensError(
      'bad-model',
      `Token dependencies need the ONNX graph on disk; "${name}" is ` +
        `${source.kind === 'hub' ? 'a hub id' : 'an embedded model without an analysis graph'}. Export the model ` +
        `to a local folder (Optimum) and select that folder.`,
    );
  }
  const { context, bosId: bos } = localModelConfig(source.tokenizerDir);
  if (bos === undefined)
    throw new LensError(
      'bad-model',
      `${name} declares no bos_token_id in config.json; the dependency analyses feed it first and use it as the ` +
        `neutral token.`,
    );
  // Config and tokenizer first: a run that fails on them leaves no rewritten graph in the cache.
  const tokenizer = readTokenizer(source.tokenizerDir);
  const graph = await attentionGraphFor(source.onnx, o.cacheDir);
  const session = await openAttentionGraph(graph, source.onnx, (path) =>
    ort.InferenceSession.create(path, { executionProviders: ['cpu'] }),
  );
  const model: DependencyModel = { session, name: source.name, context, bosId: bos };
  const encode = (text: string, offset: number): ByteTokens => {
    if (text.length === 0) return byteTokens(text, bos, offset);
    const spans = tokenizer.encode(text);
    return {
      ids: Int32Array.from([bos, ...spans.map((s) => s.id)]),
      start: Uint32Array.from([offset, ...spans.map((s) => s.start + offset)]),
      end: Uint32Array.from([offset, ...spans.map((s) => s.end + offset)]),
    };
  };
  return { model, encode, ...(graph.kind === 'unavailable' ? { fallback: graph.reason } : {}) };
}
