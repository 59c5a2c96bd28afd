/**
 * @file onnxruntime sessions for the numerics kernels: each kernel graph is built once, on first
 * use, and kept for the life of the process, keyed by what it computes (op, transposes, type),
 * not by shape: its dimensions are symbolic. The CPU provider runs them on MLAS, onnxruntime's
 * BLAS-class kernels, with one thread per core.
 */
import * as ort from 'onnxruntime-node';
import { encodeKernelModel, type KernelGraph } from './onnxGraph';
import type { Floats } from './types';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** The session of kernel `key`, built from `graph()` the first time it is asked for. */
export function kernelSession(key: string, graph: () => KernelGraph): Promise<ort.InferenceSession> {
  let s = sessions.get(key);
  if (s === undefined) {
    s = ort.InferenceSession.create(encodeKernelModel(graph()), {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
    });
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

/** A tensor over `data` (not copied) with shape `dims`. */
export function tensorOf(data: Floats, dims: readonly number[]): ort.Tensor {
  return data instanceof Float64Array ? new ort.Tensor('float64', data, dims) : new ort.Tensor('float32', data, dims);
}

/** Runs kernel `key` on `feeds` and returns its output `name`'s data, of the type of the inputs. */
export async function runKernel<T extends Floats>(
  key: string,
  graph: () => KernelGraph,
  feeds: Record<string, ort.Tensor>,
  name: string,
): Promise<T> {
  const session = await kernelSession(key, graph);
  const out = await session.run(feeds);
  return out[name]?.data as T;
}

/** How many kernel sessions are open (for tests). */
export function kernelCount(): number {
  return sessions.size;
}

/** Releases every kernel session; the next call builds them again. */
export async function releaseKernels(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.all(all.map(async (s) => (await s.catch(() => undefined))?.release()));
}
