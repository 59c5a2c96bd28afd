/**
 * @file Hidden states of an embedded model's analysis graph (`hidden_states.{layer}` outputs),
 * computed in the same overlapping windows as surprisal, so each position sees at least half a
 * window of context. Row t-1 of the result is the state the model predicts token t from.
 */
import type * as ort from 'onnxruntime-node';
import { graphFeeds } from './graphFeeds';
import { planWindows } from '../analyses/surprisal/planWindows';
import { throwIfCancelled, LensError } from '../errors';

/** Options of {@link hiddenStates}. */
export interface HiddenStatesOptions {
  /** Which `hidden_states.{layer}` output to read. */
  readonly layer: number;
  /** Another output to read instead (e.g. `final_hidden_state`). */
  readonly output?: string;
  /** Tokens per window (the model's context). */
  readonly window: number;
  readonly signal?: AbortSignal;
}

/** States [ids.length - 1, dim]: row t-1 is the hidden state at position t-1 (it predicts ids[t]). */
export async function hiddenStates(
  session: ort.InferenceSession,
  ids: readonly number[],
  options: HiddenStatesOptions,
): Promise<{ data: Float32Array; dim: number }> {
  const name = options.output ?? `hidden_states.${options.layer}`;
  if (!session.outputNames.includes(name)) {
    throw new LensError(
      'missing-output',
      `The analysis graph has no output ${name} (it has: ${session.outputNames.join(', ')}).`,
    );
  }
  let out: Float32Array | undefined;
  let dim = 0;
  for (const win of planWindows(ids.length, options.window)) {
    throwIfCancelled(options.signal);
    const slice = ids.slice(win.begin, win.end);
    const n = slice.length;
    const feeds = graphFeeds(session, BigInt64Array.from(slice, BigInt), new BigInt64Array(n).fill(1n), 1, n);
    const h = (await session.run(feeds, [name]))[name];
    if (h === undefined) throw new LensError('missing-output', `The analysis graph returned no ${name}.`);
    dim = h.dims[2] ?? 0;
    out ??= new Float32Array((ids.length - 1) * dim);
    const data = h.data as Float32Array;
    for (let t = win.scoreFrom; t < win.end; t++) {
      out.set(data.subarray((t - 1 - win.begin) * dim, (t - win.begin) * dim), (t - 1) * dim);
    }
  }
  return { data: out ?? new Float32Array(0), dim };
}
