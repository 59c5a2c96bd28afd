import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { readTrace } from '../../../src/core/formats/traces/index';

const temp = (name: string, content: string | Uint8Array) => {
  const path = join(mkdtempSync(join(tmpdir(), 'lens-trace-')), name);
  writeFileSync(path, content);
  return path;
};

/** Expects `readTrace` to refuse `content` with `code` and a message matching `pattern`. */
async function refuses(name: string, content: string | Uint8Array, pattern: RegExp, code = 'bad-input') {
  await assert.rejects(readTrace(temp(name, content)), (e: unknown) => {
    assert.ok(e instanceof LensError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');

test('unsorted arrival times are refused naming the line', async () => {
  const rows = jsonl(
    { arrival: 0, output_tokens: 3 },
    { arrival: 2, output_tokens: 3 },
    { arrival: 1, output_tokens: 3 },
  );
  await refuses('t.jsonl', rows, /^Line 3 of .*t\.jsonl arrives at 1, before the request above it \(2\).*Sort/u);
});

test('negative times, zero and missing output lengths are refused naming the line', async () => {
  await refuses('t.csv', 'arrival,output_tokens\n0,3\n-1,4\n', /^Line 3 of .* has a negative arrival time \(-1\)/u);
  await refuses('t.csv', 'arrival,output_tokens\n0,3\n1,0\n', /^Line 3 of .* has output length 0\./u);
  await refuses('t.csv', 'arrival,output_tokens\n0,3\n1,\n', /^Line 3 of .* has no output length/u);
  await refuses('t.jsonl', jsonl({ arrival: 0, output_len: 3 }, { arrival: 1 }), /^Line 2 of .* has no output length/u);
});

test('NaN: bare in JSONL, as text in CSV, in a refined array', async () => {
  await refuses('t.jsonl', '{"arrival": 0, "output_tokens": NaN}', /^Line 1 of .* holds NaN or Infinity/u);
  await refuses('t.csv', 'arrival,output_tokens\n0,nan\n', /^Line 2 of .* has output length NaN, not a finite/u);
  await refuses('t.csv', 'arrival,output_tokens\nx,3\n', /^Line 2 of .* has arrival time NaN, not a finite/u);
  await refuses('t.jsonl', '{"output_tokens": 3, "refined": [1, "a"]}', /^Line 1 of .* refined column that is not/u);
});

test('no output column: the header (or first object) is refused, listing the names accepted', async () => {
  await refuses(
    't.csv',
    'arrival,tokens\n0,3\n',
    /^The header of .* has no output-length column.*output_tokens, output_len/u,
  );
  await refuses(
    't.jsonl',
    '{"arrival": 0, "len": 3}',
    /^Line 1 of .* has no output-length column \(its columns: arrival, len\)/u,
  );
});

test('columns present on some lines only; ragged CSV rows; an open quote', async () => {
  await refuses(
    't.jsonl',
    jsonl({ output_tokens: 3 }, { arrival: 1, output_tokens: 3 }),
    /^Line 2 .* has an arrival time while the first/u,
  );
  await refuses(
    't.jsonl',
    jsonl({ arrival: 0, output_tokens: 3 }, { output_tokens: 3 }),
    /^Line 2 .* has no arrival time/u,
  );
  await refuses('t.csv', 'arrival,output_tokens\n0,3,4\n', /^Line 2 of .* has 3 cells where the header has 2/u);
  await refuses('t.csv', 'arrival,output_tokens,refined\n0,3,"[1, 2\n', /^Line 2 of .* leaves a quote open/u);
});

test('binary, empty and blank files; a file over the size limit; more requests than the limit', async () => {
  await refuses('t.jsonl', new Uint8Array([123, 0, 1, 2]), /is a binary file \(it contains NUL bytes\)/u);
  await refuses('t.csv', new Uint8Array([0x6f, 0x75, 0xff, 0xfe, 0x0a]), /is a binary file \(it is not valid UTF-8\)/u);
  await refuses('t.jsonl', '', /is empty: there are no requests in it/u);
  await refuses('t.jsonl', '\n  \n', /holds only blank space/u);
  await refuses('t.csv', 'arrival,output_tokens\n', /has no requests in it/u);
  const path = temp('t.csv', 'arrival,output_tokens\n0,3\n1,3\n2,3\n');
  await assert.rejects(readTrace(path, { maxBytes: 10 }), /more than the trace size limit of 10 bytes/u);
  await assert.rejects(readTrace(path, { maxJobs: 2 }), /more than 2 requests, the trace limit/u);
  await refuses('t.json', '{"requests": []}', /is neither a benchmark result \(no output_lens\) nor an array/u);
});

test('a cancelled read stops with `cancelled`', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(readTrace(temp('t.csv', 'arrival,output_tokens\n0,3\n'), { signal: controller.signal }), {
    code: 'cancelled',
  });
});
