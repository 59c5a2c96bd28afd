import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { moeSweep } from '../../../src/core/analyses/moeSweep/sweep';
import { wilson } from '../../../src/shared/wilson';
import { LensError } from '../../../src/core/errors';
import { readTokenizer } from '../../../src/core/model/readFiles';
import type { CausalLM } from '../../../src/core/model/types';
import type { MoeSweepResult } from '../../../src/shared/moeSweep';
import { FIXTURES, MODELS } from '../helpers';

const VOCAB = 257;
const SEVEN = '7'.charCodeAt(0);

/** A byte-level model whose most probable next byte is always "7": it answers exactly the answers made of 7s. */
function sevensModel(name: string): CausalLM {
  return {
    name,
    device: 'cpu',
    context: 32,
    bosId: 256,
    tokenizer: readTokenizer(join(MODELS, 'lens-lm')),
    async logits(rows) {
      const length = Math.max(...rows.map((r) => r.length));
      const data = new Float32Array(rows.length * length * VOCAB);
      for (let i = SEVEN; i < data.length; i += VOCAB) data[i] = 4;
      return { data, batch: rows.length, length, vocab: VOCAB };
    },
    async dispose() {},
  };
}

/** The fixture zoo (14 models) with eval sets: 4 of 10 phone-book answers and 3 of 12 path answers are all 7s. */
function zoo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'moe-zoo-'));
  cpSync(join(FIXTURES, 'moeSweep', 'manifest.json'), join(dir, 'manifest.json'));
  mkdirSync(join(dir, 'moe-data'));
  const set = (task: string, n: number, sevens: number) => ({
    task,
    description: 'test',
    items: Array.from({ length: n }, (_, i) => ({ prompt: `q${i}:`, answer: i < sevens ? '777' : `7${i % 10}8` })),
  });
  writeFileSync(join(dir, 'moe-data', 'phonebook.json'), JSON.stringify(set('phonebook', 10, 4)));
  writeFileSync(join(dir, 'moe-data', 'paths.json'), JSON.stringify(set('paths', 12, 3)));
  return dir;
}

const env = (modelsDir: string, loaded: string[] = []) => ({
  modelsDir,
  load: async (name: string) => (loaded.push(name), sevensModel(name)),
});

test('live: every model is scored on its task sample, with the hand-counted accuracy and its interval', async () => {
  const loaded: string[] = [];
  const partials: MoeSweepResult[] = [];
  const progress: number[] = [];
  const params = { live: true, sample: 50, seed: 1, device: 'cpu' as const };
  const r = await moeSweep(env(zoo(), loaded), params, {
    onPartial: (p) => partials.push(p),
    onProgress: (f) => progress.push(f),
  });
  assert.equal(loaded.length, 14);
  for (const m of r.models) {
    assert.deepEqual(m.live, m.task === 'phonebook' ? wilson(4, 10) : wilson(3, 12), m.name);
  }
  assert.deepEqual(
    partials.map((p) => p.live?.done),
    Array.from({ length: 13 }, (_, i) => i + 1),
  );
  assert.equal(partials[0]?.models.filter((m) => m.live !== undefined).length, 1);
  assert.ok(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (progress[i - 1] ?? 0))));
  assert.equal(r.live?.done, 14);
  // Every model scores the same: no rise, no range, no gap, so the rise fails and the range is not below the gap.
  assert.equal(r.live?.headline?.phonebookRise.holds, false);
  assert.equal(r.live?.headline?.pathRange.holds, false);
  assert.equal(r.headline.from, 'build');
  assert.equal(r.headline.phonebookRise.holds, true);
});

test('without --live nothing is loaded', async () => {
  const loaded: string[] = [];
  const r = await moeSweep(env(zoo(), loaded), { live: false, sample: 5, seed: 1, device: 'cpu' });
  assert.equal(loaded.length, 0);
  assert.equal(r.live, undefined);
  assert.equal(r.models.length, 14);
});

test('a cancel stops the live sweep with a cancelled error', async () => {
  const stop = new AbortController();
  const loaded: string[] = [];
  const run = moeSweep(
    env(zoo(), loaded),
    { live: true, sample: 10, seed: 1, device: 'cpu' },
    { signal: stop.signal, onPartial: () => stop.abort() },
  );
  await assert.rejects(run, (e: unknown) => e instanceof LensError && e.code === 'cancelled');
  assert.equal(loaded.length, 1);
});

test('a zoo without MoE models is refused saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moe-none-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: [] }));
  await assert.rejects(
    moeSweep(env(dir), { live: false, sample: 5, seed: 1, device: 'cpu' }),
    /no mixture-of-experts phone-book or path models/,
  );
});
