import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { graphItems, joinedThroughThird, parseEdges } from '../../../src/core/analyses/moeSweep/graphTask';
import { LensError } from '../../../src/core/errors';
import type { MoeSweepResult } from '../../../src/shared/moeSweep';
import { cliRefuses, ensureBuilt, runCli } from '../helpers';

const refused = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message);

test('edges are read from arrows, dashes, DOT and Mermaid lines; loops, repeats and other lines are dropped', () => {
  const text = [
    'graph TD',
    '  A --> B',
    '  "B" -> C [label="x"];',
    'C -- A',
    'a - a',
    'B -> A',
    'let x = 3;',
    'D — E — F',
  ].join('\n');
  const g = parseEdges(text);
  assert.deepEqual(g.names, ['A', 'B', 'C', 'a', 'D', 'E', 'F']);
  assert.deepEqual(g.edges, [
    [0, 1],
    [1, 2],
    [0, 2],
    [4, 5],
    [5, 6],
  ]);
});

test('a pair is joined through a third vertex exactly when they share a neighbour', () => {
  // a - b - c, and d - e: a and c share b; a and b share nothing (an edge is not a length-2 path); d and e neither.
  const g = parseEdges('a - b\nb - c\nd - e');
  assert.equal(joinedThroughThird(g, 0, 2), true);
  assert.equal(joinedThroughThird(g, 0, 1), false);
  assert.equal(joinedThroughThird(g, 3, 4), false);
  assert.equal(joinedThroughThird(g, 0, 3), false);
});

test('the tasks list every pair once, in the zoo path models’ prompt format, with the hand-worked answers', () => {
  const items = graphItems('cat -> dog\ndog -> emu\n', 'pets.dot');
  // cat → a, dog → b, emu → c; edges listed in both orientations as the models were trained.
  assert.deepEqual(items, [
    { prompt: 'ab ba bc cb|ab:', answer: 'n' },
    { prompt: 'ab ba bc cb|ac:', answer: 'y' },
    { prompt: 'ab ba bc cb|bc:', answer: 'n' },
  ]);
});

test('a file without edges, or with a graph larger than the models read, is refused saying what to do', () => {
  assert.throws(() => graphItems('just prose\nno arrows here\n', 'notes.txt'), refused(/notes\.txt holds no edges/u));
  const big = Array.from({ length: 9 }, (_, i) => `v${i} -> v${i + 1}`).join('\n');
  assert.throws(() => graphItems(big, 'big.dot'), refused(/10 vertices and 9 edges; .* at most 8 vertices and 8/u));
});

test('moe sweep --graph scores every path model on the file’s pairs; a file without edges exits 2', () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'lens-graph-'));
  writeFileSync(join(dir, 'edges.txt'), 'cat -> dog\ndog -> emu\nemu -> fox\n');
  writeFileSync(join(dir, 'prose.txt'), 'No graph in this file.\n');
  cliRefuses(['moe', 'sweep', '--graph', join(dir, 'prose.txt')], /prose\.txt holds no edges/u);
  const r = runCli('moe', 'sweep', '--graph', join(dir, 'edges.txt'), '--sample', '4', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout) as MoeSweepResult;
  assert.deepEqual(result.live?.graph, { source: 'edges.txt', items: 6 });
  for (const m of result.models) assert.equal(m.live?.items, m.task === 'paths' ? 6 : 4, m.name);
});
