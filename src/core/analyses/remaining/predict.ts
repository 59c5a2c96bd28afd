/**
 * @file A remaining-length prediction as the model writes: greedy generation, and after each generated token the
 * chosen layer's probe distribution, TRAIL's refined posterior (prior: the prompt-only baseline's distribution),
 * the prompt-only estimate counted down, every layer's probe estimate (for the layer scan) and, once the answer
 * ends, the truth. `onStep` receives the result so far after every token.
 */
import { LensError, throwIfCancelled } from '../../errors';
import type { RemainingPredictResult, RemainingStep } from '../../../shared/remaining';
import { expectedLength } from './bins';
import { argmax, forwardLast } from './forward';
import { layerScan } from './layerScan';
import { applyProbe } from './probe';
import { refineStep } from './refine';
import type { RemainingModel } from './remainingModel';

/** Options of {@link predictRemaining}. */
export interface PredictOptions {
  readonly prompt: string;
  readonly maxTokens: number;
  /** Probe layer (default: the model's chosen one). */
  readonly layer?: number;
  readonly signal?: AbortSignal;
  readonly onStep?: (partial: RemainingPredictResult) => void;
}

/** Greedily answers the prompt and predicts its remaining length at every token. */
export async function predictRemaining(model: RemainingModel, o: PredictOptions): Promise<RemainingPredictResult> {
  const { probes } = model;
  const count = probes.layers.length;
  const layer = o.layer ?? probes.defaultLayer;
  if (!Number.isInteger(layer) || layer < 0 || layer >= count)
    throw new LensError('bad-input', `Layer ${layer} has no probe: ${model.name} has layers 0 to ${count - 1}.`);
  const probe = probes.layers[layer];
  if (probe === undefined) throw new LensError('internal', `No probe for layer ${layer}.`);
  const ids = [...new TextEncoder().encode(o.prompt + model.promptSuffix)];
  const room = model.context - ids.length;
  if (room < 1)
    throw new LensError(
      'bad-input',
      `The prompt is ${ids.length} bytes; ${model.name} reads at most ${model.context} with its answer. Shorten it.`,
    );
  const limit = Math.min(o.maxTokens, room);
  let last = await forwardLast(model.session, ids, count);
  const prior = applyProbe(probes.prompt, last.hidden[probes.promptLayer] ?? new Float32Array(0));
  const total = expectedLength(prior, probes.bins);
  const decoder = new TextDecoder('utf-8');
  const steps: RemainingStep[] = [];
  const perLayer: number[][] = Array.from({ length: count }, () => []);
  let q: Float64Array = prior;
  const result = (done: boolean, finished: boolean): RemainingPredictResult => ({
    model: model.name,
    prompt: o.prompt,
    layer,
    layers: count,
    bins: { edges: [...probes.bins.edges], centres: [...probes.bins.centres] },
    transition: probes.transition,
    promptOnlyTotal: total,
    steps: finished ? steps.map((s, j) => ({ ...s, truth: steps.length - 1 - j })) : [...steps],
    done,
    finished,
    layerScan: layerScan(perLayer, finished ? steps.length : undefined, probes.heldOutMae),
  });
  for (let j = 1; j <= limit; j++) {
    throwIfCancelled(o.signal);
    const next = argmax(last.logits);
    if (next === model.eosId) return result(true, true);
    ids.push(next);
    last = await forwardLast(model.session, ids, count);
    const p = applyProbe(probe, last.hidden[layer] ?? new Float32Array(0));
    q = refineStep(q, p, probes.transition);
    probes.layers.forEach((pl, l) => {
      const pLayer = l === layer ? p : applyProbe(pl, last.hidden[l] ?? new Float32Array(0));
      perLayer[l]?.push(expectedLength(pLayer, probes.bins));
    });
    steps.push({
      text: next < 256 ? decoder.decode(Uint8Array.of(next), { stream: true }) : '',
      probs: [...p],
      probeOnly: expectedLength(p, probes.bins),
      refined: expectedLength(q, probes.bins),
      posterior: [...q],
      promptOnly: Math.max(0, total - j),
    });
    o.onStep?.(result(false, false));
  }
  // Stopped at maxTokens or the context: the answer may go on, so no truth is known.
  return result(true, argmax(last.logits) === model.eosId);
}
