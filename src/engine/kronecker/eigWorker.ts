/**
 * @file The Kronecker toolkit's worker thread (bundled alone as `dist/kronEigWorker.js`): the eigendecomposition of
 * the symmetric matrix it is sent, posted back with its buffers transferred, or the error's code and message.
 */
import { parentPort } from 'node:worker_threads';
import { LensError } from '../../core/errors';
import { eigSymmetric } from '../../core/numerics/eig';
import type { Dense } from '../../core/numerics/types';

parentPort?.on('message', (m: Dense<Float64Array>) => {
  try {
    const e = eigSymmetric(m);
    const buffers = [e.values.buffer, e.vectors.data.buffer] as ArrayBuffer[];
    parentPort?.postMessage({ values: e.values, vectors: e.vectors.data }, buffers);
  } catch (error) {
    const code = error instanceof LensError ? error.code : 'internal';
    parentPort?.postMessage({ error: { code, message: error instanceof Error ? error.message : String(error) } });
  }
});
