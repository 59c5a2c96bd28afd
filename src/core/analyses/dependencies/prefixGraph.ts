/**
 * @file A KV-cache graph of a causal LM, as ablation reuses it: `input_ids`, optionally `attention_mask` (past and
 * new positions) and `position_ids`, and `past_key_values.*` inputs [B, H, past, d] with matching `present.*` outputs
 * [B, H, past + new, d] (Hugging Face's layout; lens-lm's layer 0 holds one extra "head", its smear state, laid out
 * the same way). Graphs with other inputs (e.g. a merged decoder's `use_cache_branch`) are not used.
 */
import * as ort from 'onnxruntime-node';

/** One cache tensor: the past input, its present output, and its heads and width. */
export interface CacheSlot {
  readonly past: string;
  readonly present: string;
  readonly heads: number;
  readonly width: number;
}

/** A KV-cache graph ablation can feed a shared prefix to. */
export interface PrefixGraph {
  readonly session: ort.InferenceSession;
  readonly slots: readonly CacheSlot[];
  readonly positions: boolean;
  readonly mask: boolean;
}

const PLAIN_INPUTS = new Set(['input_ids', 'attention_mask', 'position_ids']);

/** The KV-cache layout of `session`, or undefined when it has none this module can feed. */
export function prefixGraphOf(session: ort.InferenceSession): PrefixGraph | undefined {
  if (!session.inputNames.includes('input_ids') || !session.outputNames.includes('logits')) return undefined;
  const slots: CacheSlot[] = [];
  for (const meta of session.inputMetadata) {
    if (PLAIN_INPUTS.has(meta.name)) continue;
    if (!meta.isTensor || !meta.name.startsWith('past_key_values.') || meta.type !== 'float32') return undefined;
    const present = `present.${meta.name.slice('past_key_values.'.length)}`;
    const [, heads, , width] = meta.shape;
    if (meta.shape.length !== 4 || typeof heads !== 'number' || typeof width !== 'number') return undefined;
    if (!session.outputNames.includes(present)) return undefined;
    slots.push({ past: meta.name, present, heads, width });
  }
  if (slots.length === 0) return undefined;
  return {
    session,
    slots,
    positions: session.inputNames.includes('position_ids'),
    mask: session.inputNames.includes('attention_mask'),
  };
}

/** Opens `path` (cpu) and reads its KV-cache layout; undefined (and the session released) when it has none. */
export async function loadPrefixGraph(path: string): Promise<PrefixGraph | undefined> {
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  const graph = prefixGraphOf(session);
  if (graph === undefined) await session.release();
  return graph;
}

/** The cache of one pass: per slot, its present tensor [1, heads, length, width]. */
export interface PrefixCache {
  readonly length: number;
  readonly tensors: readonly Float32Array[];
}

/**
 * Past feeds for `batch` copies of the first `P` positions of `cache`: per slot [batch, heads, P, width], each copy
 * the same prefix (onnxruntime's Concat does not broadcast, so the prefix is tiled).
 */
export function pastFeeds(
  graph: PrefixGraph,
  cache: PrefixCache | undefined,
  P: number,
  batch: number,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  graph.slots.forEach((slot, s) => {
    const { heads, width } = slot;
    const out = new Float32Array(batch * heads * P * width);
    const src = cache?.tensors[s];
    if (src !== undefined && P > 0) {
      const L = cache?.length ?? 0;
      for (let h = 0; h < heads; h++) {
        const from = src.subarray(h * L * width, (h * L + P) * width);
        for (let b = 0; b < batch; b++) out.set(from, (b * heads + h) * P * width);
      }
    }
    feeds[slot.past] = new ort.Tensor('float32', out, [batch, heads, P, width]);
  });
  return feeds;
}
