/**
 * @file Builders of small LoRA adapters for the tests.
 */
import {
  loraScaling,
  type LoraAdapter,
  type LoraConfig,
  type LoraModule,
  type Matrix,
} from '../../../src/core/formats/peft/types';
import assert from 'node:assert/strict';

/** A row-major matrix from nested rows. */
export function mat(rows: number[][]): Matrix {
  return { rows: rows.length, cols: rows[0]?.length ?? 0, data: Float32Array.from(rows.flat()) };
}

/** A config with PEFT's fields set. */
export function config(r: number, alpha: number, extra: Partial<LoraConfig> = {}): LoraConfig {
  return {
    r,
    loraAlpha: alpha,
    targetModules: ['q_proj', 'v_proj'],
    useRslora: false,
    rankPattern: {},
    alphaPattern: {},
    baseModelNameOrPath: 'tiny-base',
    taskType: 'CAUSAL_LM',
    fanInFanOut: false,
    raw: {},
    ...extra,
  };
}

/** One module with factors a [r × in] and b [out × r]. */
export function module(name: string, a: number[][], b: number[][], alpha: number, rslora = false): LoraModule {
  const am = mat(a);
  return { name, a: am, b: mat(b), rank: am.rows, alpha, scaling: loraScaling(alpha, am.rows, rslora) };
}

/** An adapter holding `modules`, with r and alpha of the first. */
export function adapter(modules: LoraModule[], extra: Partial<LoraConfig> = {}): LoraAdapter {
  const first = modules[0];
  return {
    config: config(first?.rank ?? 1, first?.alpha ?? 1, extra),
    modules: new Map(modules.map((m) => [m.name, m])),
    dtype: 'F32',
    extras: new Map(),
  };
}

/** The dense update s·B·A of a module as nested rows. */
export function delta(m: LoraModule): number[][] {
  const d = matrixMultiply(m.b, m.a, m.scaling);
  return Array.from({ length: d.rows }, (_, i) => Array.from(d.data.subarray(i * d.cols, (i + 1) * d.cols)));
}

/** Asserts two number arrays (or nested rows) agree entry by entry within `tol`. */
export function near(
  actual: ArrayLike<number> | number[][],
  expected: ArrayLike<number> | number[][],
  tol = 1e-6,
  what = '',
): void {
  const a =
    Array.isArray(actual) && Array.isArray(actual[0])
      ? (actual as number[][]).flat()
      : Array.from(actual as ArrayLike<number>);
  const e =
    Array.isArray(expected) && Array.isArray(expected[0])
      ? (expected as number[][]).flat()
      : Array.from(expected as ArrayLike<number>);
  assert.equal(a.length, e.length, `${what}: lengths ${a.length} vs ${e.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - (e[i] ?? NaN)) <= tol, `${what}[${i}]: ${x} vs ${e[i]}`));
}

/** The plain reference product a · b (scaled), accumulated in float64: what the kernels are checked against. */
export function matrixMultiply(a: Matrix, b: Matrix, scale = 1): Matrix {
  if (a.cols !== b.rows)
    throw new Error(`Cannot multiply [${a.rows} × ${a.cols}] by [${b.rows} × ${b.cols}]: inner sizes differ.`);
  const out = new Float32Array(a.rows * b.cols);
  const row = new Float64Array(b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    row.fill(0);
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k] ?? 0;
      if (v === 0) continue;
      const off = k * n;
      for (let j = 0; j < n; j++) row[j] = (row[j] ?? 0) + v * (b.data[off + j] ?? 0);
    }
    const o = i * n;
    for (let j = 0; j < n; j++) out[o + j] = (row[j] ?? 0) * scale;
  }
  return { rows: a.rows, cols: b.cols, data: out };
}
