/**
 * @file Learns CAT weights (LoRA Soups): one weight per layer per LoRA, base model and LoRAs
 * frozen, by minimising the answer loss on a dev split. onnxruntime runs inference only, so the
 * gradient is taken by central finite differences through the graph (2·layers·loras passes over
 * the dev split per step; the tests check it against PyTorch's autograd gradient at zoo-build
 * time). Adam on the parameters; the step with the lowest dev loss is kept, as the paper keeps
 * its best checkpoint on validation.
 *
 * Parameterisations: `softmax` (the paper's code: per-layer logits, weights = softmax over the
 * LoRAs, logits drawn from N(0,1) with a seed) and `free` (one unconstrained weight per layer per
 * LoRA, starting at 1, i.e. at PEFT's `cat` with weights 1).
 */
import type * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../../errors';
import type { LoraAdapter } from '../../formats/peft/types';
import { catLogitsInit, catWeighted, catWeightsFromLogits, layerCount } from './catWeighted';
import type { CatParameterisation } from '../../../shared/lora';
import { loraGraphFeeds } from './evaluate';
import { meanAnswerLoss } from './taskBatch';
import type { ScoreOptions, TaskItem } from './taskData';

export type { CatParameterisation } from '../../../shared/lora';

/** Options of `catLearn`. */
export interface CatLearnOptions {
  /** @default 'softmax' */
  readonly parameterisation?: CatParameterisation;
  /** Adam steps. @default 30 */
  readonly steps?: number;
  /** Adam learning rate. @default 0.1 */
  readonly lr?: number;
  /** Finite-difference step. @default 1e-3 */
  readonly h?: number;
  /** Seed of the N(0,1) logits (softmax). @default 0 */
  readonly seed?: number;
  /** Starting parameters, row-major [layer × lora] (overrides the default start). */
  readonly start?: readonly number[];
  readonly signal?: AbortSignal;
  /** Called after each step with the dev loss of the parameters before the step. */
  readonly onStep?: (step: number, steps: number, loss: number) => void;
}

/** Learned CAT weights and how learning went. */
export interface CatLearnResult {
  readonly parameterisation: CatParameterisation;
  readonly layers: number;
  readonly loras: number;
  /** weights[layer][lora] of the kept step. */
  readonly weights: number[][];
  /** The parameters of the kept step (logits or weights), row-major [layer × lora]. */
  readonly params: number[];
  readonly devLoss: number;
  readonly startLoss: number;
  /** Dev loss before each step, then after the last. */
  readonly history: number[];
  /** Passes over the dev split. */
  readonly evaluations: number;
}

/** weights[layer][lora] from parameters under a parameterisation. */
export function catWeightsOf(
  p: CatParameterisation,
  params: readonly number[],
  layers: number,
  loras: number,
): number[][] {
  if (p === 'softmax') return catWeightsFromLogits({ layers, loras, logits: Float64Array.from(params) });
  return Array.from({ length: layers }, (_, l) => params.slice(l * loras, (l + 1) * loras));
}

/** The dev loss of CAT with `weights`: the objective `catLearn` minimises. */
export function catLoss(
  session: ort.InferenceSession,
  adapters: readonly LoraAdapter[],
  weights: readonly (readonly number[])[],
  items: readonly TaskItem[],
  o: ScoreOptions,
): Promise<number> {
  const merged = catWeighted(adapters, weights);
  return meanAnswerLoss(session, items, loraGraphFeeds(session, [{ adapter: merged, weight: 1 }]), o);
}

/** Central-difference gradient of `f` at `x`. */
export async function finiteGradient(
  f: (x: readonly number[]) => Promise<number>,
  x: readonly number[],
  h: number,
): Promise<number[]> {
  const g: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const up = [...x];
    const down = [...x];
    up[i] = (up[i] ?? 0) + h;
    down[i] = (down[i] ?? 0) - h;
    g.push(((await f(up)) - (await f(down))) / (2 * h));
  }
  return g;
}

function startOf(o: CatLearnOptions, p: CatParameterisation, layers: number, loras: number): number[] {
  if (o.start !== undefined) {
    if (o.start.length !== layers * loras || !o.start.every(Number.isFinite))
      throw new LensError('bad-input', `CAT start parameters need ${layers * loras} finite numbers (layers × LoRAs).`);
    return [...o.start];
  }
  return p === 'softmax'
    ? Array.from(catLogitsInit(layers, loras, o.seed ?? 0).logits)
    : new Array<number>(layers * loras).fill(1);
}

/** Learns CAT weights for `adapters` on the dev `items` (see the file comment). */
export async function catLearn(
  session: ort.InferenceSession,
  adapters: readonly LoraAdapter[],
  items: readonly TaskItem[],
  score: ScoreOptions,
  o: CatLearnOptions = {},
): Promise<CatLearnResult> {
  if (adapters.length < 2) throw new LensError('bad-input', 'CAT composes two or more LoRAs; add another adapter.');
  const p = o.parameterisation ?? 'softmax';
  const layers = layerCount(adapters);
  const loras = adapters.length;
  if (layers < 1)
    throw new LensError('bad-input', 'The adapters name no numbered layers, so CAT has no per-layer weights to learn.');
  const steps = o.steps ?? 30;
  const lr = o.lr ?? 0.1;
  let evaluations = 0;
  const f = (x: readonly number[]): Promise<number> => {
    throwIfCancelled(o.signal);
    evaluations++;
    return catLoss(session, adapters, catWeightsOf(p, x, layers, loras), items, {
      ...score,
      ...(o.signal !== undefined ? { signal: o.signal } : {}),
    });
  };
  let x = startOf(o, p, layers, loras);
  const m = new Array<number>(x.length).fill(0);
  const v = new Array<number>(x.length).fill(0);
  const history: number[] = [];
  let best = { loss: Infinity, x };
  for (let t = 1; t <= steps + 1; t++) {
    const loss = await f(x);
    history.push(loss);
    if (loss < best.loss) best = { loss, x };
    if (t > steps) break;
    const g = await finiteGradient(f, x, o.h ?? 1e-3);
    x = x.map((xi, i) => {
      m[i] = 0.9 * (m[i] ?? 0) + 0.1 * (g[i] ?? 0);
      v[i] = 0.999 * (v[i] ?? 0) + 0.001 * (g[i] ?? 0) ** 2;
      return xi - (lr * ((m[i] ?? 0) / (1 - 0.9 ** t))) / (Math.sqrt((v[i] ?? 0) / (1 - 0.999 ** t)) + 1e-8);
    });
    o.onStep?.(t, steps, loss);
  }
  return {
    parameterisation: p,
    layers,
    loras,
    weights: catWeightsOf(p, best.x, layers, loras),
    params: best.x,
    devLoss: best.loss,
    startLoss: history[0] ?? NaN,
    history,
    evaluations,
  };
}
