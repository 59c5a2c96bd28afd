import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { poissonArrivals } from '../../../src/core/formats/traces/arrivals';
import { readTrace } from '../../../src/core/formats/traces/index';
import { FIXTURES } from '../helpers';

const SERVING = join(FIXTURES, 'serving');
const list = (a: ArrayLike<number>) => Array.from(a);
const temp = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-bench-')), name);
  writeFileSync(path, text);
  return path;
};

test("vLLM's --save-result file: failed requests left out, Poisson arrivals at its rate, noted", async () => {
  const read = await readTrace(join(SERVING, 'vllm-result.json'));
  assert.equal(read.format, 'vllm');
  assert.deepEqual(list(read.workload.size), [5, 15, 50, 60]);
  assert.deepEqual(list(read.workload.prompt), [10, 30, 40, 50]);
  assert.deepEqual(list(read.workload.arrival), list(poissonArrivals(4, 4)));
  assert.deepEqual(read.notes, [
    "vLLM's result records no arrival times: Poisson arrivals were drawn (seed 0) at its request rate, " +
      '4 per second.',
    '1 failed request (with an error) left out.',
  ]);
});

test("SGLang's --output-file: its last run is read; a bare Infinity rate sends all at 0", async () => {
  const read = await readTrace(join(SERVING, 'sglang-runs.jsonl'));
  assert.equal(read.format, 'sglang');
  assert.deepEqual(list(read.workload.size), [3, 4, 5]);
  assert.deepEqual(list(read.workload.prompt), [16, 16, 16]);
  assert.deepEqual(list(read.workload.arrival), [0, 0, 0]);
  assert.match(read.notes[0] ?? '', /holds 2 benchmark runs \(one per line\): the last one is read/u);
  assert.match(read.notes[1] ?? '', /request rate was inf, so every request arrives at 0 s/u);
  assert.match(read.notes[2] ?? '', /capped concurrency at 64/u);
});

test('no rate: arrivals at completed / duration; burstiness other than 1 said to be ignored', async () => {
  const result = { output_lens: [4, 4, 4, 4], input_lens: [1, 1, 1, 1], duration: 2, burstiness: 0.5 };
  const read = await readTrace(temp('r.json', JSON.stringify(result)));
  assert.deepEqual(list(read.workload.arrival), list(poissonArrivals(4, 2)));
  assert.match(read.notes[0] ?? '', /requests \/ duration, 2\.000\/s/u);
  assert.match(read.notes[1] ?? '', /burstiness \(0\.5, gamma gaps\) is not reproduced/u);
});

test('benchmark results: a zero output length without an error is refused naming the request', async () => {
  const result = { request_rate: 1, output_lens: [4, 0], input_lens: [1, 1], errors: ['', ''] };
  await assert.rejects(readTrace(temp('r.json', JSON.stringify(result))), (e: Error) => {
    assert.match(e.message, /^Request 2 of .*r\.json has output length 0\./u);
    return true;
  });
  const lens = { request_rate: 1, output_lens: [4, 3], input_lens: [1] };
  await assert.rejects(readTrace(temp('r.json', JSON.stringify(lens))), /has 1 input_lens but 2 output_lens/u);
});

test('newer vLLM results: arrivals are start_times less queue_times, sorted and shifted to 0', async () => {
  const result = {
    request_rate: 4,
    input_lens: [1, 2, 3, 4],
    output_lens: [5, 6, 7, 8],
    start_times: [10.5, 10, 10.2, 11],
    queue_times: [0.5, 0, 0, 0],
    errors: ['', '', 'timeout', ''],
  };
  const read = await readTrace(temp('new.json', JSON.stringify(result)));
  // Requests 1 and 2 both arrive at 10.0 s (1's start less its 0.5 s wait); 3 failed; 4 arrives at 11 s.
  assert.deepEqual(list(read.workload.arrival), [0, 0, 1]);
  assert.deepEqual(list(read.workload.size), [5, 6, 8]);
  assert.deepEqual(list(read.workload.prompt), [1, 2, 4]);
  assert.match(read.notes[0] ?? '', /start_times less its queue_times, shifted so that the first is at 0 s/u);
  assert.match(read.notes[1] ?? '', /1 failed request/u);
});
