import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToWebviewSchema } from '../../../src/shared/messages';
import { check } from '../../../src/shared/schema';
import {
  DrawnTreeSchema,
  MAX_TREE_DEPTH,
  MAX_TREE_NODES,
  treesTraceRequest,
  TreesTraceResultSchema,
  type TreeNodeView,
  type TreesTraceResult,
} from '../../../src/shared/trees';

/** The check's verdict: 'ok', or the message naming the wrong field. */
const verdict = (x: unknown): string => {
  const c = check(TreesTraceResultSchema, x);
  return c.ok ? 'ok' : c.message;
};
const isTree = (x: unknown): boolean => check(DrawnTreeSchema, x).ok;

const spot = { start: 10, end: 11, line: 2, character: 4 };

function tree(): TreeNodeView {
  return {
    node: 0,
    samples: 100,
    onPath: true,
    split: 'the token 2 back ≤ `(`',
    seen: '`)`',
    taken: 'no',
    source: spot,
    children: [
      { node: 1, samples: 40, onPath: false, split: 'the previous token is `;`', hidden: 12 },
      {
        node: 2,
        samples: 60,
        onPath: true,
        top: [
          { text: '(', count: 50 },
          { text: '\\n', count: 10 },
        ],
      },
    ],
  };
}

function result(): TreesTraceResult {
  return {
    model: {
      modelId: 'm1',
      learner: 'cart',
      window: 16,
      features: 'tokens',
      tokens: 900,
      samples: 900,
      nodes: 11251,
      depth: 16,
      trainAccuracy: 0.5,
      seconds: 1.5,
      sources: ['a.ts'],
      skipped: [],
    },
    source: 'sample.ts',
    position: spot,
    predicted: '(',
    actual: '(',
    top: [
      { text: '(', p: 0.7 },
      { text: ';', p: 0.3 },
    ],
    replayed: true,
    trees: [{ index: 0, root: tree() }],
    tested: [{ ...spot, label: 'the token 2 back: `)`' }],
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

/** A complete binary tree of `depth` levels below the root, node ids in heap order. */
function complete(depth: number, id = 0): TreeNodeView {
  if (depth === 0) return { node: id, samples: 1, onPath: false, top: [] };
  const children = [complete(depth - 1, 2 * id + 1), complete(depth - 1, 2 * id + 2)];
  return { node: id, samples: 1, onPath: false, split: 's', children };
}

function chain(depth: number): TreeNodeView {
  let node: TreeNodeView = { node: depth, samples: 1, onPath: true, top: [] };
  for (let d = depth - 1; d >= 0; d--) node = { node: d, samples: 1, onPath: true, split: 's', children: [node] };
  return node;
}

test('a well-formed trace is accepted as is, and its show message by the generic schema', () => {
  assert.equal(verdict(result()), 'ok');
  const checked = check(TreesTraceResultSchema, result());
  assert.ok(checked.ok);
  assert.deepEqual(checked.value, result());
  const message = { type: 'show', kind: treesTraceRequest.name, result: result(), source: 'sample.ts' };
  assert.ok(check(ToWebviewSchema, message).ok);
  assert.equal(treesTraceRequest.result, TreesTraceResultSchema, 'the view checks shown results by the kind');
});

test('optional fields may be absent, and boosted trees may carry a class token', () => {
  assert.equal(verdict(broken((r) => delete r.actual)), 'ok');
  assert.equal(verdict(broken((r) => (r.trees = []))), 'ok');
  assert.equal(
    verdict(
      broken((r) => {
        r.model.learner = 'boosted';
        r.trees = r.trees.map((t) => ({ ...t, classToken: '(' }));
      }),
    ),
    'ok',
  );
});

test('malformed results are rejected, naming the wrong field', () => {
  const cases: [string, (r: Draft) => void, RegExp][] = [
    ['missing replayed', (r) => Reflect.deleteProperty(r, 'replayed'), /^replayed:/u],
    ['unknown learner', (r) => Reflect.set(r.model, 'learner', 'forest'), /^model\.learner:/u],
    ['negative node count', (r) => (r.model.nodes = -1), /^model\.nodes:/u],
    ['sources not strings', (r) => Reflect.set(r.model, 'sources', [1]), /^model\.sources\.0:/u],
    ['position end before start', (r) => (r.position = { ...spot, end: 3 }), /^position: the end is before the start/u],
    ['predicted not a string', (r) => Reflect.set(r, 'predicted', 40), /^predicted:/u],
    ['probability above 1', (r) => (r.top = [{ text: '(', p: 1.5 }]), /^top\.0\.p:/u],
    ['trees not an array', (r) => Reflect.set(r, 'trees', {}), /^trees:/u],
    ['tree index fractional', (r) => (r.trees = r.trees.map((t) => ({ ...t, index: 0.5 }))), /^trees\.0\.index:/u],
    ['tested without label', (r) => Reflect.set(r, 'tested', [spot]), /^tested\.0\.label:/u],
    ['tested end before start', (r) => (r.tested = [{ ...spot, end: 3, label: 'x' }]), /^tested\.0: the end/u],
    ['taken not yes/no', (r) => Reflect.set(root(r), 'taken', 'maybe'), /^trees\.0\.root\.taken:/u],
    ['onPath missing', (r) => Reflect.deleteProperty(root(r), 'onPath'), /^trees\.0\.root\.onPath:/u],
    ['three children', (r) => root(r).children?.push({ node: 9, samples: 1, onPath: false }), /root\.children:/u],
    ['duplicate node ids', (r) => (child(r, 1).node = 1), /^trees\.0\.root: .*node id twice/u],
    ['negative hidden', (r) => (child(r, 0).hidden = -3), /^trees\.0\.root\.children\.0\.hidden:/u],
    ['leaf count negative', (r) => (child(r, 1).top = [{ text: '(', count: -1 }]), /children\.1\.top\.0\.count:/u],
    ['bad source spot', (r) => Reflect.set(root(r), 'source', { start: 1, end: 2 }), /^trees\.0\.root\.source\.line:/u],
    ['seen not a string', (r) => Reflect.set(root(r), 'seen', 5), /^trees\.0\.root\.seen:/u],
  ];
  for (const [name, edit, field] of cases) assert.match(verdict(broken(edit)), field, name);
});

test('non-objects are rejected', () => {
  for (const x of [null, 42, 'showTreeTrace', [], { type: 'showTreeTrace' }]) assert.notEqual(verdict(x), 'ok');
});

test('tree depth and size are bounded, so a hostile message cannot exhaust the stack', () => {
  assert.ok(isTree(chain(MAX_TREE_DEPTH)));
  assert.equal(isTree(chain(MAX_TREE_DEPTH + 1)), false);
  assert.equal(isTree(chain(100_000)), false);
  assert.ok(isTree(complete(10)), `${2 ** 11 - 1} nodes pass`);
  assert.equal(isTree(complete(15)), false, `${2 ** 16 - 1} nodes are more than ${MAX_TREE_NODES}`);
});
