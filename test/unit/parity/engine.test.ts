import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parityGrid } from '../../../src/engine/parity/index';
import { RunPool, workerScript } from '../../../src/engine/parity/pool';
import { LensError } from '../../../src/core/errors';
import type { ParityGridResult } from '../../../src/shared/parity';
import type { Job } from '../../../src/engine/toolkit';
import { TINY } from './tiny';

const jobOf = (signal: AbortSignal, partials: ParityGridResult[]): Job<ParityGridResult> => ({
  signal,
  progress: () => undefined,
  partial: (r) => partials.push(r),
});

test('the worker script: the bundle beside the engine when built, else the TypeScript source through tsx', () => {
  assert.deepEqual(workerScript('/nowhere'), { file: '/nowhere/worker.ts', tsx: true });
  const dist = mkdtempSync(join(tmpdir(), 'parity-dist-'));
  writeFileSync(join(dist, 'parityWorker.js'), '');
  assert.deepEqual(workerScript(dist), { file: join(dist, 'parityWorker.js'), tsx: false });
});

test('a grid on two worker threads gives the same cells as in this thread, streaming each cell', async () => {
  const partials: ParityGridResult[] = [];
  const r = await parityGrid({ ...TINY, rewind: false }, jobOf(new AbortController().signal, partials), 2);
  assert.deepEqual(
    r.cells.map((c) => [c.width, c.successes, c.runs]),
    [
      [1, 0, 3],
      [64, 3, 3],
    ],
  );
  assert.equal(partials.length, 2);
  assert.equal(partials.at(-1)?.cells.length, 2);
  assert.equal(r.rewind, undefined);
  assert.ok(r.neurons !== undefined);
});

test('cancelling a long grid rejects it as cancelled and terminates the workers', async () => {
  const controller = new AbortController();
  const long = { ...TINY, n: 30, k: 3, widths: [3000], steps: 1_000_000, seeds: 2, evalEvery: 100_000 };
  const pending = parityGrid(long, jobOf(controller.signal, []), 2);
  setTimeout(() => controller.abort(), 300);
  await assert.rejects(pending, (e: unknown) => e instanceof LensError && e.code === 'cancelled');
});

test('a pool rejects what is queued once closed, and nothing runs after', async () => {
  const pool = new RunPool(1);
  const spec = { ...TINY, support: [0, 1], width: 4, samples: 0, sparsity: 2, dataSeed: 1, initSeed: 2 };
  const first = await pool.exec({ ...spec, steps: 10 });
  assert.equal(first.curve.step.at(-1), 10);
  await pool.close();
  await assert.rejects(pool.exec(spec), (e: unknown) => e instanceof LensError && e.code === 'cancelled');
});
