/**
 * @file The parity lab's worker thread (bundled alone as `dist/parityWorker.js`): it trains the run specs it is
 * sent, one at a time, and posts each result back with the id it came with.
 */
import { parentPort } from 'node:worker_threads';
import { trainRun, type RunSpec } from '../../core/analyses/parity/train';

/** A request to the worker. */
export interface WorkerTask {
  readonly id: number;
  readonly spec: RunSpec;
}

parentPort?.on('message', (task: WorkerTask) => {
  try {
    parentPort?.postMessage({ id: task.id, result: trainRun(task.spec) });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
