/**
 * @file Matrix products for every toolkit: alpha · op(A) · op(B), where op may transpose, single or
 * batched. Products above {@link PLAIN_MAX_WORK} multiply-adds run through onnxruntime (a Gemm or
 * MatMul graph, see kernels.ts); smaller ones in plain TypeScript, where a kernel run's fixed cost
 * (about 0.07 ms) is more than the work. The crossover is measured by `bench/numerics.bench.ts`.
 */
import { LensError } from '../errors';
import { ELEM, type KernelGraph, type KernelNode } from './onnxGraph';
import { runKernel, tensorOf } from './kernels';
import { plainGemm } from './plainGemm';
import { checkResultSize, checkShape, type Dense, type DenseBatch, type Floats } from './types';

/** Options of {@link matmul} and {@link matmulBatched}. */
export interface GemmOptions {
  /** Use Aᵀ. @default false */
  readonly transA?: boolean;
  /** Use Bᵀ. @default false */
  readonly transB?: boolean;
  /** Scale of the product. @default 1 */
  readonly alpha?: number;
  /** 'auto' runs small products in TypeScript and the rest on the kernel. @default 'auto' */
  readonly path?: 'auto' | 'kernel' | 'plain';
}

/**
 * Multiply-adds (m·n·k) up to which a product runs in TypeScript. Measured by bench/numerics.bench.ts on
 * 2 cores: a kernel run costs about 0.06–0.08 ms whatever its size, the plain loop 7–10 ns a multiply-add
 * (n = 16: plain 0.03 ms, kernel 0.08 ms; n = 24: plain 0.14 ms, kernel 0.09 ms), so they cross near 20³.
 */
export const PLAIN_MAX_WORK = 8192;

function typeName(d: Floats): 'float32' | 'float64' {
  return d instanceof Float64Array ? 'float64' : 'float32';
}

/** [m, k, n] of op(A)·op(B), checked. */
function dims(a: Dense, b: Dense, o: GemmOptions): [number, number, number] {
  const m = o.transA === true ? a.cols : a.rows;
  const k = o.transA === true ? a.rows : a.cols;
  const kb = o.transB === true ? b.cols : b.rows;
  const n = o.transB === true ? b.rows : b.cols;
  if (k !== kb) {
    throw new LensError(
      'bad-input',
      `Cannot multiply [${m} × ${k}] by [${kb} × ${n}] (after transposes): the inner sizes differ.`,
    );
  }
  if (typeName(a.data) !== typeName(b.data)) {
    throw new LensError('bad-input', 'Cannot multiply a float32 matrix by a float64 one; convert one of them first.');
  }
  return [m, k, n];
}

function scaled(nodes: KernelNode[], out: string, alpha: number): KernelNode[] {
  return alpha === 1 ? nodes : [...nodes, { opType: 'Mul', inputs: [out, 'alpha'], outputs: ['y'] }];
}

function gemmGraph(elem: number, o: GemmOptions): KernelGraph {
  const alpha = o.alpha ?? 1;
  const attributes = { transA: { int: o.transA === true ? 1 : 0 }, transB: { int: o.transB === true ? 1 : 0 } };
  return {
    nodes: scaled([{ opType: 'Gemm', inputs: ['a', 'b'], outputs: ['c'], attributes }], 'c', alpha),
    inputs: [
      { name: 'a', elemType: elem, shape: ['ra', 'ca'] },
      { name: 'b', elemType: elem, shape: ['rb', 'cb'] },
      ...(alpha === 1 ? [] : [{ name: 'alpha', elemType: elem, shape: [] }]),
    ],
    outputs: [{ name: alpha === 1 ? 'c' : 'y', elemType: elem, shape: ['m', 'n'] }],
  };
}

function alphaFeed(data: Floats, alpha: number): Record<string, ReturnType<typeof tensorOf>> {
  if (alpha === 1) return {};
  const one = data instanceof Float64Array ? Float64Array.of(alpha) : Float32Array.of(alpha);
  return { alpha: tensorOf(one, []) };
}

/** alpha · op(a) · op(b). Both must be float32, or both float64; the result has their type. */
export async function matmul<T extends Floats>(a: Dense<T>, b: Dense<T>, options: GemmOptions = {}): Promise<Dense<T>> {
  checkShape('The left matrix', a);
  checkShape('The right matrix', b);
  const [m, k, n] = dims(a, b, options);
  checkResultSize(m, n);
  const alpha = options.alpha ?? 1;
  const path = options.path ?? 'auto';
  if (path === 'plain' || (path === 'auto' && m * n * k <= PLAIN_MAX_WORK) || m * n * k === 0) {
    return plainGemm(a, b, options.transA === true, options.transB === true, alpha);
  }
  const type = typeName(a.data);
  const t = `${options.transA === true ? 't' : 'n'}${options.transB === true ? 't' : 'n'}`;
  const key = `gemm:${type}:${t}:${alpha === 1}`;
  const data = await runKernel<T>(
    key,
    () => gemmGraph(ELEM[type], options),
    { a: tensorOf(a.data, [a.rows, a.cols]), b: tensorOf(b.data, [b.rows, b.cols]), ...alphaFeed(a.data, alpha) },
    alpha === 1 ? 'c' : 'y',
  );
  return { rows: m, cols: n, data };
}

function batchedGraph(elem: number, o: GemmOptions, shared: boolean): KernelGraph {
  const alpha = o.alpha ?? 1;
  const perm = { perm: { ints: shared ? [1, 0] : [0, 2, 1] } };
  const nodes: KernelNode[] = [];
  if (o.transA === true)
    nodes.push({ opType: 'Transpose', inputs: ['a'], outputs: ['at'], attributes: { perm: { ints: [0, 2, 1] } } });
  if (o.transB === true) nodes.push({ opType: 'Transpose', inputs: ['b'], outputs: ['bt'], attributes: perm });
  nodes.push({
    opType: 'MatMul',
    inputs: [o.transA === true ? 'at' : 'a', o.transB === true ? 'bt' : 'b'],
    outputs: ['c'],
  });
  return {
    nodes: scaled(nodes, 'c', alpha),
    inputs: [
      { name: 'a', elemType: elem, shape: ['count', 'ra', 'ca'] },
      { name: 'b', elemType: elem, shape: shared ? ['rb', 'cb'] : ['count', 'rb', 'cb'] },
      ...(alpha === 1 ? [] : [{ name: 'alpha', elemType: elem, shape: [] }]),
    ],
    outputs: [{ name: alpha === 1 ? 'c' : 'y', elemType: elem, shape: ['count', 'm', 'n'] }],
  };
}

/**
 * alpha · op(a_i) · op(b_i) for each matrix of the batch `a`; `b` is a batch of the same count, or one matrix
 * shared by all.
 */
export async function matmulBatched<T extends Floats>(
  a: DenseBatch<T>,
  b: DenseBatch<T> | Dense<T>,
  options: GemmOptions = {},
): Promise<DenseBatch<T>> {
  const shared = !('count' in b);
  checkShape('The left batch', a, a.count);
  checkShape('The right batch', b, shared ? 1 : b.count);
  if (!shared && b.count !== a.count) {
    throw new LensError('bad-input', `Cannot multiply a batch of ${a.count} matrices by a batch of ${b.count}.`);
  }
  const [m, k, n] = dims(a, b, options);
  checkResultSize(m, n, a.count);
  const alpha = options.alpha ?? 1;
  const path = options.path ?? 'auto';
  if (path === 'plain' || (path === 'auto' && a.count * m * n * k <= PLAIN_MAX_WORK) || a.count * m * n * k === 0) {
    return plainBatched(a, b, options, [m, n]);
  }
  const type = typeName(a.data);
  const t = `${options.transA === true ? 't' : 'n'}${options.transB === true ? 't' : 'n'}`;
  const data = await runKernel<T>(
    `batched:${type}:${t}:${alpha === 1}:${shared}`,
    () => batchedGraph(ELEM[type], options, shared),
    {
      a: tensorOf(a.data, [a.count, a.rows, a.cols]),
      b: tensorOf(b.data, shared ? [b.rows, b.cols] : [a.count, b.rows, b.cols]),
      ...alphaFeed(a.data, alpha),
    },
    alpha === 1 ? 'c' : 'y',
  );
  return { count: a.count, rows: m, cols: n, data };
}

function plainBatched<T extends Floats>(
  a: DenseBatch<T>,
  b: DenseBatch<T> | Dense<T>,
  o: GemmOptions,
  [m, n]: [number, number],
): DenseBatch<T> {
  const out = new (a.data.constructor as new (n: number) => T)(a.count * m * n);
  const sa = a.rows * a.cols;
  const sb = 'count' in b ? b.rows * b.cols : 0;
  for (let i = 0; i < a.count; i++) {
    const ai = { rows: a.rows, cols: a.cols, data: a.data.subarray(i * sa, (i + 1) * sa) as T };
    const bi = { rows: b.rows, cols: b.cols, data: b.data.subarray(i * sb, i * sb + b.rows * b.cols) as T };
    out.set(plainGemm(ai, bi, o.transA === true, o.transB === true, o.alpha ?? 1).data, i * m * n);
  }
  return { count: a.count, rows: m, cols: n, data: out };
}
