/**
 * @file The parity lab in the engine: `parity.grid` trains the grid's runs on a pool of worker threads (one per
 * core) and sends a partial result after each finished cell; cancelling terminates the workers. `parity.estimate`
 * times a short run on this thread and extrapolates to the grid. `parity.table` compares a wide sparse MLP with CART
 * and boosted trees on a CSV table.
 */
import { estimateGrid } from '../../core/analyses/parity/estimate';
import { gridCells, runGrid } from '../../core/analyses/parity/grid';
import { compareOnTable } from '../../core/analyses/parity/tableCompare';
import { throwIfCancelled } from '../../core/errors';
import {
  parityEstimateRequest,
  parityGridRequest,
  tableCompareRequest,
  type ParityGridParams,
  type ParityGridResult,
} from '../../shared/parity';
import { handle, type EngineToolkit, type Job } from '../toolkit';
import { RunPool, defaultWorkers } from './pool';

/** Runs a grid on `workers` threads (default: one per core, at most one per run). */
export async function parityGrid(
  p: ParityGridParams,
  job: Job<ParityGridResult>,
  workers = defaultWorkers(),
): Promise<ParityGridResult> {
  throwIfCancelled(job.signal);
  const pool = new RunPool(Math.max(1, Math.min(workers, gridCells(p).length * p.seeds)), job.signal);
  try {
    return await runGrid(p, {
      exec: pool.exec,
      signal: job.signal,
      progress: job.progress,
      ...(job.partial !== undefined ? { partial: (r: ParityGridResult) => job.partial?.(r) } : {}),
    });
  } finally {
    await pool.close();
  }
}

/** Handlers of the parity toolkit. */
export const parityEngine: EngineToolkit = () => [
  handle(parityGridRequest, (params, job) => parityGrid(params, job)),
  handle(parityEstimateRequest, (params) => estimateGrid(params, defaultWorkers())),
  handle(tableCompareRequest, (params, job) => compareOnTable(params, job.signal, job.progress)),
];
