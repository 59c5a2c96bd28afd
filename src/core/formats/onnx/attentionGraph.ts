/**
 * @file Finds or makes an ONNX graph that outputs attention probabilities for a model file. A
 * model that exports them is used as is; otherwise a rewritten copy is written to a cache folder
 * keyed by the SHA-256 of the original, which is only ever read.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { cachedRewrite } from './cachedRewrite';
import { exposeAttention, type AttentionOutput } from './exposeAttention';
import { readOnnxFile } from './readOnnx';
import { LensError, ortReason } from '../../errors';

/** Bumped whenever the rewrite changes, so stale cached copies are not reused. */
const REWRITE_VERSION = 1;

/** Where to read attention probabilities for a model, or why they cannot be read. */
export type AttentionGraph =
  /** `path` is a graph with `attentions.{i}` outputs: the user's file or a cached rewrite. */
  | { readonly kind: 'exported' | 'rewritten'; readonly path: string; readonly outputs: readonly AttentionOutput[] }
  /** No graph can output attention; dependencies must be measured by ablation. */
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * Returns a graph with attention outputs for the model at `onnxPath`, writing a rewritten copy into
 * `cacheDir` when needed. Models with external data are not rewritten (the copy could not find
 * the weights, and ONNX Runtime refuses paths outside a model's folder): they get a reason instead.
 * Throws `bad-model` for files that are not valid ONNX.
 */
export async function attentionGraphFor(onnxPath: string, cacheDir: string): Promise<AttentionGraph> {
  const model = await readOnnxFile(onnxPath);
  const exposure = exposeAttention(model);
  if (exposure.kind === 'unavailable') return exposure;
  if (exposure.kind === 'exported') return { kind: 'exported', path: onnxPath, outputs: exposure.outputs };
  const external = model.graph.externalData;
  if (external.length > 0) {
    return {
      kind: 'unavailable',
      reason:
        `This model keeps its weights in external data (${external.slice(0, 3).join(', ')}), so Model Lens ` +
        `cannot add attention outputs to a copy of its graph; export it with attention outputs (attentions.0, ` +
        `attentions.1, …) to see attention, or Model Lens measures dependencies by ablation instead.`,
    };
  }
  const cached = await cachedRewrite(onnxPath, model, exposure.bytes, `attention-v${REWRITE_VERSION}`, cacheDir);
  return { kind: 'rewritten', path: cached, outputs: exposure.outputs };
}

/**
 * Opens the graph to run (the rewritten copy, or the user's file when attention is exported or unavailable) with
 * `open`, e.g. an onnxruntime session. When that fails, a rewritten copy is removed from the cache, so a failed run
 * leaves nothing behind, and the failure becomes a `bad-model` LensError naming the model.
 */
export async function openAttentionGraph<T>(
  graph: AttentionGraph,
  onnxPath: string,
  open: (path: string) => Promise<T>,
): Promise<T> {
  const path = graph.kind === 'unavailable' ? onnxPath : graph.path;
  try {
    return await open(path);
  } catch (error) {
    if (graph.kind === 'rewritten') await rm(graph.path, { force: true });
    if (error instanceof LensError) throw error;
    throw new LensError(
      'bad-model',
      `${basename(onnxPath)} is not a valid ONNX model: onnxruntime could not load it (${ortReason(error)}). ` +
        `Export it again from a causal language model.`,
    );
  }
}
