import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEPENDENCY_METHODS,
  MAX_DEPENDENCY_TOKENS,
  MAX_ROW_ENTRIES,
  MAX_WINDOW_TOKENS,
  DependenciesParamsSchema,
  DependenciesResultSchema,
  dependenciesRequest,
  type DependenciesParams,
  type DependenciesResult,
} from '../../../src/shared/dependencies';
import { ToWebviewSchema } from '../../../src/shared/messages';
import { check } from '../../../src/shared/schema';

const stats = { rows: 3, meanK: 1.5, kHistogram: [1, 2], meanDistance: 1.2, sinkShare: 0.4 };
const dep = { index: 0, weight: 0.5, text: 'a', start: 0, end: 1, line: 0, character: 0 };

function result(): DependenciesResult {
  return {
    model: 'lens-lm',
    device: 'cpu',
    source: 'a.ts',
    methods: ['attention', 'ablation'],
    aggregate: 'attention rollout (Abnar & Zuidema 2020)',
    p: 0.9,
    k: 2,
    window: 16,
    layers: 1,
    heads: 2,
    tokens: [
      { text: 'a', start: 0, end: 1 },
      { text: ' b', start: 1, end: 3 },
      { text: 'c', start: 3, end: 4 },
    ],
    kAttention: [null, 1, 2],
    kLayers: [[null, 1, 2]],
    kAblation: [null, 0, 1],
    ablation: { delta: 0.05, method: 'mask', runs: 1 },
    kBins: [1, 2, 4],
    headStats: [
      { ...stats, layer: 0, head: 0 },
      { ...stats, layer: 0, head: 1 },
    ],
    aggregateStats: stats,
    agreement: { k: 2, tokens: 2, overlap: 0.5, jaccard: 0.3, chanceOverlap: 0.1 },
    at: { index: 2, attention: [dep], ablation: [{ ...dep, weight: 0.2 }] },
    rows: [
      [[-1, 1]],
      [
        [-1, 0.6],
        [0, 0.4],
      ],
      [
        [1, 0.7],
        [-1, 0.3],
      ],
    ],
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

const accepts = (x: unknown): boolean => check(DependenciesResultSchema, x).ok;

/** The dotted path the check names, or undefined when the value passes. */
function fieldOf(x: unknown): string | undefined {
  const checked = check(DependenciesResultSchema, x);
  return checked.ok ? undefined : checked.message.split(':')[0];
}

test('a well-formed result is accepted as is, and a show message of the kind carries it', () => {
  const checked = check(dependenciesRequest.result, result());
  assert.ok(checked.ok);
  assert.deepEqual(checked.value, result());
  const message = { type: 'show', kind: dependenciesRequest.name, result: result(), source: 'a.ts' };
  assert.ok(check(ToWebviewSchema, message).ok);
});

test('optional parts may be absent (an ablation-only result with no maps)', () => {
  const minimal = edited((r) => {
    for (const key of [
      'kAttention',
      'kLayers',
      'headStats',
      'aggregateStats',
      'agreement',
      'at',
      'rows',
      'windowMaps',
    ] as const) {
      Reflect.deleteProperty(r, key);
    }
    r.methods = ['ablation'];
    r.layers = 0;
    r.heads = 0;
  });
  assert.ok(accepts(minimal));
  assert.ok(accepts(edited((r) => (r.tokens = []))) === false, 'per-token arrays must match the tokens');
});

test('malformed results are rejected, naming the wrong field', () => {
  const cases: [string, string, (r: Draft) => void][] = [
    ['unknown device', 'device', (r) => Reflect.set(r, 'device', 'tpu')],
    ['unknown method', 'methods.0', (r) => Reflect.set(r, 'methods', ['saliency'])],
    ['no methods', 'methods', (r) => (r.methods = [])],
    ['p above 1', 'p', (r) => (r.p = 1.5)],
    ['token end before start', 'tokens.1.end', (r) => (r.tokens[1] = { text: 'b', start: 3, end: 1 })],
    ['token text not a string', 'tokens.0.text', (r) => Reflect.set(r.tokens[0] ?? {}, 'text', 5)],
    ['kAttention shorter than tokens', 'kAttention', (r) => (r.kAttention = [1, 2])],
    ['negative k', 'kAblation.1', (r) => (r.kAblation = [null, -1, 1])],
    ['k not finite', 'kAttention.1', (r) => (r.kAttention = [null, Number.NaN, 1])],
    ['kLayers not one per layer', 'kLayers', (r) => (r.kLayers = [])],
    ['head outside the model', 'headStats', (r) => (r.headStats = [{ ...stats, layer: 0, head: 2 }])],
    ['sink share above 1', 'aggregateStats.sinkShare', (r) => (r.aggregateStats = { ...stats, sinkShare: 2 })],
    ['at outside the text', 'at', (r) => (r.at = { index: 3 })],
    [
      'dependency without line',
      'at.attention.0.line',
      (r) => Reflect.set(r, 'at', { index: 1, attention: [{ ...dep, line: undefined }] }),
    ],
    ['dependency index outside', 'at', (r) => (r.at = { index: 1, attention: [{ ...dep, index: 7 }] })],
    ['rows not one per token', 'rows', (r) => (r.rows = [[]])],
    ['row key outside the text', 'rows', (r) => (r.rows = [[], [[3, 0.5]], []])],
    ['row key below -1', 'rows.1.0.0', (r) => (r.rows = [[], [[-2, 0.5]], []])],
    ['row entry not a pair', 'rows.1.0.2', (r) => Reflect.set(r, 'rows', [[], [[0, 0.5, 1]], []])],
    ['negative row weight', 'rows.1.0.1', (r) => (r.rows = [[], [[0, -0.5]], []])],
    ['window data wrong length', 'windowMaps', (r) => (r.windowMaps = { first: 0, T: 2, data: [1, 0, 0] })],
    [
      'window past the text',
      'windowMaps',
      (r) => (r.windowMaps = { first: 2, T: 2, data: [1, 0, 0.5, 0.5, 1, 0, 0.2, 0.8] }),
    ],
    [
      'window weight not a number',
      'windowMaps.data.0',
      (r) => Reflect.set(r, 'windowMaps', { first: 0, T: 1, data: ['x', 1] }),
    ],
    ['ablation without method', 'ablation.method', (r) => Reflect.set(r, 'ablation', { delta: 0.1, runs: 1 })],
    [
      'agreement negative',
      'agreement.overlap',
      (r) => (r.agreement = { k: 2, tokens: 2, overlap: -1, jaccard: 0, chanceOverlap: 0 }),
    ],
  ];
  for (const [name, field, edit] of cases) {
    assert.equal(accepts(edited(edit)), false, name);
    assert.equal(fieldOf(edited(edit)), field, name);
  }
});

test('size limits: tokens, row entries and the dense window', () => {
  const token = { text: 'x', start: 0, end: 1 };
  const many = (n: number): unknown =>
    edited((r) => {
      r.tokens = Array.from({ length: n }, () => token);
      for (const key of ['kAttention', 'kLayers', 'kAblation', 'at', 'rows', 'windowMaps'] as const)
        Reflect.deleteProperty(r, key);
    });
  assert.ok(accepts(many(MAX_DEPENDENCY_TOKENS)));
  assert.equal(fieldOf(many(MAX_DEPENDENCY_TOKENS + 1)), 'tokens');
  const row = (n: number): [number, number][] => Array.from({ length: n }, () => [0, 0.01]);
  assert.ok(accepts(edited((r) => (r.rows = [[], row(MAX_ROW_ENTRIES), []]))));
  assert.equal(fieldOf(edited((r) => (r.rows = [[], row(MAX_ROW_ENTRIES + 1), []]))), 'rows.1');
  const T = MAX_WINDOW_TOKENS + 1;
  const big = edited((r) => {
    r.tokens = Array.from({ length: T }, () => token);
    for (const key of ['kAttention', 'kLayers', 'kAblation', 'at', 'rows'] as const) Reflect.deleteProperty(r, key);
    r.layers = 1;
    r.heads = 1;
    r.headStats = [];
    r.windowMaps = { first: 0, T, data: new Array<number>(T * T).fill(0) };
  });
  assert.equal(fieldOf(big), 'windowMaps.T');
});

test('junk is rejected', () => {
  for (const x of [null, 3, [], {}, { ...result(), tokens: undefined }]) assert.equal(accepts(x), false);
});

const params = (): DependenciesParams => ({
  model: 'lens-lm',
  device: 'cpu',
  allowLocalFiles: true,
  text: 'abc',
  source: 'a.ts',
  method: 'both',
  at: 2,
  p: 0.9,
  k: 32,
  maxTokens: 100,
  maps: false,
  range: { start: 1, end: 3 },
});

test('params: every method is accepted; values out of range are rejected, naming the field', () => {
  for (const method of DEPENDENCY_METHODS)
    assert.ok(check(DependenciesParamsSchema, { ...params(), method }).ok, method);
  const { range: _range, at: _at, ...bare } = params();
  assert.ok(check(DependenciesParamsSchema, bare).ok, 'range and at are optional');
  const cases: [string, string, Record<string, unknown>][] = [
    ['unknown method', 'method', { method: 'telepathy' }],
    ['p of 0', 'p', { p: 0 }],
    ['p above 1', 'p', { p: 1.5 }],
    ['k of 0', 'k', { k: 0 }],
    ['k above 64', 'k', { k: 65 }],
    ['k not an integer', 'k', { k: 2.5 }],
    ['maxTokens of 0', 'maxTokens', { maxTokens: 0 }],
    ['range past the text', 'range', { range: { start: 0, end: 4 } }],
    ['range backwards', 'range', { range: { start: 2, end: 1 } }],
    ['at past the text', 'at', { at: 4 }],
    ['negative at', 'at', { at: -1 }],
    ['unknown device', 'device', { device: 'tpu' }],
  ];
  for (const [name, field, patch] of cases) {
    const checked = check(DependenciesParamsSchema, { ...params(), ...patch });
    assert.equal(checked.ok ? undefined : checked.message.split(':')[0], field, name);
  }
});
