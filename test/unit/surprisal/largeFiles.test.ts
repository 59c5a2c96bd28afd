import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSurprisal, scoreText } from '../../../src/core/analyses/surprisal/analyseSurprisal';
import { planWindows, windowOf } from '../../../src/core/analyses/surprisal/planWindows';
import { topAt } from '../../../src/core/analyses/surprisal/topAt';
import { LensError } from '../../../src/core/errors';
import type { SpanTokenizer } from '../../../src/core/model/tokenizer';
import type { CausalLM, LogitsBatch } from '../../../src/core/model/types';
import { KeptRuns, KEPT_RUNS } from '../../../src/engine/surprisal/keptRuns';

const VOCAB = 4;

/**
 * A one-token-per-character LM whose logits depend on the whole row fed: at position j of a row the logit of id
 * (row[0] + j) % VOCAB is 2 and the others 0, so the top predictions differ by window and a token's must be
 * recomputed from the very window that scored it.
 */
function fakeLm(context = 8): CausalLM {
  const tokenizer: SpanTokenizer = {
    encode: (text) => [...text].map((c, i) => ({ id: c.charCodeAt(0) % VOCAB, start: i, end: i + 1 })),
    decode: (ids) => ids.map((id) => `t${id}`).join(''),
    vocabSize: VOCAB,
    chunking: 'anywhere',
  };
  return {
    name: 'fake',
    device: 'cpu',
    context,
    bosId: 0,
    tokenizer,
    logits: async (rows): Promise<LogitsBatch> => {
      const length = Math.max(...rows.map((r) => r.length));
      const data = new Float32Array(rows.length * length * VOCAB);
      rows.forEach((row, b) => {
        for (let j = 0; j < row.length; j++) data[(b * length + j) * VOCAB + (((row[0] ?? 0) + j) % VOCAB)] = 2;
      });
      return { data, batch: rows.length, length, vocab: VOCAB };
    },
    dispose: async () => undefined,
  };
}

test('windowOf finds the window planWindows scores each target in', () => {
  for (const [n, w] of [
    [2, 2],
    [3, 256],
    [257, 256],
    [1000, 256],
    [37, 7],
    [100, 3],
  ] as const) {
    for (const win of planWindows(n, w))
      for (let t = win.scoreFrom; t < win.end; t++) assert.deepEqual(windowOf(n, w, t), win, `n=${n} w=${w} t=${t}`);
  }
  assert.throws(() => windowOf(10, 4, 0), RangeError);
  assert.throws(() => windowOf(10, 4, 10), RangeError);
});

test('top-5 are kept up to topTokens tokens and left out above, with the same surprisal', async () => {
  const text = 'abcdefghijklmnopqrstuvwxyz';
  const small = await analyseSurprisal(fakeLm(), text, { topTokens: 26 });
  const large = await analyseSurprisal(fakeLm(), text, { topTokens: 25 });
  assert.ok(small.tokens.every((t) => t.top?.length === VOCAB));
  assert.ok(large.tokens.every((t) => t.top === undefined));
  assert.deepEqual(
    large.tokens.map((t) => t.surprisal),
    small.tokens.map((t) => t.surprisal),
  );
  // Hand-worked: one logit of 2 among four: p = e^2 / (e^2 + 3) = 0.7112, the others 1 / (e^2 + 3) = 0.0963.
  const p = Math.exp(2) / (Math.exp(2) + 3);
  assert.ok(Math.abs((small.tokens[0]?.top?.[0]?.p ?? 0) - p) < 1e-6);
  // The first token is predicted at position 0 of a row that starts with BOS (id 0): id (0 + 0) % 4 = 0 is favoured.
  assert.equal(small.tokens[0]?.top?.[0]?.text, 't0');
});

test("topAt gives every token the predictions the whole run gave it, from the run's ids", async () => {
  const lm = fakeLm();
  const text = 'the quick brown fox jumps over the lazy dog';
  const { result, ids } = await scoreText(lm, text, { topTokens: Infinity });
  assert.equal(ids.length, text.length + 1); // BOS first
  for (let i = 0; i < result.tokens.length; i++) assert.deepEqual(await topAt(lm, ids, i), result.tokens[i]?.top);
  await assert.rejects(topAt(lm, ids, result.tokens.length), (e) => e instanceof LensError && e.code === 'bad-input');
});

test('the engine keeps the last few runs only', () => {
  const kept = new KeptRuns();
  const model = { model: 'fake', device: 'cpu' as const, allowLocalFiles: false };
  const keys = Array.from({ length: KEPT_RUNS + 1 }, (_, i) => kept.keep({ model, ids: Int32Array.of(i) }));
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(kept.get(keys[0] ?? ''), undefined);
  for (const [i, key] of keys.slice(1).entries()) assert.deepEqual(kept.get(key)?.ids, Int32Array.of(i + 1));
});
