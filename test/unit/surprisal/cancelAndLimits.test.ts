import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSurprisal } from '../../../src/core/analyses/surprisal/analyseSurprisal';
import { nextTokenAccuracy } from '../../../src/core/analyses/surprisal/nextTokenAccuracy';
import { LensError } from '../../../src/core/errors';
import type { SpanTokenizer } from '../../../src/core/model/tokenizer';
import type { CausalLM, LogitsBatch } from '../../../src/core/model/types';

const VOCAB = 4;

/** A byte-per-character LM with uniform logits that counts the windows it runs and the units it tokenizes. */
function fakeLm(): { lm: CausalLM; windows: () => number; units: () => number } {
  let windows = 0;
  let units = 0;
  const tokenizer: SpanTokenizer = {
    encode: (text) => {
      units += text.length;
      return [...text].map((c, i) => ({ id: c.charCodeAt(0) % VOCAB, start: i, end: i + 1 }));
    },
    decode: (ids) => ids.join(','),
    vocabSize: VOCAB,
    chunking: 'anywhere',
  };
  const lm: CausalLM = {
    name: 'fake',
    device: 'cpu',
    context: 8,
    bosId: 0,
    tokenizer,
    logits: async (rows): Promise<LogitsBatch> => {
      windows += rows.length;
      const length = Math.max(...rows.map((r) => r.length));
      return { data: new Float32Array(rows.length * length * VOCAB), batch: rows.length, length, vocab: VOCAB };
    },
    dispose: async () => undefined,
  };
  return { lm, windows: () => windows, units: () => units };
}

const isCode = (code: string) => (e: unknown) => e instanceof LensError && e.code === code;

test('uniform logits give 2 bits per token (checks the fake before it is used)', async () => {
  const { lm, windows } = fakeLm();
  const r = await analyseSurprisal(lm, 'abcdefghijklmnopqrstuvwxyz');
  assert.equal(r.tokens.length, 26);
  assert.ok(r.tokens.every((t) => Math.abs(t.surprisal - 2) < 1e-6));
  assert.equal(windows(), 6); // 27 ids (BOS first), windows of 8 with a stride of 4: targets 1-7, 8-11, …, 24-26
});

test('a cancel from a progress callback stops the window loop: no window runs after it', async () => {
  const { lm, windows } = fakeLm();
  const controller = new AbortController();
  let seen = -1;
  const run = analyseSurprisal(lm, 'x'.repeat(400), {
    signal: controller.signal,
    onProgress: (fraction) => {
      if (seen < 0) {
        seen = windows();
        controller.abort();
      }
      assert.ok(fraction < 1);
    },
  });
  await assert.rejects(run, isCode('cancelled'));
  assert.ok(seen >= 1);
  assert.equal(windows(), seen, 'windows run after the abort');
});

test('a text over the byte limit is refused before tokenizing, one over the token limit before scoring', async () => {
  const { lm, windows, units } = fakeLm();
  await assert.rejects(
    analyseSurprisal(lm, 'y'.repeat(16 * 50 + 1), { maxTokens: 50 }),
    (e) => isCode('too-long')(e) && /801 bytes, more than 800/u.test(String(e)),
  );
  assert.equal(units(), 0);
  await assert.rejects(
    analyseSurprisal(lm, 'z'.repeat(16 * 50), { maxTokens: 50 }),
    (e) => isCode('too-long')(e) && /maxTokens \(50\)/u.test(String(e)),
  );
  assert.equal(windows(), 0);
});

test('the window loop gives the event loop a turn: a cancel arriving as an event stops it mid-run', async () => {
  const { lm, windows } = fakeLm();
  const controller = new AbortController();
  const run = analyseSurprisal(lm, 'x'.repeat(400), { signal: controller.signal });
  setImmediate(() => controller.abort());
  await assert.rejects(run, isCode('cancelled'));
  assert.ok(windows() < 100, `${windows()} of 100 windows ran`);
});

test('next-token accuracy stops at a cancel and refuses a text over its limit before tokenizing', async () => {
  const { lm, windows, units } = fakeLm();
  const controller = new AbortController();
  const run = nextTokenAccuracy(lm, 'x'.repeat(400), { signal: controller.signal });
  setImmediate(() => controller.abort());
  await assert.rejects(run, isCode('cancelled'));
  assert.ok(windows() < 100, `${windows()} of 100 windows ran`);
  await assert.rejects(nextTokenAccuracy(lm, 'x'.repeat(16 * 10 + 1), { maxTokens: 10 }), isCode('too-long'));
  assert.equal(units(), 400);
  const all = await nextTokenAccuracy(lm, 'abcd');
  assert.deepEqual(all, { correct: 1, total: 4, accuracy: 0.25 }); // uniform logits: the top is id 0, 'd' % 4 = 0
});
