import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readEvalSet, seededSample } from '../../../src/core/analyses/moeSweep/evalSet';
import { LensError } from '../../../src/core/errors';

/** A models folder whose moe-data/phonebook.json holds `text`. */
function withEvalFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'moe-eval-'));
  mkdirSync(join(dir, 'moe-data'));
  writeFileSync(join(dir, 'moe-data', 'phonebook.json'), text);
  return dir;
}

/** Expects reading the phone book of `dir` to fail with a one-line `bad-model` message matching `pattern`. */
async function refuses(dir: string, pattern: RegExp, maxBytes?: number): Promise<void> {
  await assert.rejects(readEvalSet(dir, 'phonebook', maxBytes), (e: unknown) => {
    assert.ok(e instanceof LensError, String(e));
    assert.equal(e.code, 'bad-model');
    assert.match(e.message, pattern);
    assert.match(e.message, /Rebuild it with the zoo recipe/);
    assert.ok(!e.message.includes('\n'), e.message);
    return true;
  });
}

const GOOD = { task: 'phonebook', description: 'names to numbers', items: [{ prompt: 'ab cd:', answer: '1234' }] };

test('a good eval set is read', async () => {
  const set = await readEvalSet(withEvalFile(JSON.stringify(GOOD)), 'phonebook');
  assert.deepEqual(set.items, GOOD.items);
});

test('bad eval files are refused with a clear message', async () => {
  await refuses(mkdtempSync(join(tmpdir(), 'moe-eval-')), /eval set .*phonebook\.json is missing/);
  await refuses(withEvalFile('{"task": "phonebook", "items": ['), /phonebook\.json is not JSON/);
  await refuses(withEvalFile(JSON.stringify({ ...GOOD, items: [{ prompt: 'x:' }] })), /items\.0\.answer/);
  await refuses(withEvalFile(JSON.stringify({ task: 'phonebook', description: '' })), /items/);
  await refuses(withEvalFile(JSON.stringify({ ...GOOD, items: [] })), /the eval set has no items/);
  await refuses(withEvalFile(JSON.stringify({ ...GOOD, task: 'paths' })), /holds the "paths" task, not phonebook/);
  // The size is checked before the file is read: 2 kB of valid JSON over a 1 kB limit.
  const big = JSON.stringify({ ...GOOD, items: Array.from({ length: 60 }, () => GOOD.items[0]) });
  assert.ok(big.length > 2000);
  await refuses(withEvalFile(big), /is \d+ bytes, more than the eval-set limit of 1024/, 1024);
});

test('the seeded sample is reproducible, distinct, and all items when asked for more', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const a = seededSample(items, 10, 7);
  assert.deepEqual(a, seededSample(items, 10, 7));
  assert.equal(new Set(a).size, 10);
  assert.notDeepEqual(a, seededSample(items, 10, 8));
  assert.deepEqual(
    [...seededSample(items, 80, 3)].sort((x, y) => x - y),
    items,
  );
  // Every item is drawn about equally often over seeds (a fair shuffle): each of 50 about 1000 · 10/50 = 200 times.
  const counts = new Array<number>(50).fill(0);
  for (let seed = 0; seed < 1000; seed++) for (const i of seededSample(items, 10, seed)) counts[i]!++;
  assert.ok(Math.min(...counts) > 140 && Math.max(...counts) < 260, counts.join(' '));
});
