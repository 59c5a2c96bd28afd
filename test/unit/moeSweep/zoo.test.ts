/**
 * @file The live re-measure on the embedded zoo against the accuracy written when each model was built (greedy
 * exact match on the whole eval set, in PyTorch): scored here through onnxruntime on the whole set, the two must
 * agree but for near-ties. Runs once the zoo's MoE models are in media/models (or $MODEL_LENS_MODELS).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { moeSweep } from '../../../src/core/analyses/moeSweep/sweep';
import { readSweepModels } from '../../../src/core/analyses/moeSweep/table';
import { loadModel } from '../../../src/core/model/loadModel';
import { readManifest } from '../../../src/core/model/manifest';
import type { SweepModel } from '../../../src/shared/moeSweep';
import { MODELS, quiet } from '../helpers';

const ZOO = process.env['MODEL_LENS_MODELS'] ?? MODELS;

/** The phone-book model with the most experts and the widest dense path model: one of each task and kind. */
function picked(models: readonly SweepModel[]): SweepModel[] {
  const phonebook = models.filter((m) => m.task === 'phonebook' && m.kind === 'moe').at(-1);
  const paths = models.filter((m) => m.task === 'paths' && m.kind === 'dense').at(-1);
  return [phonebook, paths].filter((m) => m !== undefined);
}

/** A models folder holding only `names` (links to the zoo's folders and eval sets). */
function subZoo(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'moe-sub-'));
  const entries = readManifest(ZOO).filter((e) => names.includes(e.name));
  for (const e of entries) symlinkSync(join(ZOO, e.dir), join(dir, e.dir));
  symlinkSync(join(ZOO, 'moe-data'), join(dir, 'moe-data'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: entries }));
  return dir;
}

test('live on the whole eval set agrees with the build-time accuracy of the zoo models', async (t) => {
  const models = picked(readSweepModels(ZOO));
  if (models.length === 0) return t.skip('the zoo has no MoE phone-book or path models yet');
  const dir = subZoo(models.map((m) => m.name));
  const sample = Math.max(...models.map((m) => m.evalItems));
  const load = (name: string) => loadModel(name, { modelsDir: dir, device: 'cpu', log: quiet, allowLocalFiles: false });
  const r = await moeSweep({ modelsDir: dir, load }, { live: true, sample, seed: 1, device: 'cpu' });
  for (const m of r.models) {
    const live = m.live;
    assert.ok(live !== undefined, m.name);
    t.diagnostic(`${m.name}: build ${m.accuracy}, live ${live.accuracy} (${live.correct} of ${live.items})`);
    assert.equal(live.items, m.evalItems, `${m.name}: the whole eval set`);
    // At most 0.5 % of the items may flip on a near-tie between float32 ONNX and PyTorch logits.
    assert.ok(Math.abs(live.accuracy - m.accuracy) <= 0.005, `${m.name}: ${live.accuracy} vs ${m.accuracy}`);
    assert.ok(live.low <= m.accuracy + 0.005 && m.accuracy - 0.005 <= live.high);
  }
});
