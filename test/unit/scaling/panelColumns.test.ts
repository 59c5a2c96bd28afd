/**
 * The scaling panel's engine request and view contract: the columns of a log with what each holds, the guessed
 * mapping and the datasets under a mapping (or why its runs cannot be read); the view's containers; and the
 * panel's schema, which the view checks every message against.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scalingColumnsEngine } from '../../../src/engine/scaling/columns';
import type { EngineEnv, Job } from '../../../src/engine/toolkit';
import { check } from '../../../src/shared/schema';
import { ScalingPanelSchema, scalingColumnsRequest } from '../../../src/shared/scalingPanel';
import { VIEWS } from '../../../webview/views';

const job: Job = { signal: new AbortController().signal, progress: () => undefined };
const [handler] = scalingColumnsEngine({} as EngineEnv);
const columns = (params: unknown) => {
  assert.equal(handler?.kind.name, scalingColumnsRequest.name);
  return (handler?.run as (p: unknown, j: Job) => Promise<unknown>)(params, job) as Promise<{
    columns: string[];
    kinds: Record<string, string>;
    guess: { dataset?: string; losses: string[] };
    datasets: string[];
    problem?: string;
  }>;
};

const dir = mkdtempSync(join(tmpdir(), 'scaling-panel-'));
const csv = join(dir, 'runs.csv');
writeFileSync(
  csv,
  'run,dataset,N,D,loss,note\n' +
    'a1,code,100,1000,3.1,\n' +
    'a2,code,200,1000,2.9,\n' +
    'b1,prose,100,1000,3.4,x\n' +
    'b2,prose,200,1000,3.2,\n',
);

test('columns: what each holds, the guess, and the datasets of its runs', async () => {
  const r = await columns({ path: csv });
  assert.deepEqual(r.columns, ['run', 'dataset', 'N', 'D', 'loss', 'note']);
  assert.equal(r.kinds['N'], 'number');
  assert.equal(r.kinds['dataset'], 'text');
  assert.equal(r.kinds['note'], 'text');
  assert.equal(r.guess.dataset, 'dataset');
  assert.deepEqual(r.guess.losses, ['loss']);
  assert.deepEqual(r.datasets, ['code', 'prose']);
  assert.equal(r.problem, undefined);
});

test('under a mapping the runs cannot be read with, the reason comes back instead of datasets', async () => {
  const r = await columns({ path: csv, mapping: { run: 'run', N: 'dataset', D: 'D', losses: ['loss'] } });
  assert.deepEqual(r.datasets, []);
  assert.match(r.problem ?? '', /dataset/u);
  const all = await columns({ path: csv, mapping: { run: 'run', N: 'N', D: 'D', losses: ['loss'] } });
  assert.deepEqual(all.datasets, ['all']);
});

test('the scaling view has its containers and says what it shows', () => {
  assert.equal(VIEWS.scaling.title, 'Scaling Laws');
  for (const id of ['summary', 'toolbar', 'status', 'runs-chart', 'heldout-table', 'residuals-chart', 'l2l-chart']) {
    assert.match(VIEWS.scaling.body, new RegExp(`id="${id}"`, 'u'), `#${id}`);
  }
  for (const id of ['l2l-table', 'optimal-chart', 'params-table', 'runs-legend']) {
    assert.match(VIEWS.scaling.body, new RegExp(`id="${id}"`, 'u'), `#${id}`);
  }
  assert.match(VIEWS.scaling.body, /What you are seeing:/u);
});

test('the panel schema refuses a malformed result (a law without its parameters, a NaN R²)', () => {
  const fit = {
    dataset: 'code',
    loss: 'loss',
    law: { kind: 'compute', params: { A: 1, B: 1, E: 1, alpha: 0.3, beta: 0.3 }, optimal: { G: 1, a: 0.5 } },
    r2: 0.9,
    resamples: 0,
    points: [],
    intervals: {},
    band: [],
  };
  const panel = { source: 's', mapping: { losses: ['loss'] }, fits: [fit], translated: [] };
  assert.ok(check(ScalingPanelSchema, panel).ok);
  assert.ok(!check(ScalingPanelSchema, { ...panel, fits: [{ ...fit, r2: Number.NaN }] }).ok);
  assert.ok(!check(ScalingPanelSchema, { ...panel, fits: [{ ...fit, law: { kind: 'compute' } }] }).ok);
});
