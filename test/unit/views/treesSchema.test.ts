import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToWebview } from '../../../webview/shared/validate';
import { MAX_TREE_DEPTH, isTreeNodeView, isTreesTraceResult } from '../../../webview/shared/validateTrees';
import type { TreeNodeView, TreesTraceResult } from '../../../src/shared/results';

const spot = { start: 10, end: 11, line: 2, character: 4 };

function tree(): TreeNodeView {
  return {
    node: 0, samples: 100, onPath: true, split: 'the token 2 back ≤ `(`', seen: '`)`', taken: 'no', source: spot,
    children: [
      { node: 1, samples: 40, onPath: false, split: 'the previous token is `;`', hidden: 12 },
      { node: 2, samples: 60, onPath: true, top: [{ text: '(', count: 50 }, { text: '\\n', count: 10 }] },
    ],
  };
}

function result(): TreesTraceResult {
  return {
    model: {
      modelId: 'm1', learner: 'cart', window: 16, features: 'tokens', tokens: 900, samples: 900, nodes: 11251,
      depth: 16, trainAccuracy: 0.5, seconds: 1.5, sources: ['a.ts'], skipped: [],
    },
    source: 'sample.ts', position: spot, predicted: '(', actual: '(',
    top: [{ text: '(', p: 0.7 }, { text: ';', p: 0.3 }],
    replayed: true, trees: [{ index: 0, root: tree() }], tested: [{ ...spot, label: 'the token 2 back: `)`' }],
  };
}

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Draft = Mutable<TreesTraceResult>;

/** A deep copy of the result with `edit` applied (edits break fields with `Reflect`, past the types). */
function broken(edit: (r: Draft) => void): unknown {
  const r = structuredClone(result()) as Draft;
  edit(r);
  return r;
}

function root(r: Draft): Mutable<TreeNodeView> {
  const t = r.trees[0];
  assert.ok(t);
  return t.root;
}

function child(r: Draft, i: number): Mutable<TreeNodeView> {
  const c = root(r).children?.[i];
  assert.ok(c);
  return c;
}

function chain(depth: number): TreeNodeView {
  let node: TreeNodeView = { node: depth, samples: 1, onPath: true, top: [] };
  for (let d = depth - 1; d >= 0; d--) node = { node: d, samples: 1, onPath: true, split: 's', children: [node] };
  return node;
}

test('a well-formed showTreeTrace message is accepted as is', () => {
  const message = { type: 'showTreeTrace', result: result() };
  assert.equal(parseToWebview(message), message);
  assert.ok(isTreesTraceResult(result()));
});

test('optional fields may be absent, and boosted trees may carry a class token', () => {
  assert.ok(isTreesTraceResult(broken((r) => delete r.actual)));
  assert.ok(isTreesTraceResult(broken((r) => (r.trees = []))));
  assert.ok(isTreesTraceResult(broken((r) => {
    r.model.learner = 'boosted';
    r.trees = r.trees.map((t) => ({ ...t, classToken: '(' }));
  })));
});

test('other messages still parse: status', () => {
  assert.ok(parseToWebview({ type: 'status', state: 'running', message: 'Tracing…' }));
});

test('malformed results are rejected', () => {
  const cases: [string, (r: Draft) => void][] = [
    ['missing replayed', (r) => Reflect.deleteProperty(r, 'replayed')],
    ['unknown learner', (r) => Reflect.set(r.model, 'learner', 'forest')],
    ['negative node count', (r) => (r.model.nodes = -1)],
    ['sources not strings', (r) => Reflect.set(r.model, 'sources', [1])],
    ['position end before start', (r) => (r.position = { ...spot, end: 3 })],
    ['predicted not a string', (r) => Reflect.set(r, 'predicted', 40)],
    ['probability above 1', (r) => (r.top = [{ text: '(', p: 1.5 }])],
    ['trees not an array', (r) => Reflect.set(r, 'trees', {})],
    ['tree index fractional', (r) => (r.trees = r.trees.map((t) => ({ ...t, index: 0.5 })))],
    ['tested without label', (r) => Reflect.set(r, 'tested', [spot])],
    ['taken not yes/no', (r) => Reflect.set(root(r), 'taken', 'maybe')],
    ['onPath missing', (r) => Reflect.deleteProperty(root(r), 'onPath')],
    ['three children', (r) => root(r).children?.push({ node: 9, samples: 1, onPath: false })],
    ['duplicate node ids', (r) => (child(r, 1).node = 1)],
    ['negative hidden', (r) => (child(r, 0).hidden = -3)],
    ['leaf count negative', (r) => (child(r, 1).top = [{ text: '(', count: -1 }])],
    ['bad source spot', (r) => Reflect.set(root(r), 'source', { start: 1, end: 2 })],
    ['seen not a string', (r) => Reflect.set(root(r), 'seen', 5)],
  ];
  for (const [name, edit] of cases) {
    assert.equal(isTreesTraceResult(broken(edit)), false, name);
    assert.equal(parseToWebview({ type: 'showTreeTrace', result: broken(edit) }), undefined, name);
  }
});

test('non-objects and wrong types are dropped', () => {
  for (const x of [null, 42, 'showTreeTrace', [], { type: 'showTreeTrace' }, { type: 'showTree', result: result() }]) {
    assert.equal(parseToWebview(x), undefined);
  }
});

test('tree depth is bounded, so a hostile message cannot exhaust the stack', () => {
  assert.ok(isTreeNodeView(chain(MAX_TREE_DEPTH)));
  assert.equal(isTreeNodeView(chain(MAX_TREE_DEPTH + 1)), false);
  assert.equal(isTreeNodeView(chain(100_000)), false);
});
