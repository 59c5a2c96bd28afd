import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPOSE_METHODS, type LoraComposeResult, type LoraComposeRow } from '../../../src/shared/lora';
import { composeText } from '../../../src/cli/lora/text';
import { KIND_HELP, METHOD_HELP, softmaxCatWhy, STAT_HELP } from '../../../src/shared/loraHelp';

const row = (config: string, exactMatch: number, extra: Partial<LoraComposeRow> = {}): LoraComposeRow => ({
  config,
  kind: 'merge',
  exactMatch,
  loss: 1,
  examples: [],
  ...extra,
});

/** The zoo's composition as the engine measured it (lora compose on lora-base, 30 CAT steps). */
function zoo(rows: LoraComposeRow[]): LoraComposeResult {
  return {
    base: 'lora-base',
    adapters: ['lora-arith', 'lora-words'],
    data: { source: 'test.jsonl', items: 100 },
    weights: [1, 1],
    density: 0.75,
    rows,
    layers: [],
    seconds: 1,
  };
}
const SOFTMAX = [
  [0.7518, 0.2482],
  [0.9086, 0.0914],
  [0.5811, 0.4189],
];
const FREE = [
  [0.971, 0.9754],
  [0.9443, 0.8674],
  [0.8801, 1.1608],
];

test('every composition method, row kind and statistic has a one-line description', () => {
  for (const m of COMPOSE_METHODS) {
    const help = METHOD_HELP[m];
    assert.ok(help.length > 20 && help.length < 200 && !help.includes('\n'), `${m}: ${help}`);
  }
  for (const h of [...Object.values(KIND_HELP), ...Object.values(STAT_HELP)]) assert.ok(h.length > 20, h);
  assert.match(METHOD_HELP.dare_ties_svd, /DARE then TIES on the full updates/u);
  assert.match(METHOD_HELP.cat, /softmax makes the weights of a layer sum to 1/u);
});

test('softmax CAT below free CAT: the sentence gives both sets of learned weights per adapter', () => {
  const why = softmaxCatWhy(
    zoo([
      row('CAT (learned)', 0, { method: 'cat', catWeights: SOFTMAX }),
      row('CAT (learned, free weights)', 0.39, { method: 'cat_free', catWeights: FREE }),
      row('peft_cat', 0.41, { method: 'peft_cat' }),
    ]),
  );
  assert.equal(
    why,
    "Why CAT (learned) scores 0.0%: its softmax makes each layer's weights sum to 1, so each adapter adds only a " +
      'share of its update (learned per layer: lora-arith 0.58–0.91, lora-words 0.09–0.42), ' +
      'while this task needs every adapter at about full strength: CAT without the softmax learns lora-arith ' +
      '0.88–0.97, lora-words ' +
      '0.87–1.16 and scores 39.0%.',
  );
});

test('without free CAT the sentence compares with PEFT cat at the fixed weights', () => {
  const cat = row('CAT (learned)', 0, { method: 'cat', catWeights: SOFTMAX });
  assert.equal(softmaxCatWhy(zoo([cat, row('peft_cat', 0.41)])), undefined, 'a row without its method: no reference');
  const r = { ...zoo([cat, row('peft_cat', 0.41, { method: 'peft_cat' })]) };
  assert.match(
    softmaxCatWhy(r) ?? '',
    /full strength: PEFT's cat adds lora-arith 1\.00, lora-words 1\.00 and scores 41\.0%\.$/u,
  );
  assert.match(
    softmaxCatWhy({ ...r, weights: [0.5, 0.5] }) ?? '',
    /, while PEFT's cat adds lora-arith 0\.50, lora-words 0\.50 and scores/u,
  );
});

test('no sentence when the softmax CAT does as well, or was not run', () => {
  const even = zoo([
    row('CAT (learned)', 0.4, { method: 'cat', catWeights: SOFTMAX }),
    row('CAT (learned, free weights)', 0.39, { method: 'cat_free', catWeights: FREE }),
  ]);
  assert.equal(softmaxCatWhy(even), undefined);
  assert.equal(softmaxCatWhy(zoo([row('CAT (learned, free weights)', 0.39, { method: 'cat_free' })])), undefined);
});

test('the CLI text output carries the sentence under the scores', () => {
  const r = zoo([
    row('CAT (learned)', 0, { method: 'cat', catWeights: SOFTMAX }),
    row('CAT (learned, free weights)', 0.39, { method: 'cat_free', catWeights: FREE }),
  ]);
  const lines = composeText(r).split('\n');
  assert.match(lines[1] ?? '', /^CAT \(learned\) +exact match {3}0\.0%/u);
  assert.equal(lines[3], softmaxCatWhy(r));
});
