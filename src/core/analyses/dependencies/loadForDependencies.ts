/**
 * @file The model a dependencies request names, ready for both methods: an embedded model's
 * analysis graph, or a user's (or the zoo's) ONNX causal LM whose graph exports attention, or can be
 * rewritten to (a cached copy; the user's file is never changed). Fused attention, or none, falls back to ablation;
 * so does a model on a completions server, whose ablation scores the actual next token's surprisal.
 */
import * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { loadModel } from '../../model/loadModel';
import type { SpanTokenizer } from '../../model/tokenizer';
import type { LogFn } from '../../model/types';
import { attentionGraphFor, openAttentionGraph } from '../../formats/onnx/attentionGraph';
import { encodeBounded } from '../../model/encodeBounded';
import { tooManyTokens } from '../../model/textLimits';
import { readManifest } from '../../model/manifest';
import { localModelConfig, readTokenizer } from '../../model/readFiles';
import { resolveModel } from '../../model/registry';
import { byteTokens, type ByteTokens } from './byteTokens';
import { loadDependencyModel, type DependencyModel } from './dependencyModel';
import { prefixGraphOf } from './prefixGraph';
import type { ScoredDependencyModel } from './scoredAblation';

/** The token limit of an encoding, the error past it, and the signal that cancels it. */
export interface EncodeLimit {
  readonly maxTokens: number;
  readonly tooLong?: (maxTokens: number) => Error;
  readonly signal?: AbortSignal;
}

/** A model with its tokenizer (ids with source ranges, BOS first) and, when attention cannot be read, why. */
export interface LoadedDependencyModel {
  /** An onnxruntime session, or (a remote model) a scorer of rows. */
  readonly model: DependencyModel | ScoredDependencyModel;
  /** Tokens of `text` (a `too-long` error past the limit, raised before the whole text is tokenized). */
  readonly encode: (text: string, offset: number, limit: EncodeLimit) => Promise<ByteTokens>;
  /** Set when only ablation is possible: the reason, for the user. */
  readonly fallback?: string;
  /** The rewritten copy of the user's graph in the cache, when one was written. */
  readonly cachedGraph?: string;
  /** Notes for the user about how the model was read (attention added by graph surgery, or why only ablation). */
  readonly notes: readonly string[];
}

/** Where to find models and where to cache rewritten graphs. */
export interface LoadForDependenciesOptions {
  readonly modelsDir: string;
  readonly cacheDir: string;
  readonly allowLocalFiles: boolean;
  /** Where a remote model's connection notes go. @default nowhere */
  readonly log?: LogFn;
}

/** Loads `name` for the dependency analyses. */
export async function loadForDependencies(name: string, o: LoadForDependenciesOptions): Promise<LoadedDependencyModel> {
  const entry = readManifest(o.modelsDir).find((e) => e.name === name);
  if (entry?.graphs.analysis !== undefined) {
    const model = await loadDependencyModel(o.modelsDir, name);
    const encode = async (text: string, offset: number, limit: EncodeLimit): Promise<ByteTokens> => {
      refuseBytes(text, limit);
      return byteTokens(text, model.bosId, offset);
    };
    return { model, encode, notes: [] };
  }
  const source = resolveModel(name, { modelsDir: o.modelsDir, allowLocalFiles: o.allowLocalFiles });
  if (source.kind === 'hub') {
    throw new LensError(
      'bad-model',
      `Token dependencies need the ONNX graph on disk; "${name}" is a hub id. Export the model to a local folder ` +
        `(Optimum) and select that folder.`,
    );
  }
  if (source.kind === 'remote') return loadScored(name, o);
  // An embedded language model without an analysis graph (the zoo's recurrent copy model) is read as a local one.
  const { context, bosId: bos } =
    source.kind === 'embedded'
      ? { context: source.entry.context, bosId: source.entry.bosTokenId }
      : localModelConfig(source.tokenizerDir);
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
  // A graph with a KV cache lets ablation reuse each window's prefix (checked against the full pass before use).
  const prefix = prefixGraphOf(session);
  const model: DependencyModel = { session, name: source.name, context, bosId: bos, ...(prefix ? { prefix } : {}) };
  return {
    model,
    encode: encoderOf(tokenizer, bos),
    ...(graph.kind === 'unavailable' ? { fallback: graph.reason } : {}),
    ...(graph.kind === 'rewritten' ? { cachedGraph: graph.path } : {}),
    notes: graph.kind === 'unavailable' ? [graph.reason] : graph.kind === 'rewritten' ? [surgeryNote(graph)] : [],
  };
}

/** A model on a completions server: ablation only, each ablated copy scored by the server. */
async function loadScored(name: string, o: LoadForDependenciesOptions): Promise<LoadedDependencyModel> {
  const lm = await loadModel(name, { modelsDir: o.modelsDir, device: 'cpu', log: o.log ?? (() => undefined) });
  if (lm.scorer === undefined || lm.bosId === undefined) {
    throw new LensError(
      'bad-model',
      `${name}: the server names no BOS token, which ablation feeds first and substitutes for each removed token.`,
    );
  }
  const model: ScoredDependencyModel = {
    name: lm.name,
    context: lm.context,
    bosId: lm.bosId,
    scorer: lm.scorer,
    dispose: () => lm.dispose(),
  };
  const why =
    `${name} is a remote model: the server gives per-token log-probabilities, not attentions, so only ablation ` +
    "ran, and its effect is how far the actual next token's surprisal moves (not a KL divergence).";
  return { model, encode: encoderOf(lm.tokenizer, lm.bosId), fallback: why, notes: [why] };
}

/** Tokens of a text through `tokenizer`, BOS first, with source ranges shifted by the text's offset. */
function encoderOf(
  tokenizer: SpanTokenizer,
  bos: number,
): (text: string, offset: number, limit: EncodeLimit) => Promise<ByteTokens> {
  return async (text, offset, limit) => {
    if (text.length === 0) return byteTokens(text, bos, offset);
    const spans = await encodeBounded(tokenizer, text, limit);
    return {
      ids: Int32Array.from([bos, ...spans.map((s) => s.id)]),
      start: Uint32Array.from([offset, ...spans.map((s) => s.start + offset)]),
      end: Uint32Array.from([offset, ...spans.map((s) => s.end + offset)]),
    };
  };
}

/** What graph surgery did, for the user: the model file has no attention outputs, a cached copy does. */
function surgeryNote(graph: { readonly outputs: readonly unknown[] }): string {
  const n = graph.outputs.length;
  return (
    `The model's graph has no attention outputs: Model Lens reads them from a cached copy with its ${n} attention ` +
    `softmax${n === 1 ? '' : 'es'} added as outputs (attentions.0 to attentions.${n - 1}); the model file is unchanged.`
  );
}

/** A byte-level model makes one token per UTF-8 byte: refuses a text of more bytes than the token limit. */
function refuseBytes(text: string, limit: EncodeLimit): void {
  const tooLong = limit.tooLong ?? tooManyTokens;
  // UTF-8 takes at least one byte per UTF-16 unit: a text with more units is too long without counting.
  if (text.length > limit.maxTokens || Buffer.byteLength(text, 'utf8') > limit.maxTokens)
    throw tooLong(limit.maxTokens);
}
