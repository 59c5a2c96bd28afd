/**
 * @file A 2-layer ReLU MLP on Float32Array with a hand-written backward pass: out = W2·relu(W1·x + b1) + b2, with
 * W1 width × dims, W2 outputs × width (row-major). The loss is the hinge max(0, 1 − y·out) for one ±1 output
 * (sparse parity, as in Barak et al.) or softmax cross-entropy for several classes, averaged over the batch; SGD
 * adds weight decay to every parameter's gradient as PyTorch's SGD does (g += λ·w; w −= η·g).
 */
import { firstLayer, firstLayerGrads, rowOffsets } from './firstLayer';
import { Rng } from '../../random/draws';

/** The network's parameters. */
export interface Mlp {
  readonly dims: number;
  readonly width: number;
  readonly outputs: number;
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

/** Losses: hinge on one ±1 output, or cross-entropy over class indices. */
export type MlpLoss = 'hinge' | 'xent';

/** Gradients of the batch loss with respect to each parameter (same shapes as {@link Mlp}). */
export type MlpGrads = Omit<Mlp, 'dims' | 'width' | 'outputs'>;

/** Scratch buffers of one batch size, reused across steps. */
export interface MlpScratch {
  readonly pre: Float32Array;
  readonly out: Float32Array;
  readonly dOut: Float32Array;
  readonly dPre: Float32Array;
  readonly grads: MlpGrads;
}

const uniform = (rng: Rng, bound: number): number => (2 * rng.uniform() - 1) * bound;

/**
 * A network drawn from `seed`. Dense: PyTorch's default (every weight and bias uniform in ±1/√fan_in). Sparse
 * (`sparsity` = s > 0): each hidden neuron reads s distinct random inputs with weights ±1/√s (random signs), all
 * other first-layer weights 0; biases and the second layer as dense. The draws are in a fixed order, so the same
 * seed always gives the same network.
 */
export function initMlp(dims: number, width: number, outputs: number, seed: number, sparsity = 0): Mlp {
  const rng = new Rng(seed);
  const w1 = new Float32Array(width * dims);
  const b1 = new Float32Array(width);
  const w2 = new Float32Array(outputs * width);
  const b2 = new Float32Array(outputs);
  const b = 1 / Math.sqrt(dims);
  for (let j = 0; j < width; j++) {
    if (sparsity > 0) {
      for (const i of rng.distinct(Math.min(sparsity, dims), dims)) w1[j * dims + i] = rng.sign() / Math.sqrt(sparsity);
    } else {
      for (let i = 0; i < dims; i++) w1[j * dims + i] = uniform(rng, b);
    }
  }
  for (let j = 0; j < width; j++) b1[j] = uniform(rng, b);
  const b2nd = 1 / Math.sqrt(width);
  for (let o = 0; o < w2.length; o++) w2[o] = uniform(rng, b2nd);
  for (let o = 0; o < outputs; o++) b2[o] = uniform(rng, b2nd);
  return { dims, width, outputs, w1, b1, w2, b2 };
}

/** The sub-network of the hidden neurons `keep` (their weights copied, in that order). */
export function subMlp(net: Mlp, keep: readonly number[]): Mlp {
  const { dims, outputs } = net;
  const width = keep.length;
  const w1 = new Float32Array(width * dims);
  const b1 = new Float32Array(width);
  const w2 = new Float32Array(outputs * width);
  keep.forEach((j, at) => {
    w1.set(net.w1.subarray(j * dims, (j + 1) * dims), at * dims);
    b1[at] = net.b1[j] ?? 0;
    for (let o = 0; o < outputs; o++) w2[o * width + at] = net.w2[o * net.width + j] ?? 0;
  });
  return { dims, width, outputs, w1, b1, w2, b2: net.b2.slice() };
}

/** Scratch buffers for batches of `batch` rows. */
export function mlpScratch(net: Mlp, batch: number): MlpScratch {
  return {
    pre: new Float32Array(batch * net.width),
    out: new Float32Array(batch * net.outputs),
    dOut: new Float32Array(batch * net.outputs),
    dPre: new Float32Array(batch * net.width),
    grads: {
      w1: new Float32Array(net.w1.length),
      b1: new Float32Array(net.b1.length),
      w2: new Float32Array(net.w2.length),
      b2: new Float32Array(net.b2.length),
    },
  };
}

/** Forward pass of rows [0, rows) of `x` (or the rows listed in `index`): fills s.pre and s.out. */
export function mlpForward(net: Mlp, x: Float32Array, rows: number, s: MlpScratch, index?: Int32Array): void {
  const { width: w, outputs: c, w2, b2 } = net;
  const { pre, out } = s;
  firstLayer(net, x, rowOffsets(rows, net.dims, index), pre);
  for (let b = 0; b < rows; b++) {
    const po = b * w;
    for (let o = 0; o < c; o++) {
      let z = b2[o] ?? 0;
      const wo = o * w;
      for (let j = 0; j < w; j++) {
        const a = pre[po + j] ?? 0;
        if (a > 0) z += (w2[wo + j] ?? 0) * a;
      }
      out[b * c + o] = z;
    }
  }
}

/** d(mean loss)/d(out) into s.dOut after {@link mlpForward}; returns the mean loss. */
export function lossGrad(loss: MlpLoss, y: Float32Array, rows: number, s: MlpScratch, c: number, index?: Int32Array) {
  let total = 0;
  for (let b = 0; b < rows; b++) {
    const label = y[index === undefined ? b : (index[b] ?? 0)] ?? 0;
    if (loss === 'hinge') {
      const margin = 1 - label * (s.out[b] ?? 0);
      total += Math.max(0, margin);
      s.dOut[b] = margin > 0 ? -label / rows : 0;
      continue;
    }
    let max = -Infinity;
    for (let o = 0; o < c; o++) max = Math.max(max, s.out[b * c + o] ?? 0);
    let sum = 0;
    for (let o = 0; o < c; o++) sum += Math.exp((s.out[b * c + o] ?? 0) - max);
    for (let o = 0; o < c; o++) {
      const p = Math.exp((s.out[b * c + o] ?? 0) - max) / sum;
      s.dOut[b * c + o] = (p - (o === label ? 1 : 0)) / rows;
    }
    total += Math.log(sum) + max - (s.out[b * c + label] ?? 0);
  }
  return total / rows;
}

/** Backward pass after {@link mlpForward} and {@link lossGrad}: fills s.grads (no weight decay). */
export function mlpBackward(net: Mlp, x: Float32Array, rows: number, s: MlpScratch, index?: Int32Array): void {
  const { dims: d, width: w, outputs: c, w2 } = net;
  const { pre, dOut, dPre, grads: g } = s;
  g.w1.fill(0);
  g.b1.fill(0);
  g.w2.fill(0);
  g.b2.fill(0);
  for (let b = 0; b < rows; b++) {
    const po = b * w;
    for (let o = 0; o < c; o++) {
      const go = dOut[b * c + o] ?? 0;
      g.b2[o] = (g.b2[o] ?? 0) + go;
      if (go === 0) continue;
      const wo = o * w;
      for (let j = 0; j < w; j++) {
        const a = pre[po + j] ?? 0;
        if (a > 0) g.w2[wo + j] = (g.w2[wo + j] ?? 0) + go * a;
      }
    }
    for (let j = 0; j < w; j++) {
      let gp = 0;
      if ((pre[po + j] ?? 0) > 0) for (let o = 0; o < c; o++) gp += (dOut[b * c + o] ?? 0) * (w2[o * w + j] ?? 0);
      dPre[po + j] = gp;
    }
  }
  firstLayerGrads(net, x, rowOffsets(rows, d, index), s);
}

/** One SGD step with weight decay on every parameter: w ← w − η(g + λw). */
export function sgdStep(net: Mlp, g: MlpGrads, lr: number, weightDecay: number): void {
  const pairs: [Float32Array, Float32Array][] = [
    [net.w1, g.w1],
    [net.b1, g.b1],
    [net.w2, g.w2],
    [net.b2, g.b2],
  ];
  for (const [p, gp] of pairs)
    for (let i = 0; i < p.length; i++) p[i] = (p[i] ?? 0) - lr * ((gp[i] ?? 0) + weightDecay * (p[i] ?? 0));
}
