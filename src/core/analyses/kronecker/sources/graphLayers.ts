/**
 * @file Per-token gradients of every linear layer of a gradient graph (kron-mlp): the graph takes the context ids
 * and the labels, and outputs each layer's input (activations.{layer}) and the gradient of the token's loss at its
 * output (output_grads.{layer}), so G_t = output_grads_t · activations_tᵀ. Sampled labels are drawn from the
 * graph's logits first, then fed back.
 */
import * as ort from 'onnxruntime-node';
import { throwIfCancelled } from '../../../errors';
import { nextTurn } from '../../../model/pacing';
import type { GradientStack, LayerInfo } from '../types';
import { softmaxInto, type LabelPicker } from './labels';
import { floatRows } from './outputLayer';

/** Tokens per run of the graph. */
export const GRAPH_BATCH = 256;

/** What {@link graphLayerGradients} reads. */
export interface GraphLayersRun {
  readonly session: ort.InferenceSession;
  readonly layers: readonly LayerInfo[];
  /** Ids, the first never a target; ids before the first are `pad`. */
  readonly ids: readonly number[];
  /** Width of the context input. */
  readonly context: number;
  readonly pad: number;
  /** Labels drawn from the model (when sampled), else the text's next token. */
  readonly sampled: boolean;
  readonly picker: LabelPicker;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ((done: number, total: number) => void) | undefined;
}

/** The rank-1 stacks of the layers asked, in their order. */
export async function graphLayerGradients(r: GraphLayersRun): Promise<GradientStack[]> {
  const count = r.ids.length - 1;
  const stacks = r.layers.map((l) => ({
    kind: 'rank1' as const,
    name: l.name,
    m: l.m,
    n: l.n,
    count,
    u: new Float64Array(count * l.m),
    v: new Float64Array(count * l.n),
  }));
  const names = r.layers.flatMap((l) => [`activations.${l.name}`, `output_grads.${l.name}`]);
  for (let from = 0; from < count; from += GRAPH_BATCH) {
    throwIfCancelled(r.signal);
    const size = Math.min(GRAPH_BATCH, count - from);
    const context = contextsOf(r, from, size);
    const labels = await labelsOf(r, context, from, size);
    const out = await r.session.run({ context, labels }, names);
    stacks.forEach((s) => {
      s.u.set(floatRows(out[`output_grads.${s.name}`], `output_grads.${s.name}`, size, s.m), from * s.m);
      s.v.set(floatRows(out[`activations.${s.name}`], `activations.${s.name}`, size, s.n), from * s.n);
    });
    r.progress?.(from + size, count);
    await nextTurn();
  }
  return stacks;
}

/** The context rows of targets from+1 … from+size: the `context` ids before each, `pad` before the text. */
function contextsOf(r: GraphLayersRun, from: number, size: number): ort.Tensor {
  const w = r.context;
  const data = new BigInt64Array(size * w);
  for (let b = 0; b < size; b++) {
    const t = from + 1 + b;
    for (let j = 0; j < w; j++) {
      const at = t - w + j;
      data[b * w + j] = BigInt(at >= 0 ? (r.ids[at] ?? r.pad) : r.pad);
    }
  }
  return new ort.Tensor('int64', data, [size, w]);
}

async function labelsOf(r: GraphLayersRun, context: ort.Tensor, from: number, size: number): Promise<ort.Tensor> {
  const next = (b: number): number => r.ids[from + 1 + b] ?? 0;
  const labels = BigInt64Array.from({ length: size }, (_, b) => BigInt(next(b)));
  if (!r.sampled) return new ort.Tensor('int64', labels, [size]);
  const out = await r.session.run({ context, labels: new ort.Tensor('int64', labels, [size]) }, ['logits']);
  const vocab = (out['logits']?.dims.at(-1) as number | undefined) ?? 0;
  const logits = floatRows(out['logits'], 'logits', size, vocab);
  const p = new Float64Array(vocab);
  for (let b = 0; b < size; b++) {
    softmaxInto(logits.subarray(b * vocab, (b + 1) * vocab), p);
    labels[b] = BigInt(r.picker.pick(p, next(b)));
  }
  return new ort.Tensor('int64', labels, [size]);
}
