import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { test } from 'node:test';
import { readTrace } from '../../../src/core/formats/traces/index';

const LINES = 1_000_000;

/** Writes a JSONL trace of `LINES` requests: arrival i / 100 s, prompt i mod 50, output 1 + i mod 300. */
async function bigTrace(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-big-')), 'big.jsonl');
  const out = createWriteStream(path);
  for (let i = 0; i < LINES; i += 10_000) {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++)
      chunk += `{"arrival": ${j / 100}, "prompt_tokens": ${j % 50}, "output_tokens": ${1 + (j % 300)}}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** A signal that reads as aborted from its `after`-th look on: cancels a read part way. */
function abortsAfter(after: number): AbortSignal {
  let looks = 0;
  return {
    get aborted() {
      looks += 1;
      return looks > after;
    },
  } as AbortSignal;
}

test('a trace of a million lines streams into columns, and a read cancelled part way stops', async () => {
  const path = await bigTrace();
  const read = await readTrace(path);
  const w = read.workload;
  assert.equal(w.size.length, LINES);
  assert.equal(w.arrival[LINES - 1], (LINES - 1) / 100);
  assert.equal(w.prompt[123_457], 123_457 % 50);
  assert.equal(w.size[999_999], 1 + (999_999 % 300));
  await assert.rejects(readTrace(path, { signal: abortsAfter(3) }), { code: 'cancelled' });
});
