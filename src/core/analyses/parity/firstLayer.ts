/**
 * @file The MLP's first layer, where nearly all of a step's time goes (batch × width × inputs multiply-adds each
 * way): the forward product and the weight gradient, four batch rows at a time so each weight (or gradient) is
 * loaded once per four rows.
 */
import type { Mlp, MlpScratch } from './mlp';

/** Row start offsets into x of a batch: rows 0 … rows − 1 in order, or the rows listed in `index`. */
export function rowOffsets(rows: number, d: number, index?: Int32Array): Int32Array {
  const offs = new Int32Array(rows);
  for (let b = 0; b < rows; b++) offs[b] = (index === undefined ? b : (index[b] ?? 0)) * d;
  return offs;
}

/** pre[b, j] = b1[j] + W1[j, :]·x_b, four rows at a time (each weight loaded once per four rows). */
export function firstLayer(net: Mlp, x: Float32Array, offs: Int32Array, pre: Float32Array): void {
  const { dims: d, width: w, w1, b1 } = net;
  const rows = offs.length;
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const x0 = offs[b] ?? 0;
    const x1 = offs[b + 1] ?? 0;
    const x2 = offs[b + 2] ?? 0;
    const x3 = offs[b + 3] ?? 0;
    for (let j = 0; j < w; j++) {
      const bias = b1[j] ?? 0;
      let z0 = bias;
      let z1 = bias;
      let z2 = bias;
      let z3 = bias;
      const wo = j * d;
      for (let i = 0; i < d; i++) {
        const v = w1[wo + i] ?? 0;
        z0 += v * (x[x0 + i] ?? 0);
        z1 += v * (x[x1 + i] ?? 0);
        z2 += v * (x[x2 + i] ?? 0);
        z3 += v * (x[x3 + i] ?? 0);
      }
      pre[b * w + j] = z0;
      pre[(b + 1) * w + j] = z1;
      pre[(b + 2) * w + j] = z2;
      pre[(b + 3) * w + j] = z3;
    }
  }
  for (; b < rows; b++) {
    const xo = offs[b] ?? 0;
    for (let j = 0; j < w; j++) {
      let z = b1[j] ?? 0;
      const wo = j * d;
      for (let i = 0; i < d; i++) z += (w1[wo + i] ?? 0) * (x[xo + i] ?? 0);
      pre[b * w + j] = z;
    }
  }
}

/** dW1[j, :] += Σ_b dPre[b, j]·x_b and db1[j] += Σ_b dPre[b, j], four rows at a time. */
export function firstLayerGrads(net: Mlp, x: Float32Array, offs: Int32Array, s: MlpScratch): void {
  const { dims: d, width: w } = net;
  const { dPre, grads: g } = s;
  const rows = offs.length;
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const x0 = offs[b] ?? 0;
    const x1 = offs[b + 1] ?? 0;
    const x2 = offs[b + 2] ?? 0;
    const x3 = offs[b + 3] ?? 0;
    for (let j = 0; j < w; j++) {
      const g0 = dPre[b * w + j] ?? 0;
      const g1 = dPre[(b + 1) * w + j] ?? 0;
      const g2 = dPre[(b + 2) * w + j] ?? 0;
      const g3 = dPre[(b + 3) * w + j] ?? 0;
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
      g.b1[j] = (g.b1[j] ?? 0) + g0 + g1 + g2 + g3;
      const wo = j * d;
      for (let i = 0; i < d; i++)
        g.w1[wo + i] =
          (g.w1[wo + i] ?? 0) +
          g0 * (x[x0 + i] ?? 0) +
          g1 * (x[x1 + i] ?? 0) +
          g2 * (x[x2 + i] ?? 0) +
          g3 * (x[x3 + i] ?? 0);
    }
  }
  for (; b < rows; b++) {
    const xo = offs[b] ?? 0;
    for (let j = 0; j < w; j++) {
      const gp = dPre[b * w + j] ?? 0;
      if (gp === 0) continue;
      g.b1[j] = (g.b1[j] ?? 0) + gp;
      const wo = j * d;
      for (let i = 0; i < d; i++) g.w1[wo + i] = (g.w1[wo + i] ?? 0) + gp * (x[xo + i] ?? 0);
    }
  }
}
