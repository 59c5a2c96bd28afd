/**
 * @file `model-lens moe routing-stats`: the statistics of router logits from a JSON file against a hand-worked case,
 * the text table, and every kind of bad input refused with exit 2 and one line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cliRefuses, ensureBuilt, runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'lens-routing-cli-'));
const file = (name: string, content: string): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const ln = Math.log;

before(() => ensureBuilt());

test('routing-stats --json: a dead expert worked by hand (E = 3, k = 1)', () => {
  // Rows ln[2, 1, 1] and ln[1, 2, 1]: p = [.5, .25, .25] and [.25, .5, .25]; top-1 = 0 then 1; expert 2 is dead.
  // P̄ = [.375, .375, .25]; aux = 3·(.5·.375 + .5·.375) = 1.125; cv = √2/2; entropy = ln 2 / ln 3.
  const logits = file(
    'dead.json',
    JSON.stringify([
      [ln(2), 0, 0],
      [0, ln(2), 0],
    ]),
  );
  const r = runCli('moe', 'routing-stats', logits, '--top-k', '1', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out).sort(), [
    'auxLoss',
    'counts',
    'cv',
    'dead',
    'entropy',
    'fractions',
    'gates',
    'meanProb',
    'topk',
  ]);
  assert.deepEqual(out['topk'], [[0], [1]]);
  assert.deepEqual(out['gates'], [[1], [1]]);
  assert.deepEqual(out['counts'], [1, 1, 0]);
  assert.deepEqual(out['dead'], [2]);
  const near = (key: string, x: number): void =>
    assert.ok(Math.abs((out[key] as number) - x) < 1e-9, `${key}: ${String(out[key])} ≠ ${x}`);
  near('auxLoss', 1.125);
  near('cv', Math.SQRT2 / 2);
  near('entropy', ln(2) / ln(3));
  (out['meanProb'] as number[]).forEach((p, e) => assert.ok(Math.abs(p - [0.375, 0.375, 0.25][e]!) < 1e-9));
});

test('routing-stats without --json prints a table per expert and the summaries; k defaults to 2', () => {
  const r = runCli('moe', 'routing-stats', file('t.json', '[[0, 0, 0, 0], [3, 2, 1, 0]]'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 tokens, 4 experts, top-2$/mu);
  // Tokens → {0, 1} and {0, 1}: experts 2 and 3 are dead.
  assert.match(r.stdout, /^ {5}0 {8}2 {3}50\.0%/mu);
  assert.match(r.stdout, /dead experts: 2, 3$/mu);
});

test('routing-stats with one expert: every token to it, entropy defined as 1', () => {
  const r = runCli('moe', 'routing-stats', file('one.json', '[[2.5], [-1]]'), '--top-k', '1');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 tokens, 1 expert, top-1$/mu);
  assert.match(r.stdout, /aux loss 1\.0000 \(1 = uniform\) {2}CV 0\.0000 {2}entropy 1\.0000 {2}dead experts: none/u);
});

test('routing-stats refuses bad input with exit 2 and one line', () => {
  const cases: [string[], RegExp][] = [
    [[file('bad.json', '[[1, 2], [3')], /is not JSON/u],
    [[file('obj.json', '{"rows": []}')], /empty or not an array/u],
    [[file('empty.json', '[]')], /empty or not an array/u],
    [[file('ragged.json', '[[1, 2, 3], [1, 2]]')], /Row 1 of the router logits has 2 numbers, but row 0 has 3/u],
    [[file('inf.json', '[[1, 1e999]]')], /Row 0, expert 1 .* not a finite number/u],
    [[file('str.json', '[[1, "a"]]')], /Row 0, expert 1 .* not a finite number/u],
    [[file('flat.json', '[1, 2]')], /Row 0 of the router logits is not an array/u],
    [[file('k.json', '[[1, 2]]'), '--top-k', '3'], /--top-k 3 is more than the 2 experts/u],
    [[file('k0.json', '[[1, 2]]'), '--top-k', '0'], /--top-k must be an integer from 1/u],
    [[join(dir, 'nowhere.json')], /does not exist/u],
    [[], /No input file given/u],
  ];
  for (const [args, pattern] of cases) cliRefuses(['moe', 'routing-stats', ...args], pattern);
});

test('routing-stats refuses a file over its size limit before reading it', () => {
  const big = join(dir, 'big.json');
  // A sparse file one byte over the limit: its size is refused before any of it is read.
  writeFileSync(big, '[');
  truncateSync(big, 64_000_001);
  cliRefuses(['moe', 'routing-stats', big], /bytes, more than 64000000\. Give fewer rows/u);
});
