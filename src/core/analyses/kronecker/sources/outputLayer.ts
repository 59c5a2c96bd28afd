/**
 * @file Per-token gradients of a causal LM's output layer (the unembedding W, logits = W h): G_t = (p_t − e_{y_t})
 * h_tᵀ, from the logits and the last hidden state, in the same overlapping windows as surprisal so each position
 * sees at least half a window of context.
 */
import type * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../../../errors';
import { graphFeeds } from '../../../model/graphFeeds';
import { planWindows } from '../../surprisal/planWindows';
import type { GradientStack, LayerInfo } from '../types';
import { softmaxInto, writeOutputGrad, type LabelPicker } from './labels';

/** What {@link outputLayerGradients} reads. */
export interface OutputLayerRun {
  readonly session: ort.InferenceSession;
  /** The last hidden state's output name. */
  readonly hidden: string;
  readonly layer: LayerInfo;
  /** Ids fed, the first never a target. */
  readonly ids: readonly number[];
  readonly window: number;
  readonly picker: LabelPicker;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ((done: number, total: number) => void) | undefined;
}

/** The rank-1 stack of the output layer: u_t = p_t − e_{y_t} (vocab), v_t = h_t (hidden), one per target. */
export async function outputLayerGradients(r: OutputLayerRun): Promise<GradientStack> {
  const { m, n } = r.layer;
  const count = r.ids.length - 1;
  const u = new Float64Array(count * m);
  const v = new Float64Array(count * n);
  const p = new Float64Array(m);
  for (const win of planWindows(r.ids.length, r.window)) {
    throwIfCancelled(r.signal);
    const slice = r.ids.slice(win.begin, win.end);
    const len = slice.length;
    const feeds = graphFeeds(r.session, BigInt64Array.from(slice, BigInt), new BigInt64Array(len).fill(1n), 1, len);
    const out = await r.session.run(feeds, ['logits', r.hidden]);
    const logits = floatRows(out['logits'], 'logits', len, m);
    const hidden = floatRows(out[r.hidden], r.hidden, len, n);
    for (let t = win.scoreFrom; t < win.end; t++) {
      const row = t - 1 - win.begin;
      softmaxInto(logits.subarray(row * m, (row + 1) * m), p);
      const y = r.picker.pick(p, r.ids[t] ?? 0);
      writeOutputGrad(p, y, u, (t - 1) * m);
      v.set(hidden.subarray(row * n, (row + 1) * n), (t - 1) * n);
    }
    r.progress?.(win.end - 1, count);
  }
  return { kind: 'rank1', name: r.layer.name, m, n, count, u, v };
}

/** The float32 data of an output [1, len, width], or `missing-output` saying what came instead. */
export function floatRows(t: ort.Tensor | undefined, name: string, len: number, width: number): Float32Array {
  const dims = t?.dims ?? [];
  if (t === undefined || t.type !== 'float32' || t.data.length !== len * width) {
    throw new LensError(
      'missing-output',
      `The graph's ${name} is not float32 [1, ${len}, ${width}] (got ${t?.type ?? 'nothing'} ` +
        `${JSON.stringify(dims)}). Export it in float32 with the shapes its metadata declares.`,
    );
  }
  return t.data as Float32Array;
}
