import * as ort from 'onnxruntime-node';
import { encodeKernelModel, ELEM } from './src/core/numerics/onnxGraph';
async function main() {
  for (const dt of ['float32', 'float64'] as const) {
    const e = dt === 'float32' ? ELEM.float32 : ELEM.float64;
    const bytes = encodeKernelModel({
      nodes: [{ opType: 'MatMul', inputs: ['a', 'b'], outputs: ['c'] }],
      inputs: [{ name: 'a', elemType: e, shape: ['m', 'k'] }, { name: 'b', elemType: e, shape: ['k', 'n'] }],
      outputs: [{ name: 'c', elemType: e, shape: ['m', 'n'] }],
    });
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    const Arr = dt === 'float32' ? Float32Array : Float64Array;
    for (const n of [8, 32, 64, 128, 256, 1024, 2048, 4096]) {
      const a = new Arr(n * n).map((_, i) => (i % 7) - 3);
      const b = new Arr(n * n).map((_, i) => (i % 5) - 2);
      const ta = new ort.Tensor(dt, a, [n, n]); const tb = new ort.Tensor(dt, b, [n, n]);
      await s.run({ a: ta, b: tb });
      const reps = n >= 2048 ? 3 : n >= 512 ? 10 : 200;
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) await s.run({ a: ta, b: tb });
      const t = (performance.now() - t0) / reps / 1000;
      console.log(dt, n, `${(t * 1e6).toFixed(1)} us`, `${((2 * n ** 3) / t / 1e9).toFixed(1)} GFLOP/s`);
    }
  }
}
void main();
