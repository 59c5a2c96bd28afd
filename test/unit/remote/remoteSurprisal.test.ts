import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyseSurprisal, scoreText } from '../../../src/core/analyses/surprisal/analyseSurprisal';
import { topAt } from '../../../src/core/analyses/surprisal/topAt';
import { scoreAnswers } from '../../../src/core/analyses/tasks/scoreAnswers';
import { probeModel } from '../../../src/core/analyses/copying/probeModel';
import { loadModel } from '../../../src/core/model/loadModel';
import type { CausalLM } from '../../../src/core/model/types';
import type { SurprisalResult } from '../../../src/shared/surprisal';
import { serverBesideLocal } from './serverBesideLocal';
import { FIXTURES, MODELS, quiet } from '../helpers';

const pair = serverBesideLocal();

const remote = (): Promise<CausalLM> =>
  loadModel(`openai:${pair.server.url}#lens-lm`, { modelsDir: MODELS, device: 'cpu', log: quiet });

/** sample.ts (more bytes than one 1,024-token window holds) and multi-byte text: accents, CJK, an emoji. */
const TEXTS = [readFileSync(join(FIXTURES, 'sample.ts'), 'utf8'), 'naïve café — 東京 🙂 ok\n'.repeat(20)];

function assertSame(a: SurprisalResult, b: SurprisalResult): void {
  assert.equal(b.tokens.length, a.tokens.length);
  let worst = 0;
  a.tokens.forEach((t, i) => {
    const r = b.tokens[i];
    assert.ok(r !== undefined);
    assert.deepEqual([r.start, r.end, r.text], [t.start, t.end, t.text], `range of token ${i}`);
    worst = Math.max(worst, Math.abs(r.surprisal - t.surprisal));
  });
  assert.ok(worst < 1e-3, `largest difference ${worst} bits`);
  assert.ok(Math.abs(a.bitsPerByte - b.bitsPerByte) < 1e-3);
}

test('remote surprisal equals local surprisal within 1e-3 bits, same ranges, through prompt_logprobs', async () => {
  pair.server.switches.promptLogprobs = true;
  const lm = await remote();
  assert.equal(lm.context, pair.local.context, 'the window is max_model_len - 1');
  assert.equal(lm.bosId, pair.local.bosId, 'the BOS id is what /tokenize adds');
  assert.equal(lm.device, 'server', 'a remote model runs on its server, whatever device is asked');
  for (const text of TEXTS) assertSame(await analyseSurprisal(pair.local, text), await analyseSurprisal(lm, text));
  const asked = pair.server.seen.filter((s) => s.path === '/v1/completions').map((s) => s.body);
  assert.ok(asked.every((b) => typeof b['prompt_logprobs'] === 'number' && Array.isArray(b['prompt'])));
  assert.ok(
    asked.some((b) => (b['prompt'] as unknown[]).length > 1),
    'several windows in one request',
  );
});

test('remote surprisal equals local through echo + logprobs when the server ignores prompt_logprobs', async () => {
  pair.server.switches.promptLogprobs = false;
  try {
    const lm = await remote();
    for (const text of TEXTS) assertSame(await analyseSurprisal(pair.local, text), await analyseSurprisal(lm, text));
    assert.equal(pair.server.seen.at(-1)?.body['echo'], true);
  } finally {
    pair.server.switches.promptLogprobs = true;
  }
});

test('top-k candidates and a hover recomputed on demand agree with the local model', async () => {
  const lm = await remote();
  const text = TEXTS[0] ?? '';
  const a = await scoreText(pair.local, text, { topTokens: 0 });
  const b = await scoreText(lm, text, { topTokens: 0 });
  for (const index of [0, 300, a.result.tokens.length - 1]) {
    const [x, y] = [await topAt(pair.local, a.ids, index), await topAt(lm, b.ids, index)];
    assert.deepEqual(
      y.map((c) => c.p.toFixed(6)),
      x.map((c) => c.p.toFixed(6)),
    );
  }
  const short = await analyseSurprisal(lm, 'return a + b;');
  const ref = await analyseSurprisal(pair.local, 'return a + b;');
  short.tokens.forEach((t, i) => {
    const texts = (t.top ?? []).map((c) => c.text);
    assert.deepEqual(
      texts,
      (ref.tokens[i]?.top ?? []).map((c) => c.text),
    );
  });
});

test('task losses (teacher-forced answers) score the same through the server', async () => {
  const lm = await remote();
  const items = [
    { prompt: 'function add(a, b) {\n  return', answer: ' a + b;' },
    { prompt: 'naïve ', answer: 'café' },
  ];
  const [a, b] = [await scoreAnswers(pair.local, items), await scoreAnswers(lm, items)];
  a.forEach((s, i) => {
    const r = b[i];
    assert.ok(r !== undefined);
    assert.deepEqual([r.tokens, r.correct, r.exact, r.firstWrong], [s.tokens, s.correct, s.exact, s.firstWrong]);
    s.bits.forEach((x, j) => assert.ok(Math.abs(x - (r.bits[j] ?? NaN)) < 1e-3));
  });
});

test('the copy and lookup probe gives the same accuracies and bits through the server', async () => {
  const lm = await remote();
  const text = [
    ...readFileSync(join(FIXTURES, 'sample.ts'), 'utf8').split('\n'),
    ...Array.from({ length: 12 }, (_, i) => `key${i}: value${(i * 7919) % 1000}`),
  ].join('\n');
  const options = { text, lengths: [4, 16], tasks: 6, seed: 3, lookup: true };
  const [a, b] = [await probeModel(pair.local, options), await probeModel(lm, options)];
  const counts = (r: typeof a) => r.lengths.map((l) => [l.length, l.tasks, l.stringAccuracy, l.tokenAccuracy]);
  assert.deepEqual(counts(b), counts(a));
  b.lengths.forEach((l, i) => {
    const ref = a.lengths[i];
    assert.ok(ref !== undefined && Math.abs(l.firstBits - ref.firstBits) < 1e-3);
    assert.ok(Math.abs(l.secondBits - ref.secondBits) < 1e-3);
  });
  assert.deepEqual(b.examples, a.examples);
  assert.ok(a.lookup !== undefined);
  assert.deepEqual(b.lookup, a.lookup);
});
