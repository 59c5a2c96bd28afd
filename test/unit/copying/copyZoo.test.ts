import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copySpecOf } from '../../../src/core/analyses/copying/copySpec';
import { probeModel } from '../../../src/core/analyses/copying/probeModel';
import { readManifest } from '../../../src/core/model/manifest';
import { loadModel } from '../../../src/core/model/loadModel';
import { MODELS, quiet } from '../helpers';

const ZOO = ['copy-transformer', 'copy-recurrent'] as const;
const present = ZOO.every((name) => readManifest(MODELS).some((m) => m.name === name));
const skip = present ? false : 'the copy zoo (copy-transformer, copy-recurrent) is not in media/models';
const TASKS = 100;

/** Probes a zoo model at twice its longest training length and at the lengths its card measured in PyTorch. */
async function probeZoo(name: (typeof ZOO)[number]) {
  const copy = copySpecOf(MODELS, name);
  assert.ok(copy?.trainLengths !== undefined, `${name}'s card has trainLengths`);
  const twice = 2 * copy.trainLengths[1];
  const measured = Object.keys((copy['accuracy'] ?? {}) as Record<string, number>).map(Number);
  const lengths = [...new Set([twice, ...measured.filter((n) => n <= 120)])].sort((a, b) => a - b);
  const lm = await loadModel(name, { modelsDir: MODELS, device: 'cpu', log: quiet });
  try {
    const r = await probeModel(lm, { copy, lengths, tasks: TASKS, seed: 3, lookup: false });
    const at = (n: number) => r.lengths.find((l) => l.length === n)?.stringAccuracy ?? NaN;
    return { r, copy, twice, at, pytorch: (copy['accuracy'] ?? {}) as Record<string, number> };
  } finally {
    await lm.dispose();
  }
}

/** Our accuracy on fresh strings agrees with PyTorch's on its eval set within 4 binomial standard deviations. */
function agreesWithPytorch(z: Awaited<ReturnType<typeof probeZoo>>): void {
  for (const [key, p] of Object.entries(z.pytorch)) {
    const ours = z.at(Number(key));
    if (Number.isNaN(ours)) continue;
    const sd = Math.sqrt(Math.max(p * (1 - p), 0.01) / TASKS);
    assert.ok(Math.abs(ours - p) <= 4 * sd + 0.02, `length ${key}: ${ours} here, ${p} in PyTorch`);
  }
}

// The headline (at least 95% at twice the training length) is checked on the build's own strings, against PyTorch
// string by string, in zoo.test.ts; on 1,200 strings the build measured 95.8%, so 100 fresh strings land on either
// side of 95% by chance. Here: the probe on fresh strings agrees with the build, and stays far above the GRU.
test(
  'the copy transformer copies fresh strings twice its longest training length as its build measured',
  { skip },
  async () => {
    const z = await probeZoo('copy-transformer');
    agreesWithPytorch(z);
    assert.equal(z.r.lengths[0]?.bound, undefined);
    assert.ok(z.at(z.twice) >= 0.9, `string accuracy ${z.at(z.twice)} at ${z.twice}`);
  },
);

test(
  'the fixed-state model copies under 10% there, under its bound, with the bound from its state',
  { skip },
  async () => {
    const z = await probeZoo('copy-recurrent');
    agreesWithPytorch(z);
    assert.ok(z.at(z.twice) < 0.1, `string accuracy ${z.at(z.twice)} at ${z.twice}`);
    assert.equal(z.copy.architecture, 'fixed-state');
    const bits = z.r.stateBits ?? 0;
    assert.ok(bits > 0);
    for (const l of z.r.lengths) {
      assert.equal(l.bound, Math.min(1, 2 ** (bits - l.length * Math.log2(26))));
      assert.ok(l.stringAccuracy <= (l.bound ?? 0));
    }
  },
);
