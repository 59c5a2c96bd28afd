import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { LensError } from '../../../src/core/errors';
import { copyProbeRequest, type CopyProbeParams } from '../../../src/shared/copying';
import { MODELS, quiet, zooFromLensLm } from '../helpers';

/** A models folder with lens-lm and the same weights listed as a fixed-state copy model with a 32-bit state. */
const zooWithCopyCard = (): string =>
  zooFromLensLm((lens) => {
    const copy = { alphabet: 'ab', separator: '|', architecture: 'fixed-state', stateFloats: 1, trainLengths: [1, 8] };
    return [lens, { ...lens, name: 'lens-copy', task: 'copy', copy }];
  });

const params = (patch: Partial<CopyProbeParams>): CopyProbeParams => ({
  models: ['lens-lm'],
  device: 'cpu',
  allowLocalFiles: false,
  lengths: [8, 40],
  tasks: 4,
  seed: 1,
  lookup: false,
  ...patch,
});

const TEXT = 'The probe copies spans of this text, a separator, then the span again, token by token.\n'.repeat(3);

test('the engine probes each model: text spans for lens-lm, its card for a copy model with the bound', async () => {
  const engine = new Engine(zooWithCopyCard(), quiet);
  const fractions: number[] = [];
  const job = { signal: new AbortController().signal, progress: (f: number) => fractions.push(f) };
  try {
    const r = await engine.run(copyProbeRequest, params({ models: ['lens-lm', 'lens-copy'], text: TEXT }), job);
    const [lens, copy] = r.models;
    assert.equal(lens?.mode, 'text');
    assert.equal(lens?.separator, '\n');
    assert.equal(lens?.lengths[0]?.bound, undefined);
    assert.equal(copy?.mode, 'synthetic');
    assert.equal(copy?.separator, '|');
    assert.equal(copy?.stateBits, 32);
    assert.deepEqual(copy?.trainLengths, [1, 8]);
    // min(1, 2^(32 − L·log2 2)): 1 at 8, 2^−8 at 40; vacuous below 32.
    assert.deepEqual(
      copy?.lengths.map((l) => l.bound),
      [1, 2 ** -8],
    );
    assert.equal(copy?.vacuousBelow, 32);
    assert.ok(copy?.examples.every((e) => /^[ab]+\|$/u.test(e.prompt)));
    assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (fractions[i - 1] ?? 0))));
  } finally {
    await engine.dispose();
  }
});

test('the engine refuses an empty text and a cancelled run', async () => {
  const engine = new Engine(MODELS, quiet);
  const controller = new AbortController();
  try {
    const job = { signal: controller.signal, progress: () => controller.abort() };
    await assert.rejects(engine.run(copyProbeRequest, params({ text: '' }), job), /empty/u);
    await assert.rejects(
      engine.run(copyProbeRequest, params({ text: TEXT }), job),
      (e: unknown) => e instanceof LensError && e.code === 'cancelled',
    );
  } finally {
    await engine.dispose();
  }
});
