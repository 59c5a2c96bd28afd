import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { harvestPairs, lookupTasks, pairLine } from '../../../src/core/analyses/copying/lookupPairs';
import { sampleStrings } from '../../../src/core/analyses/copying/sampler';
import { textSpans } from '../../../src/core/analyses/copying/textSpans';
import { readTokenizer } from '../../../src/core/model/readFiles';
import { MODELS } from '../helpers';

const bytes = readTokenizer(join(MODELS, 'lens-lm'));

test('text spans: every whole-token span of the length with ink, none only whitespace, none cuts a character', () => {
  const text = 'ab  é';
  // Byte tokens: a, b, ' ', ' ', and é as two bytes sharing the range [4, 5).
  const tokens = bytes.encode(text);
  assert.equal(tokens.length, 6);
  const all = textSpans(text, tokens, 2, 100, 1).sort();
  // Starts 0 'ab', 1 'b ', 2 '  ' (only whitespace: out), 3 ' ' + half of é (cuts it: out), 4 'é' (both bytes).
  assert.deepEqual(all, ['ab', 'b ', 'é']);
  assert.deepEqual(textSpans(text, tokens, 6, 10, 1), ['ab  é']);
  assert.deepEqual(textSpans('   ', bytes.encode('   '), 2, 10, 1), []);
});

test('text spans: seeded, distinct, and no more than asked', () => {
  const text = 'the quick brown fox jumps over the lazy dog';
  const tokens = bytes.encode(text);
  const a = textSpans(text, tokens, 5, 8, 7);
  assert.deepEqual(a, textSpans(text, tokens, 5, 8, 7));
  assert.notDeepEqual(a, textSpans(text, tokens, 5, 8, 8));
  assert.equal(a.length, 8);
  assert.ok(a.every((s) => s.length === 5 && text.includes(s)));
});

test('synthetic strings: uniform over the alphabet, of the length, the same for the same seed', () => {
  const s = sampleStrings('abcd', 12, 400, 3);
  assert.equal(s.length, 400);
  assert.ok(s.every((x) => /^[abcd]{12}$/u.test(x)));
  assert.deepEqual(s, sampleStrings('abcd', 12, 400, 3));
  assert.notDeepEqual(s, sampleStrings('abcd', 12, 400, 4));
  const counts = [...'abcd'].map((c) => s.join('').split(c).length - 1);
  // 4,800 draws, 1,200 expected per symbol, standard deviation 30: within 5 sigma.
  counts.forEach((n) => assert.ok(Math.abs(n - 1200) < 150, `${counts.join(',')}`));
});

test('lookup pairs: colon, equals and quoted keys, literal and identifier values, first value kept', () => {
  const text = [
    'port: 8080',
    'const host = "example.org";',
    '  "debug": true,',
    "export let mode = 'fast'",
    'port: 9090',
    'if (a == b) {',
    'x => y',
    'name: value with spaces',
    'ratio = 0.75',
  ].join('\n');
  assert.deepEqual(harvestPairs(text), [
    { name: 'port', value: '8080' },
    { name: 'host', value: '"example.org"' },
    { name: 'debug', value: 'true' },
    { name: 'mode', value: "'fast'" },
    { name: 'ratio', value: '0.75' },
  ]);
});

test('lookup tasks: the queried pair is listed, the listing fits the budget, the answer is its value', () => {
  const pairs = Array.from({ length: 10 }, (_, i) => ({ name: `k${i}`, value: String(100 + i) }));
  const cost = (p: { name: string; value: string }) => pairLine(p).length;
  const tasks = lookupTasks(pairs, 5, 2, cost, () => 45);
  assert.equal(tasks.length, 5);
  const queried = new Set<string>();
  for (const t of tasks) {
    const lines = t.prompt.split('\n');
    const query = lines.pop() ?? '';
    const name = query.replace(/:$/u, '');
    queried.add(name);
    const pair = pairs.find((p) => p.name === name);
    assert.equal(t.answer, ` ${pair?.value}`);
    assert.ok(lines.includes(`${name}: ${pair?.value}`));
    // Each line "kN: 10N\n" is 8 characters: 5 fit in 45.
    assert.equal(t.listed, 5);
    assert.equal(lines.length, 5);
  }
  assert.equal(queried.size, 5);
});
