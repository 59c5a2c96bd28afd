/**
 * The composition toolkit around the zoo: batched scoring against one-at-a-time decoding, the
 * finite-difference gradient, CAT learning lowering the dev loss, the engine jobs' refusals
 * (untrusted local adapters, adapters for another base, unknown methods, CAT without a dev
 * split) and a saved CAT merge that reloads to the in-memory merge.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { catLearn, catWeightsOf, finiteGradient } from '../../../src/core/analyses/lora/catLearn';
import { catWeighted } from '../../../src/core/analyses/lora/catWeighted';
import { composeMethodsCheck } from '../../../src/core/analyses/lora/compose';
import { greedyAnswer, loraGraphFeeds } from '../../../src/core/analyses/lora/evaluate';
import { parseTaskJsonl } from '../../../src/core/analyses/lora/taskData';
import { adaptersRead, loraBaseOpen, type LoraBase } from '../../../src/core/analyses/lora/loraSources';
import { moduleDelta } from '../../../src/core/analyses/lora/stats';
import { greedyAnswers } from '../../../src/core/analyses/lora/taskBatch';
import { LensError } from '../../../src/core/errors';
import { peftRead } from '../../../src/core/formats/peft/readAdapter';
import { LoraJobs } from '../../../src/engine/lora/jobs';
import { FIXTURES, MODELS } from '../helpers';

const data = (split: string): string => readFileSync(join(MODELS, 'lora-base', 'data', `${split}.jsonl`), 'utf8');
const task = (split: string) => ({ source: `${split}.jsonl`, text: data(split) });
const job = { signal: new AbortController().signal, progress: () => undefined };
let base: LoraBase;

before(async () => {
  base = await loraBaseOpen(MODELS, 'lora-base', false);
});
after(async () => {
  await base.session.release();
});

test('batched greedy answers equal one-at-a-time decoding on the zoo test split', async () => {
  const items = parseTaskJsonl(data('test'), 'test').slice(0, 40);
  const [arith, words] = await adaptersRead(MODELS, ['lora-arith', 'lora-words'], false);
  assert.ok(arith !== undefined && words !== undefined);
  const lora = loraGraphFeeds(base.session, [
    { adapter: arith.adapter, weight: 1 },
    { adapter: words.adapter, weight: 1 },
  ]);
  const o = { bos: base.bos, maxNew: 8 };
  const batched = await greedyAnswers(
    base.session,
    items.map((i) => i.prompt),
    lora,
    o,
  );
  for (const [i, item] of items.entries())
    assert.equal(batched[i], await greedyAnswer(base.session, item.prompt, lora, o), item.prompt);
});

test('finiteGradient is exact on a quadratic; softmax CAT weights sum to 1 per layer', async () => {
  const f = async (x: readonly number[]): Promise<number> =>
    (x[0] ?? 0) ** 2 + 3 * (x[0] ?? 0) * (x[1] ?? 0) - 2 * (x[1] ?? 0);
  const g = await finiteGradient(f, [1.5, -2], 1e-3);
  assert.ok(Math.abs((g[0] ?? 0) - (2 * 1.5 + 3 * -2)) < 1e-9);
  assert.ok(Math.abs((g[1] ?? 0) - (3 * 1.5 - 2)) < 1e-9);
  const w = catWeightsOf('softmax', [0, Math.log(3), 1, 1], 2, 2);
  assert.deepEqual(
    w.map((r) => r.map((x) => Math.round(x * 1e6) / 1e6)),
    [
      [0.25, 0.75],
      [0.5, 0.5],
    ],
  );
  assert.deepEqual(catWeightsOf('free', [1, 2, 3, 4], 2, 2), [
    [1, 2],
    [3, 4],
  ]);
});

test('CAT learning lowers the dev loss and keeps its best step', async () => {
  const adapters = (await adaptersRead(MODELS, ['lora-arith', 'lora-words'], false)).map((a) => a.adapter);
  const dev = parseTaskJsonl(data('dev'), 'dev');
  const r = await catLearn(base.session, adapters, dev, { bos: base.bos }, { steps: 4 });
  assert.equal(r.history.length, 5);
  assert.equal(r.devLoss, Math.min(...r.history));
  assert.ok(r.devLoss < r.startLoss, `dev loss ${r.startLoss} → ${r.devLoss}`);
  assert.equal(r.evaluations, 5 + 4 * 2 * r.layers * r.loras);
  for (const row of r.weights) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('composition refuses unknown methods and CAT without a dev split', () => {
  assert.throws(() => composeMethodsCheck(['ties', 'frobnicate'], true), /Unknown composition method "frobnicate"/u);
  assert.throws(() => composeMethodsCheck(['cat'], false), /learns CAT weights on a dev split/u);
  assert.doesNotThrow(() => composeMethodsCheck(['cat', 'dare_ties'], true));
});

/** Params composing the zoo's arithmetic adapter with the fixture adapter for another base model. */
const withTinyAdapter = (allowLocalFiles: boolean) => ({
  base: 'lora-base',
  adapters: ['lora-arith', join(FIXTURES, 'lora', 'tiny-adapter')],
  data: task('test'),
  methods: ['linear' as const],
  allowLocalFiles,
});

test('restricted mode refuses local adapters and bases but loads the embedded ones', async () => {
  await assert.rejects(
    new LoraJobs(MODELS).compose(withTinyAdapter(false), job),
    (e: unknown) => e instanceof LensError && e.code === 'untrusted' && /restricted mode/u.test(e.message),
  );
  await assert.rejects(
    loraBaseOpen(MODELS, FIXTURES, false),
    (e: unknown) => e instanceof LensError && e.code === 'untrusted',
  );
  assert.equal((await adaptersRead(MODELS, ['lora-arith', 'lora-words'], false)).length, 2);
});

test('an adapter for another base model is refused, naming its modules', async () => {
  await assert.rejects(
    new LoraJobs(MODELS).compose(withTinyAdapter(true), job),
    /adapts model\.layers\..* which lora-base does not have.*another base model/u,
  );
  await assert.rejects(
    new LoraJobs(MODELS).compose({ ...withTinyAdapter(true), adapters: ['lora-arith', join(FIXTURES, 'lora')] }, job),
    /no adapter_config\.json/u,
  );
});

test('a saved CAT merge reloads to the in-memory merge (1e-5) and never replaces a folder', async () => {
  const jobs = new LoraJobs(MODELS);
  const weights = [
    [0.7, 0.3],
    [0.2, 0.8],
    [0.5, 0.5],
  ];
  const out = join(mkdtempSync(join(tmpdir(), 'lens-cat-')), 'cat');
  const saved = await jobs.merge(
    { adapters: ['lora-arith', 'lora-words'], method: 'cat', catWeights: weights, out, allowLocalFiles: true },
    job,
  );
  assert.equal(saved.modules, 12);
  const adapters = (await adaptersRead(MODELS, ['lora-arith', 'lora-words'], false)).map((a) => a.adapter);
  const expected = catWeighted(adapters, weights);
  const written = await peftRead(out);
  for (const [name, m] of expected.modules) {
    const w = written.modules.get(name);
    assert.ok(w !== undefined, name);
    const a = (await moduleDelta(m)).data;
    const b = (await moduleDelta(w)).data;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    assert.ok(worst < 1e-5, `${name}: max |ΔW diff| ${worst}`);
  }
  await assert.rejects(
    jobs.merge(
      { adapters: ['lora-arith', 'lora-words'], method: 'cat', catWeights: weights, out, allowLocalFiles: true },
      job,
    ),
    /never writes over an existing folder/u,
  );
  await assert.rejects(
    jobs.merge({ adapters: ['lora-arith', 'lora-words'], method: 'cat', out: `${out}-2`, allowLocalFiles: true }, job),
    /needs its learned weights/u,
  );
});
