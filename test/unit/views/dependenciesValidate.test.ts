import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToWebview } from '../../../webview/shared/validate';
import {
  MAX_DEPENDENCY_TOKENS,
  MAX_ROW_ENTRIES,
  MAX_WINDOW_TOKENS,
  isDependenciesResult,
} from '../../../webview/shared/validateDependencies';
import type { DependenciesResult } from '../../../src/shared/results';

const stats = { rows: 3, meanK: 1.5, kHistogram: [1, 2], meanDistance: 1.2, sinkShare: 0.4 };
const dep = { index: 0, weight: 0.5, text: 'a', start: 0, end: 1, line: 0, character: 0 };

function result(): DependenciesResult {
  return {
    model: 'lens-lm', device: 'cpu', source: 'a.ts', methods: ['attention', 'ablation'],
    aggregate: 'attention rollout (Abnar & Zuidema 2020)', p: 0.9, k: 2, window: 16, layers: 1, heads: 2,
    tokens: [{ text: 'a', start: 0, end: 1 }, { text: ' b', start: 1, end: 3 }, { text: 'c', start: 3, end: 4 }],
    kAttention: [null, 1, 2], kLayers: [[null, 1, 2]], kAblation: [null, 0, 1],
    ablation: { delta: 0.05, method: 'mask', runs: 1 }, kBins: [1, 2, 4],
    headStats: [{ ...stats, layer: 0, head: 0 }, { ...stats, layer: 0, head: 1 }], aggregateStats: stats,
    agreement: { k: 2, tokens: 2, overlap: 0.5, jaccard: 0.3, chanceOverlap: 0.1 },
    at: { index: 2, attention: [dep], ablation: [{ ...dep, weight: 0.2 }] },
    rows: [[[-1, 1]], [[-1, 0.6], [0, 0.4]], [[1, 0.7], [-1, 0.3]]],
    windowMaps: { first: -1, T: 2, data: [1, 0, 0.5, 0.5, 1, 0, 0.2, 0.8] },
  };
}

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Draft = Mutable<DependenciesResult>;

/** A deep copy of the result with `edit` applied (edits may break fields with `Reflect`, past the types). */
function edited(edit: (r: Draft) => void): unknown {
  const r = structuredClone(result()) as Draft;
  edit(r);
  return r;
}

test('a well-formed showDependencies message is accepted as is', () => {
  const message = { type: 'showDependencies', result: result() };
  assert.equal(parseToWebview(message), message);
  assert.ok(isDependenciesResult(result()));
});

test('optional parts may be absent (an ablation-only result with no maps)', () => {
  const minimal = edited((r) => {
    for (const key of ['kAttention', 'kLayers', 'headStats', 'aggregateStats', 'agreement', 'at', 'rows', 'windowMaps'] as const) {
      Reflect.deleteProperty(r, key);
    }
    r.methods = ['ablation'];
    r.layers = 0;
    r.heads = 0;
  });
  assert.ok(isDependenciesResult(minimal));
  assert.ok(isDependenciesResult(edited((r) => (r.tokens = []))) === false, 'per-token arrays must match the tokens');
});

test('malformed results are rejected', () => {
  const cases: [string, (r: Draft) => void][] = [
    ['unknown device', (r) => Reflect.set(r, 'device', 'tpu')],
    ['unknown method', (r) => Reflect.set(r, 'methods', ['saliency'])],
    ['no methods', (r) => (r.methods = [])],
    ['p above 1', (r) => (r.p = 1.5)],
    ['token end before start', (r) => (r.tokens[1] = { text: 'b', start: 3, end: 1 })],
    ['token text not a string', (r) => Reflect.set(r.tokens[0] ?? {}, 'text', 5)],
    ['kAttention shorter than tokens', (r) => (r.kAttention = [1, 2])],
    ['negative k', (r) => (r.kAblation = [null, -1, 1])],
    ['k not finite', (r) => (r.kAttention = [null, Number.NaN, 1])],
    ['kLayers not one per layer', (r) => (r.kLayers = [])],
    ['head outside the model', (r) => (r.headStats = [{ ...stats, layer: 0, head: 2 }])],
    ['sink share above 1', (r) => (r.aggregateStats = { ...stats, sinkShare: 2 })],
    ['at outside the text', (r) => (r.at = { index: 3 })],
    ['dependency without line', (r) => Reflect.set(r, 'at', { index: 1, attention: [{ ...dep, line: undefined }] })],
    ['dependency index outside', (r) => (r.at = { index: 1, attention: [{ ...dep, index: 7 }] })],
    ['rows not one per token', (r) => (r.rows = [[]])],
    ['row key outside the text', (r) => (r.rows = [[], [[3, 0.5]], []])],
    ['row key below -1', (r) => (r.rows = [[], [[-2, 0.5]], []])],
    ['row entry not a pair', (r) => Reflect.set(r, 'rows', [[], [[0, 0.5, 1]], []])],
    ['negative row weight', (r) => (r.rows = [[], [[0, -0.5]], []])],
    ['window data wrong length', (r) => (r.windowMaps = { first: 0, T: 2, data: [1, 0, 0] })],
    ['window past the text', (r) => (r.windowMaps = { first: 2, T: 2, data: [1, 0, 0.5, 0.5, 1, 0, 0.2, 0.8] })],
    ['window weight not a number', (r) => Reflect.set(r, 'windowMaps', { first: 0, T: 1, data: ['x', 1] })],
    ['ablation without method', (r) => Reflect.set(r, 'ablation', { delta: 0.1, runs: 1 })],
    ['agreement negative', (r) => (r.agreement = { k: 2, tokens: 2, overlap: -1, jaccard: 0, chanceOverlap: 0 })],
  ];
  for (const [name, edit] of cases) {
    assert.equal(isDependenciesResult(edited(edit)), false, name);
    assert.equal(parseToWebview({ type: 'showDependencies', result: edited(edit) }), undefined, name);
  }
});

test('size limits: tokens, row entries and the dense window', () => {
  const token = { text: 'x', start: 0, end: 1 };
  const many = (n: number): unknown => edited((r) => {
    r.tokens = Array.from({ length: n }, () => token);
    for (const key of ['kAttention', 'kLayers', 'kAblation', 'at', 'rows', 'windowMaps'] as const) Reflect.deleteProperty(r, key);
  });
  assert.ok(isDependenciesResult(many(MAX_DEPENDENCY_TOKENS)));
  assert.equal(isDependenciesResult(many(MAX_DEPENDENCY_TOKENS + 1)), false);
  const row = (n: number): [number, number][] => Array.from({ length: n }, () => [0, 0.01]);
  assert.ok(isDependenciesResult(edited((r) => (r.rows = [[], row(MAX_ROW_ENTRIES), []]))));
  assert.equal(isDependenciesResult(edited((r) => (r.rows = [[], row(MAX_ROW_ENTRIES + 1), []]))), false);
  const T = MAX_WINDOW_TOKENS + 1;
  const big = edited((r) => {
    r.tokens = Array.from({ length: T }, () => token);
    for (const key of ['kAttention', 'kLayers', 'kAblation', 'at', 'rows'] as const) Reflect.deleteProperty(r, key);
    r.layers = 1;
    r.heads = 1;
    r.headStats = [];
    r.windowMaps = { first: 0, T, data: new Array<number>(T * T).fill(0) };
  });
  assert.equal(isDependenciesResult(big), false);
});

test('other messages still parse, and junk is dropped', () => {
  assert.ok(parseToWebview({ type: 'status', state: 'idle', message: '' }));
  for (const x of [null, 3, [], { type: 'showDependencies' }, { type: 'showDependencies', result: [] }]) {
    assert.equal(parseToWebview(x), undefined);
  }
});
