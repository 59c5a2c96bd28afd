import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ablationMeasureWords, type DependenciesResult } from '../../../src/shared/dependencies';
import { scoredMethodText } from '../../../src/core/analyses/dependencies/scoredAblation';
import { kSeries } from '../../../webview/dependencies/kChart';
import { planWindows } from '../../../src/core/analyses/surprisal/planWindows';
import { escapeHtml } from '../../../src/shared/html';
import { DEPENDENCIES_BODY } from '../../../webview/dependencies/body';
import { dependenciesResult } from './dependenciesFixture';
import {
  K_DIFFERENCE,
  METHOD_HELP,
  ablationHelp,
  headName,
  headTitle,
  kChartHelp,
  spellHead,
  statsLine,
  windowStarts,
} from '../../../webview/dependencies/explain';
import {
  attentionLines,
  defaultSpan,
  hiddenShare,
  lineOpacity,
  shiftSpan,
} from '../../../webview/dependencies/linesModel';

/** 2 layers × 2 heads over 3 tokens; each head's 3×3 rows (query) of keys, listed L0H0, L0H1, L1H0, L1H1. */
const HEADS = [
  [1, 0, 0, 1, 0, 0, 1, 0, 0],
  [1, 0, 0, 0, 1, 0, 0, 0, 1],
  [1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5],
  [1, 0, 0, 0, 1, 0, 0, 0.99, 0.01],
];

function result(extra: Partial<DependenciesResult> = {}): DependenciesResult {
  return dependenciesResult({
    window: 256,
    layers: 2,
    heads: 2,
    tokens: ['a', 'b', 'c'].map((text, i) => ({ text, start: i, end: i + 1 })),
    kAttention: [1, 1, 2],
    windowMaps: { first: 0, T: 3, data: HEADS.flat() },
    ...extra,
  });
}

const key = (l: { query: number; key: number; head: number; weight: number }): string =>
  `${l.query}>${l.key}@${l.head}:${Math.round(l.weight * 1000) / 1000}`;

test('window starts are where planWindows starts scoring a new window (token = position - 1)', () => {
  assert.deepEqual(windowStarts(600, 256), [255, 383, 511], 'windows of 256 overlapping by 128');
  assert.deepEqual(windowStarts(255, 256), [], 'the BOS and 255 tokens fit one window');
  assert.deepEqual(windowStarts(256, 256), [255]);
  for (const [tokens, window] of [
    [11, 5],
    [1000, 256],
    [3, 2],
    [129, 64],
  ] as const) {
    const want = planWindows(tokens + 1, window)
      .slice(1)
      .map((w) => w.scoreFrom - 1);
    assert.deepEqual(windowStarts(tokens, window), want, `${tokens} tokens, window ${window}`);
  }
});

test('head names are spelled out', () => {
  assert.equal(spellHead('L3H1'), 'layer 3, head 1');
  assert.equal(spellHead('rollout'), 'rollout');
  assert.equal(headName(3, 1), 'L3H1 (layer 3, head 1)');
  const stat = { layer: 3, head: 1, rows: 1, meanK: 2.5, kHistogram: [], meanDistance: 4, sinkShare: 0.25 };
  assert.match(headTitle(stat, 0.9), /^L3H1 \(layer 3, head 1\)\nmean k \(p = 0\.9\) 2\.50 · mean distance 4\.0/);
});

test('the k chart explains the sawtooth only when the text spans several windows, and k differences', () => {
  assert.match(kChartHelp(result()), /fits one window of 256 tokens/);
  const long = result({ tokens: Array.from({ length: 600 }, (_, i) => ({ text: 'x', start: i, end: i + 1 })) });
  assert.match(kChartHelp(long), /sawtooth.*overlapping windows of 256 tokens/);
  assert.ok(!kChartHelp(long).includes(K_DIFFERENCE), 'no ablation: no comparison');
  const both = { ...long, kAblation: long.tokens.map(() => 1) };
  assert.ok(kChartHelp(both).endsWith(K_DIFFERENCE));
  assert.match(K_DIFFERENCE, /spreads .* thinly .* removal changes the prediction by more than δ/);
});

test('lines of one layer and head follow the dense window', () => {
  const r = result();
  const all = { from: 0, to: 3 };
  assert.deepEqual(attentionLines(r, all, { layer: 0, head: 0 }).map(key), ['0>0@0:1', '1>0@0:1', '2>0@0:1']);
  assert.deepEqual(attentionLines(r, all, { layer: 1, head: 0 }).map(key), [
    '0>0@0:1',
    '1>0@0:0.5',
    '1>1@0:0.5',
    '2>0@0:0.2',
    '2>1@0:0.3',
    '2>2@0:0.5',
  ]);
});

test('mean of layers averages, all heads give one line per head, light lines are dropped', () => {
  const r = result();
  const all = { from: 0, to: 3 };
  assert.deepEqual(attentionLines(r, all, { layer: 'all', head: 0 }).map(key), [
    '0>0@0:1',
    '1>0@0:0.75',
    '1>1@0:0.25',
    '2>0@0:0.6',
    '2>1@0:0.15',
    '2>2@0:0.25',
  ]);
  const heads = attentionLines(r, all, { layer: 1, head: 'all' }).map(key);
  assert.equal(heads.length, 9, '6 lines of head 0, 3 of head 1 (0.01 is under the 0.02 floor)');
  assert.deepEqual(
    heads.filter((k) => k.endsWith('@1:0.99') || k.includes('@1:0.01')),
    ['2>1@1:0.99'],
  );
});

test('a span keeps its own tokens; attention above it is counted as hidden', () => {
  const r = result();
  const span = { from: 1, to: 3 };
  assert.deepEqual(attentionLines(r, span, { layer: 1, head: 0 }).map(key), ['1>1@0:0.5', '2>1@0:0.3', '2>2@0:0.5']);
  assert.ok(Math.abs(hiddenShare(r, span, { layer: 1, head: 0 }, 2) - 0.2) < 1e-9);
  assert.ok(Math.abs(hiddenShare(r, span, { layer: 1, head: 'all' }, 1) - 0.25) < 1e-9, '(0.5 + 0) / 2 heads');
});

test('the first span: the whole small window, else 40 tokens ending a little after the cursor', () => {
  assert.deepEqual(defaultSpan(result()), { from: 0, to: 3 });
  const big = (at: number): DependenciesResult =>
    result({
      layers: 1,
      heads: 1,
      tokens: Array.from({ length: 120 }, (_, i) => ({ text: 'x', start: i, end: i + 1 })),
      windowMaps: { first: 10, T: 100, data: new Array<number>(10_000).fill(0) },
      at: { index: at },
    });
  assert.deepEqual(defaultSpan(big(60)), { from: 29, to: 69 }, '60 + 1 + 8 = 69');
  assert.deepEqual(defaultSpan(big(15)), { from: 10, to: 50 }, 'not before the window');
  assert.deepEqual(defaultSpan(big(105)), { from: 70, to: 110 }, 'not past the window');
  assert.deepEqual(shiftSpan(big(60), { from: 29, to: 69 }, 100), { from: 70, to: 110 });
  assert.deepEqual(shiftSpan(big(60), { from: 29, to: 69 }, -20), { from: 10, to: 50 });
  assert.equal(defaultSpan(result({ windowMaps: undefined })), undefined);
});

test('the body explains every statistic and method, and titles never change the case of tokens', () => {
  for (const word of ['k_p', 'mean k', 'k_δ', 'mean distance', 'sink share', 'Jaccard', 'rollout', 'head mean']) {
    assert.ok(DEPENDENCIES_BODY.includes(`<dt>${escapeHtml(word)}`) || DEPENDENCIES_BODY.includes(word), word);
  }
  assert.match(DEPENDENCIES_BODY, /<dt>L3H1<\/dt><dd>layer 3, head 1/);
  assert.match(DEPENDENCIES_BODY, /Abnar &amp; Zuidema/);
  assert.equal(escapeHtml('a "b" <c> & d'), 'a &quot;b&quot; &lt;c&gt; &amp; d');
  assert.ok(DEPENDENCIES_BODY.includes('id="attn-lines"') && DEPENDENCIES_BODY.includes('id="lines-head"'));
  const css = readFileSync(new URL('../../../webview/dependencies/style.css', import.meta.url), 'utf8');
  assert.deepEqual(css.match(/text-transform:[^;]*/g), ['text-transform: none']);
});

test('the stats line names the aggregate and reads the agreement of the two methods', () => {
  assert.match(
    statsLine(result()),
    /^Attention k is counted on attention rollout \(Abnar & Zuidema 2020\): multiplies/,
  );
  const agreement = { k: 8, tokens: 100, overlap: 3, jaccard: 0.2308, chanceOverlap: 0.5 };
  const line = statsLine(result({ agreement }));
  assert.match(line, /share 3\.0 of their top 8 tokens on average \(Jaccard 0\.23; chance would give 0\.5\)/);
  assert.equal(statsLine(result({ kAttention: undefined })), '');
});

test('line opacity is the square root of the weight, clamped to [0, 1]', () => {
  assert.equal(lineOpacity(0.25), 0.5);
  assert.equal(lineOpacity(1), 1);
  assert.equal(lineOpacity(2), 1);
  assert.equal(lineOpacity(-1), 0);
  assert.ok(Math.abs(lineOpacity(0.05) - 0.2236) < 1e-4);
});

test('the ablation help line says how the ablated copies were computed', () => {
  const removal =
    'each earlier token replaced in turn by the neutral token 256 (BOS); effect = KL(P_base ‖ P_ablated), nats';
  const cached = `${removal}; each ablated copy reused the keys and values of the tokens before it (KV cache)`;
  const ablation = (method: string): Partial<DependenciesResult> => ({ ablation: { delta: 0.1, method, runs: 2 } });
  assert.equal(
    ablationHelp(result(ablation(cached))),
    `${METHOD_HELP.ablation} Here each ablated copy reused the keys and values of the tokens before it (KV cache).`,
  );
  assert.equal(ablationHelp(result(ablation(removal))), METHOD_HELP.ablation, 'an older result: no how');
  assert.equal(ablationHelp(result()), METHOD_HELP.ablation);
});

test("a remote model's ablation is named as a change in the actual token's surprisal, never as a KL", () => {
  const r = result({
    ablation: { delta: 0.1, method: scoredMethodText(1), runs: 9, cache: 'none', measure: 'surprisal' },
    kAblation: [null, 1, 2],
  });
  const help = ablationHelp(r);
  assert.match(help, /actual next token's surprisal/u);
  assert.match(help, /Here each ablated copy was scored by the server\.$/u);
  assert.doesNotMatch(help.replace(/a KL needs/u, ''), /KL/u);
  const series = kSeries(r).find((s) => s.method === 'ablation');
  assert.equal(series?.label, 'ablation k (|Δ surprisal| > 0.1)');
  assert.match(series?.help ?? '', /the change in the actual next token's surprisal, in nats/u);
  assert.equal(ablationMeasureWords('surprisal').short, 'surprisal change, nats');
  assert.equal(ablationMeasureWords(undefined).short, 'KL, nats');
});
