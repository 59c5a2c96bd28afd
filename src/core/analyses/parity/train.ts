/**
 * @file One training run on sparse parity: a network drawn from its init seed, trained by SGD (batch B, hinge loss)
 * on a fixed set of m examples (batches drawn with replacement) or online (a fresh batch every step), evaluated
 * every `evalEvery` steps on a held-out set; it succeeds the first time test accuracy reaches the success level
 * and stops there. It reports the steps to success, the train/test curve and the neurons by first-layer norm.
 */
import { PARITY_OPTIONS } from '../../../shared/parity';
import { drawParity, parityExamples, type Examples } from './data';
import { initMlp, lossGrad, mlpBackward, mlpForward, mlpScratch, sgdStep, subMlp, type Mlp } from './mlp';
import { Rng, mixSeed } from '../../random/draws';

/** Everything one run needs (plain data: it crosses to a worker thread). */
export interface RunSpec {
  readonly n: number;
  readonly support: readonly number[];
  readonly width: number;
  /** Training set size; 0 = online. */
  readonly samples: number;
  /** First-layer sparsity s; 0 = dense. */
  readonly sparsity: number;
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly weightDecay: number;
  readonly testSize: number;
  readonly evalEvery: number;
  readonly dataSeed: number;
  readonly initSeed: number;
  /** Train only these hidden neurons of the initial network (the rewind check). */
  readonly keep?: readonly number[];
  /** Neurons reported by norm (largest first). */
  readonly report?: number;
}

/** A neuron's first-layer weights and their norm. */
export interface NeuronWeights {
  readonly index: number;
  readonly norm: number;
  readonly weights: number[];
}

/** What one run gives. */
export interface RunResult {
  readonly success: boolean;
  /** Steps to success (null when it did not succeed within the cutoff). */
  readonly steps: number | null;
  readonly finalTest: number;
  readonly finalTrain: number;
  readonly curve: { step: number[]; train: number[]; test: number[] };
  /** Hidden neurons by first-layer norm, largest first (at most `report`, with their weights). */
  readonly neurons: NeuronWeights[];
}

/** Accuracy of sign(out) against ±1 labels on all rows of `set`, in chunks of `chunk` rows. */
export function parityAccuracy(net: Mlp, set: Examples, chunk = 256): number {
  const s = mlpScratch(net, chunk);
  let right = 0;
  for (let from = 0; from < set.count; from += chunk) {
    const rows = Math.min(chunk, set.count - from);
    mlpForward(net, set.x.subarray(from * set.dims), rows, s);
    for (let b = 0; b < rows; b++) if ((s.out[b] ?? 0) * (set.y[from + b] ?? 0) > 0) right++;
  }
  return set.count === 0 ? 0 : right / set.count;
}

/** The network a spec starts from (its init seed; the kept neurons only when `keep` is given). */
export function initialNetwork(spec: RunSpec): Mlp {
  const net = initMlp(spec.n, spec.width, 1, spec.initSeed, spec.sparsity);
  return spec.keep === undefined ? net : subMlp(net, spec.keep);
}

/** Hidden neurons by first-layer norm, largest first, the first `most` with their weights. */
export function topNeurons(net: Mlp, most: number): NeuronWeights[] {
  const d = net.dims;
  const norms = Array.from({ length: net.width }, (_, j) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += (net.w1[j * d + i] ?? 0) ** 2;
    return Math.sqrt(s);
  });
  const order = norms.map((_, j) => j).sort((a, b) => (norms[b] ?? 0) - (norms[a] ?? 0) || a - b);
  return order.slice(0, most).map((j) => ({
    index: j,
    norm: norms[j] ?? 0,
    weights: Array.from(net.w1.subarray(j * d, (j + 1) * d)),
  }));
}

/** Keeps a curve within `most` points by dropping every other point when it fills up. */
function pushPoint(c: RunResult['curve'], step: number, train: number, test: number, most: number): void {
  c.step.push(step);
  c.train.push(train);
  c.test.push(test);
  if (c.step.length <= most) return;
  for (const a of [c.step, c.train, c.test]) {
    const kept = a.filter((_, i) => i % 2 === 1 || i === a.length - 1);
    a.splice(0, a.length, ...kept);
  }
}

/** Trains one run to success or the step cutoff. `stop` is polled at each evaluation. */
export function trainRun(spec: RunSpec, stop: () => boolean = () => false): RunResult {
  const { n, support, batch } = spec;
  const net = initialNetwork(spec);
  const test = parityExamples(n, support, spec.testSize, mixSeed(spec.dataSeed, 0x7e57));
  const dataRng = new Rng(mixSeed(spec.dataSeed, 0xda7a));
  const train = spec.samples > 0 ? drawParity(dataRng, n, support, spec.samples) : undefined;
  const probe = train ?? parityExamples(n, support, Math.min(spec.testSize, 1000), mixSeed(spec.dataSeed, 0x9b));
  const fresh = { x: new Float32Array(batch * n), y: new Float32Array(batch), count: batch, dims: n };
  const index = new Int32Array(batch);
  const s = mlpScratch(net, batch);
  const curve: RunResult['curve'] = { step: [], train: [], test: [] };
  let finalTest = 0;
  let finalTrain = 0;
  for (let step = 1; step <= spec.steps; step++) {
    if (train === undefined) drawParity(dataRng, n, support, batch, fresh);
    else for (let b = 0; b < batch; b++) index[b] = dataRng.below(train.count);
    const set = train ?? fresh;
    const idx = train === undefined ? undefined : index;
    mlpForward(net, set.x, batch, s, idx);
    lossGrad('hinge', set.y, batch, s, 1, idx);
    mlpBackward(net, set.x, batch, s, idx);
    sgdStep(net, s.grads, spec.lr, spec.weightDecay);
    if (step % spec.evalEvery !== 0 && step !== spec.steps) continue;
    finalTest = parityAccuracy(net, test);
    finalTrain = parityAccuracy(net, probe);
    pushPoint(curve, step, finalTrain, finalTest, PARITY_OPTIONS.curvePoints);
    if (finalTest >= PARITY_OPTIONS.successAccuracy) {
      return { success: true, steps: step, finalTest, finalTrain, curve, neurons: topNeurons(net, spec.report ?? 0) };
    }
    if (stop()) break;
  }
  return { success: false, steps: null, finalTest, finalTrain, curve, neurons: topNeurons(net, spec.report ?? 0) };
}
