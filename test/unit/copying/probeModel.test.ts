import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { probeModel } from '../../../src/core/analyses/copying/probeModel';
import { LensError } from '../../../src/core/errors';
import { loadModel } from '../../../src/core/model/loadModel';
import type { CausalLM } from '../../../src/core/model/types';
import { FIXTURES, MODELS, predictingLM, quiet } from '../helpers';

const VOCAB = 257;
const HIGH = 6;
const NEWLINE = 10;

/**
 * A byte-level model that holds the first `k` tokens of what it reads: after the first newline it predicts them
 * back one by one (logit HIGH), then a wrong byte (0); before it, every id is equally likely.
 */
const holdsK = (k: number, context = 64): CausalLM =>
  predictingLM(`holds-${k}`, context, HIGH, (row, t) => {
    const sep = row.indexOf(NEWLINE);
    if (sep < 0 || t < sep) return undefined;
    return t - sep < k ? (row[1 + t - sep] ?? 0) : 0;
  });

const Z = Math.exp(HIGH) + VOCAB - 1;
const HIT = Math.log2(Z / Math.exp(HIGH));
const MISS = Math.log2(Z);
const UNIFORM = Math.log2(VOCAB);
const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-4, `${what}: ${a} vs ${b}`);

test('a model holding 4 tokens copies every string up to 4 and none longer, with hand-worked bits', async () => {
  const r = await probeModel(holdsK(4), { lengths: [2, 4, 8], tasks: 10, seed: 1, lookup: false });
  assert.equal(r.mode, 'synthetic');
  assert.equal(r.separator, '\n');
  assert.deepEqual(
    r.lengths.map((l) => [l.length, l.tasks, l.stringAccuracy, l.tokenAccuracy]),
    [
      [2, 10, 1, 1],
      [4, 10, 1, 1],
      [8, 10, 0, 0.5],
    ],
  );
  for (const l of r.lengths) near(l.firstBits, UNIFORM, `first copy at ${l.length}`);
  near(r.lengths[1]?.secondBits ?? 0, HIT, 'second copy at 4');
  near(r.lengths[2]?.secondBits ?? 0, (4 * HIT + 4 * MISS) / 8, 'second copy at 8');
  assert.equal(r.lengths[0]?.bound, undefined);
  // Wrong tasks come first among the examples; the first wrong token of length 8 is its fifth.
  const eight = r.examples.filter((e) => e.length === 8);
  assert.ok(eight.every((e) => !e.exact && e.firstWrong === 4));
  const e = eight[0];
  assert.ok(e !== undefined);
  assert.equal((e.prompt + e.answer).slice(e.at.start, e.at.end), e.answer[4]);
});

test('a fixed-state card gives the bound per length and where it stops being vacuous', async () => {
  const copy = { alphabet: 'ab', separator: '\n', architecture: 'fixed-state' as const, stateBits: 4 };
  const r = await probeModel(holdsK(4), { lengths: [2, 4, 5, 8], tasks: 6, seed: 2, lookup: false, copy });
  assert.equal(r.alphabet, 'ab');
  assert.deepEqual(
    r.lengths.map((l) => l.bound),
    [1, 1, 0.5, 1 / 16],
  );
  assert.equal(r.vacuousBelow, 4);
  assert.equal(r.stateBits, 4);
});

test('bad input: lengths beyond the window or the text name the longest allowed', async () => {
  const small = holdsK(4, 20);
  await assert.rejects(
    probeModel(small, { lengths: [5, 10], tasks: 2, seed: 1, lookup: false }),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /longest that fits is 9\b/u.test(e.message),
  );
  await assert.rejects(
    probeModel(holdsK(4), { text: 'abc def', lengths: [3, 9], tasks: 2, seed: 1, lookup: false }),
    (e: unknown) => e instanceof LensError && /has 7 tokens.*longest length it allows is 7\b/u.test(e.message),
  );
  await assert.rejects(
    probeModel(holdsK(4), { text: 'a: 1\nb: 2\n', lengths: [2], tasks: 2, seed: 1, lookup: true }),
    (e: unknown) => e instanceof LensError && /at least 3 name: value pairs.*has 2\b/u.test(e.message),
  );
});

const SAMPLE = readFileSync(join(FIXTURES, 'settings.ts'), 'utf8');

test('lens-lm copies a span of the text far better than chance, the second copy less surprising', async () => {
  const lm = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log: quiet });
  try {
    const r = await probeModel(lm, { text: SAMPLE, lengths: [8, 24], tasks: 12, seed: 1, lookup: true });
    assert.equal(r.mode, 'text');
    for (const l of r.lengths) {
      assert.equal(l.tasks, 12);
      // Chance is 1 in 257 per byte.
      assert.ok(l.tokenAccuracy > 0.25, `token accuracy ${l.tokenAccuracy} at ${l.length}`);
      assert.ok(l.secondBits < l.firstBits - 0.5, `bits ${l.firstBits} then ${l.secondBits} at ${l.length}`);
    }
    assert.equal(r.lookup?.pairs, 8);
    assert.equal(r.lookup?.tasks, 8);
    assert.ok((r.lookup?.tokenAccuracy ?? 0) > 0.25, `lookup token accuracy ${r.lookup?.tokenAccuracy}`);
  } finally {
    await lm.dispose();
  }
});
