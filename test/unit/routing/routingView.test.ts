/**
 * @file The routing view's pure helpers and the hover's token lookup, on a small hand-made result: the heatmap's
 * shares (each kind's top-k choices split over the experts), the reading line, and which token an offset is in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RoutingResultSchema, tokenAtOffset, type RoutingResult } from '../../../src/shared/routing';
import { check } from '../../../src/shared/schema';
import { kindColumns, readingOf } from '../../../webview/routing/data';

// "if x" routed by 3 experts, top-2: tokens i, f (keyword), space (whitespace), x (identifier).
const LAYER = {
  layer: 1,
  output: 'router_logits.1',
  topk: [0, 1, 0, 2, 2, 1, 0, 2],
  gates: [0.6, 0.4, 0.7, 0.3, 0.5, 0.5, 0.9, 0.1],
  probs: [0.5, 0.3, 0.6, 0.2, 0.4, 0.4, 0.8, 0.1],
  counts: [3, 2, 3],
  fractions: [3 / 8, 2 / 8, 3 / 8],
  meanProb: [0.5, 0.25, 0.25],
  auxLoss: 1.03125,
  cv: 0.2020305089104421,
  entropy: 0.9851,
  dead: [],
  // [expert][kind]: identifier, keyword, literal, comment, whitespace, punctuation.
  kindCounts: [
    [1, 2, 0, 0, 0, 0],
    [0, 1, 0, 0, 1, 0],
    [1, 1, 0, 0, 1, 0],
  ],
};
const RESULT: RoutingResult = {
  model: 'test',
  source: 'a.py',
  languageId: 'python',
  experts: 3,
  topK: 2,
  topKFrom: 'request',
  context: 16,
  windows: 1,
  tokens: { text: ['i', 'f', ' ', 'x'], start: [0, 1, 2, 3], end: [1, 2, 3, 4] },
  tokenKinds: [1, 1, 4, 0],
  kindTotals: [1, 2, 0, 0, 1, 0],
  layers: [LAYER],
};

test('the hand-made result is valid by the schema', () => {
  const c = check(RoutingResultSchema, RESULT);
  assert.ok(c.ok, c.ok ? '' : c.message);
});

test('kind columns: kinds with tokens only, shares of their k·n choices per expert summing to 1', () => {
  const cols = kindColumns(RESULT, LAYER);
  assert.deepEqual(
    cols.map((c) => [c.kind, c.tokens]),
    [
      ['identifier', 1],
      ['keyword', 2],
      ['whitespace', 1],
    ],
  );
  // Keywords: 2 tokens × k = 2 choices 4: expert 0 twice, 1 once, 2 once.
  assert.deepEqual(cols[1]?.shares, [0.5, 0.25, 0.25]);
  assert.deepEqual(cols[0]?.shares, [0.5, 0, 0.5]);
  for (const c of cols)
    assert.equal(
      c.shares.reduce((a, b) => a + b, 0),
      1,
    );
});

test('the reading names the busiest expert (the lower id on a tie), the auxiliary loss and the dead experts', () => {
  assert.equal(
    readingOf(LAYER),
    'Layer 1: expert 0 takes the most tokens (37.5 % of choices); auxiliary loss 1.031 (1 = balanced), ' +
      'no dead experts.',
  );
  assert.match(readingOf({ ...LAYER, dead: [1, 2] }), /, 2 dead \(1, 2\)\.$/u);
});

test('tokenAtOffset: the token holding an offset; bytes of one character give the first; none past the end', () => {
  assert.equal(tokenAtOffset(RESULT.tokens, 0), 0);
  assert.equal(tokenAtOffset(RESULT.tokens, 3), 3);
  assert.equal(tokenAtOffset(RESULT.tokens, 4), -1);
  // "é" is two bytes sharing the range [1, 2): "aé" → tokens [0,1), [1,2), [1,2).
  const bytes = { start: [0, 1, 1], end: [1, 2, 2] };
  assert.equal(tokenAtOffset(bytes, 1), 1);
  // A selection's tokens start later in the document.
  assert.equal(tokenAtOffset({ start: [10, 11], end: [11, 12] }, 5), -1);
});
