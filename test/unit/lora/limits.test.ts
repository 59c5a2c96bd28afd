/**
 * Limits of task data (items, tokens per item) checked before a line is parsed, batch sizes bounded
 * by tokens, and cancellation honoured inside the evaluation and CAT learning loops.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { catLearn } from '../../../src/core/analyses/lora/catLearn';
import { loraGraphFeeds } from '../../../src/core/analyses/lora/evaluate';
import { adaptersRead, loraBaseOpen, type LoraBase } from '../../../src/core/analyses/lora/loraSources';
import {
  answerLosses,
  batchesByLength,
  batchRows,
  BATCH_TOKENS,
  greedyAnswers,
} from '../../../src/core/analyses/lora/taskBatch';
import { parseTaskJsonl, type TaskItem } from '../../../src/core/analyses/lora/taskData';
import { LensError } from '../../../src/core/errors';
import { countedSession, ensureBuilt, MODELS, ROOT } from '../helpers';

const line = (prompt: string, answer: string): string => JSON.stringify({ prompt, answer });
const code = (c: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === c && pattern.test(e.message);

test('a JSONL line null is a bad-input error naming the line', () => {
  const text = `${line('1+1=', '2')}\nnull\n`;
  assert.throws(() => parseTaskJsonl(text, 'f.jsonl'), code('bad-input', /^f\.jsonl line 2 needs string fields/));
});

test('an item longer than --max-length tokens is refused naming the line, the limit and the flag', () => {
  // "12345" + "678" = 8 bytes, + BOS + stop = 10 tokens.
  const text = `${line('a', 'b')}\n\n${line('12345', '678')}\n`;
  assert.equal(parseTaskJsonl(text, 'f.jsonl', { maxLength: 10 }).length, 2);
  assert.throws(
    () => parseTaskJsonl(text, 'f.jsonl', { maxLength: 9 }),
    code('too-long', /f\.jsonl line 3 is 10 tokens .*limit of 9 \(--max-length\).*raise --max-length/),
  );
  // A 100,000-character prompt is refused by its line's size, before JSON.parse.
  const huge = line('x'.repeat(100_000), '1');
  assert.throws(
    () => parseTaskJsonl(huge, 'h.jsonl', { maxLength: 32 }),
    code('too-long', /h\.jsonl line 1 is 100026 characters.*--max-length/),
  );
});

test('more than --max-items items are refused naming the flag', () => {
  const text = Array.from({ length: 4 }, () => line('a', 'b')).join('\n');
  assert.equal(parseTaskJsonl(text, 'f.jsonl', { maxItems: 4 }).length, 4);
  assert.throws(
    () => parseTaskJsonl(text, 'f.jsonl', { maxItems: 3 }),
    code('too-long', /more than 3 items.*--max-items/),
  );
});

test('batches hold at most BATCH_TOKENS tokens (one row alone when longer) and cover every item once', () => {
  assert.equal(BATCH_TOKENS, 512);
  assert.equal(batchRows(8), 64);
  assert.equal(batchRows(10), 51);
  assert.equal(batchRows(600), 1);
  const lengths = [...new Array<number>(100).fill(10), 600, 600, 30];
  const batches = batchesByLength(lengths);
  assert.deepEqual(
    batches.map((b) => b.length),
    [51, 49, 1, 1, 1],
  );
  assert.deepEqual(
    batches.flat().sort((a, b) => a - b),
    lengths.map((_, i) => i),
  );
  // Greedy decoding grows rows by up to maxNew tokens: 10 + 16 = 26 → 19 rows.
  assert.equal(batchesByLength(new Array<number>(20).fill(10), 16)[0]?.length, 19);
});

let base: LoraBase;
before(async () => {
  base = await loraBaseOpen(MODELS, 'lora-base', false);
});
after(async () => {
  await base.session.release();
});

/** Items of 12 different lengths: 12 batches at least. */
const items: TaskItem[] = Array.from({ length: 12 }, (_, i) => ({ prompt: 'x'.repeat(i + 1), answer: '1' }));
const isCancelled = (e: unknown) => e instanceof LensError && e.code === 'cancelled';

test('a cancel during the answer losses stops before the next batch', async () => {
  const controller = new AbortController();
  const c = countedSession(base.session, 2, controller);
  const lora = loraGraphFeeds(base.session, []);
  await assert.rejects(answerLosses(c.session, items, lora, { bos: base.bos, signal: controller.signal }), isCancelled);
  assert.equal(c.runs(), 2, 'no pass after the cancel');
});

test('a cancel during greedy decoding stops before the next step', async () => {
  const controller = new AbortController();
  const c = countedSession(base.session, 3, controller);
  const lora = loraGraphFeeds(base.session, []);
  const prompts = items.map((it) => it.prompt);
  await assert.rejects(
    greedyAnswers(c.session, prompts, lora, { bos: base.bos, signal: controller.signal }),
    isCancelled,
  );
  assert.equal(c.runs(), 3);
});

test('a cancel during CAT learning stops inside the step: from the step callback, and after a few passes', async () => {
  const adapters = (await adaptersRead(MODELS, ['lora-arith', 'lora-words'], false)).map((a) => a.adapter);
  const dev = items.slice(0, 3);
  const fromStep = new AbortController();
  const c = countedSession(base.session, Infinity, fromStep);
  let steps = 0;
  let runsAtAbort = -1;
  const onStep = (): void => {
    steps++;
    runsAtAbort = c.runs();
    fromStep.abort();
  };
  const learn = catLearn(c.session, adapters, dev, { bos: base.bos }, { steps: 5, signal: fromStep.signal, onStep });
  await assert.rejects(learn, isCancelled);
  assert.equal(steps, 1);
  assert.equal(c.runs(), runsAtAbort, 'no pass after the cancel');
  // Mid-gradient: the 7th pass is inside step 1's finite differences (1 loss + 12 gradient evaluations).
  const midStep = new AbortController();
  const d = countedSession(base.session, 7, midStep);
  const again = catLearn(d.session, adapters, dev, { bos: base.bos }, { steps: 5, signal: midStep.signal });
  await assert.rejects(again, isCancelled);
  assert.equal(d.runs(), 7);
});

test('CLI: lora eval refuses a 3,000-byte prompt naming --max-length (the base context, 32 tokens)', () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'lens-lora-limits-'));
  writeFileSync(join(dir, 'long.jsonl'), `${line('x'.repeat(3_000), '1')}\n`);
  writeFileSync(join(dir, 'null.jsonl'), `${line('a', 'b')}\nnull\n`);
  const cli = (data: string) =>
    spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'lora', 'eval', '--adapters', 'lora-arith', '--base', 'lora-base', '--data', data],
      { encoding: 'utf8' },
    );
  const long = cli(join(dir, 'long.jsonl'));
  assert.equal(long.status, 2, long.stderr);
  assert.match(long.stderr, /line 1 is 3026 characters, over what an item of 32 tokens takes \(--max-length\)/u);
  const nul = cli(join(dir, 'null.jsonl'));
  assert.equal(nul.status, 2, nul.stderr);
  assert.match(nul.stderr, /line 2 needs string fields/u);
});
