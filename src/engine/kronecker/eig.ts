/**
 * @file Eigendecompositions off the engine's thread: ml-matrix's takes seconds at layer widths of 512 and more, and
 * on a worker thread it neither blocks a cancel (the worker is terminated at once) nor waits for the other one (L's
 * and R's run side by side on two cores).
 */
import { LensError } from '../../core/errors';
import { eigSymmetric, type SymmetricEigen } from '../../core/numerics/eig';
import type { Dense } from '../../core/numerics/types';
import { ERROR_CODES, type ErrorCode } from '../../shared/messages';
import { startWorker, workerScriptIn, type WorkerScript } from '../workerThreads';

/** Below this size the decomposition takes less than a worker's start-up: it runs in place. */
export const IN_PLACE_MAX_ROWS = 96;

/** The worker's script: the bundle beside this one (dist/), else the TypeScript source, run through tsx. */
export function eigWorkerScript(dir: string = __dirname): WorkerScript {
  return workerScriptIn(dir, 'kronEigWorker.js', 'eigWorker.ts');
}

type Reply = { values: Float64Array; vectors: Float64Array } | { error: { code: string; message: string } };

const codeOf = (code: string): ErrorCode => (ERROR_CODES as readonly string[]).find((c) => c === code) as ErrorCode;

/** {@link eigSymmetric} on a worker thread of its own (in place for small matrices); a cancel terminates it. */
export async function eigOffThread(m: Dense<Float64Array>, signal?: AbortSignal): Promise<SymmetricEigen> {
  if (signal?.aborted) throw new LensError('cancelled', 'The analysis was cancelled.');
  if (m.rows < IN_PLACE_MAX_ROWS) return eigSymmetric(m);
  const worker = startWorker(eigWorkerScript());
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const abort = (): void => reject(new LensError('cancelled', 'The analysis was cancelled.'));
      signal?.addEventListener('abort', abort, { once: true });
      worker.once('message', (r: Reply) => resolve(r));
      worker.once('error', reject);
      worker.postMessage({ rows: m.rows, cols: m.cols, data: m.data });
    });
    if ('error' in reply) throw new LensError(codeOf(reply.error.code) ?? 'internal', reply.error.message);
    const n = m.rows;
    return { values: reply.values, vectors: { rows: n, cols: n, data: reply.vectors } };
  } finally {
    void worker.terminate();
  }
}
