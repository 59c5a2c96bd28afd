/**
 * @file The text log readers: CSV and TSV (W&B's chart and runs-table exports recognised), JSONL, and their
 * refusals of bad input, each naming the file and the row or line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { cellValue } from '../../../src/core/formats/logs/common';
import { readLog, type LogValue } from '../../../src/core/formats/logs/index';
import { FIXTURES } from '../helpers';

const SCALING = join(FIXTURES, 'scaling');
const dir = mkdtempSync(join(tmpdir(), 'lens-logs-'));
/** Writes `text` to a fresh file named `name` in the temporary folder; returns its path. */
function log(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const lens = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && pattern.test(e.message);

test('a CSV log: numbers, texts, blanks as null, NaN and inf kept as numbers, rows named', async () => {
  const path = log('plain.csv', 'run,N,loss\r\nA,1e6,3.5\nB,2000000,NaN\n\nC,, inf \n"D, the big",5,"-2.5"\n');
  const table = await readLog(path);
  assert.equal(table.format, 'csv');
  assert.deepEqual(table.columns, ['run', 'N', 'loss']);
  assert.deepEqual(table.rows, [
    { run: 'A', N: 1e6, loss: 3.5 },
    { run: 'B', N: 2e6, loss: NaN },
    { run: 'C', N: null, loss: Infinity },
    { run: 'D, the big', N: 5, loss: -2.5 },
  ]);
  assert.deepEqual(table.where, ['row 1', 'row 2', 'row 3', 'row 4']);
  assert.equal(table.source, path);
});

test('a TSV log, by its extension or by the tabs of its first line', async () => {
  for (const name of ['runs.tsv', 'runs.txt']) {
    const table = await readLog(log(name, 'name\tparams\tval_loss\nx\t10\t2.25\n'));
    assert.equal(table.format, 'tsv');
    assert.deepEqual(table.rows, [{ name: 'x', params: 10, val_loss: 2.25 }]);
  }
});

test("a W&B chart export is reshaped to a row per run and step; __MIN/__MAX dropped; ' - ' in run names", async () => {
  const table = await readLog(join(SCALING, 'wandb-chart.csv'));
  assert.equal(table.format, 'wandb');
  assert.deepEqual(table.columns, ['run', 'Step', 'train/loss']);
  assert.deepEqual(table.rows, [
    { run: 'code-s1', Step: 0, 'train/loss': 5.5 },
    { run: 'code-s1', Step: 100, 'train/loss': 3.1 },
    { run: 'code-s1', Step: 200, 'train/loss': 2.9 },
    { run: 'lr 3e-4 - big', Step: 0, 'train/loss': 5.25 },
    { run: 'lr 3e-4 - big', Step: 200, 'train/loss': 3 },
  ]);
  assert.equal(table.where[4], 'run lr 3e-4 - big, Step 200 (row 3)');
});

test("a W&B runs-table export is kept a row per run, marked 'wandb'", async () => {
  const table = await readLog(join(SCALING, 'wandb-runs.csv'));
  assert.equal(table.format, 'wandb');
  assert.equal(table.rows.length, 2);
  assert.deepEqual(
    table.rows.map((r) => [r['Name'], r['params'], r['dataset'], r['train/loss']]),
    [
      ['code-n1-d1', 1.25e6, 'code', 2.7],
      ['prose-n1-d1', 1.25e6, 'prose', 3],
    ],
  );
});

test('a JSONL log: nested objects flattened, bare NaN/Infinity read, columns in order of appearance', async () => {
  const text =
    '{"step": 1, "train": {"loss": 3.5}}\n\n{"step": 2, "train": {"loss": NaN}, "lr": -Infinity, "ok": true}\n';
  const table = await readLog(log('log.jsonl', text));
  assert.equal(table.format, 'jsonl');
  assert.deepEqual(table.columns, ['step', 'train/loss', 'lr', 'ok']);
  assert.deepEqual(table.rows, [
    { step: 1, 'train/loss': 3.5, lr: null, ok: null },
    { step: 2, 'train/loss': NaN, lr: -Infinity, ok: 1 },
  ]);
  assert.deepEqual(table.where, ['line 1', 'line 3']);
  const sniffed = await readLog(log('log.txt', '{"loss": 2}\n'));
  assert.equal(sniffed.format, 'jsonl');
});

test("a column named __proto__ is renamed, not taken as the rows' prototype", async () => {
  const csvTable = await readLog(log('proto.csv', '__proto__,loss\n1,2\n'));
  assert.deepEqual(csvTable.columns, ['__proto__ (renamed)', 'loss']);
  assert.deepEqual(csvTable.rows, [{ '__proto__ (renamed)': 1, loss: 2 }]);
  const jsonTable = await readLog(log('proto.jsonl', '{"__proto__": {"x": 1}, "loss": 2}\n'));
  assert.deepEqual(jsonTable.rows, [{ '__proto__ (renamed)/x': 1, loss: 2 }]);
  assert.equal(Object.getPrototypeOf(jsonTable.rows[0]), Object.prototype);
});

test('bad input is refused naming the file and the row or line', async () => {
  const refusals: [string, string | Uint8Array, RegExp][] = [
    ['empty.csv', '', /empty\.csv is empty/u],
    ['blank.csv', ' \n\n ', /blank\.csv holds only blank space/u],
    ['binary.csv', new Uint8Array([0x6c, 0, 1, 2, 0x0a]), /binary\.csv is a binary file \(it contains NUL/u],
    ['latin1.csv', new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]), /latin1\.csv is a binary file \(it is not valid UTF-8/u],
    ['ragged.csv', 'a,b\n1,2\n3\n', /^Row 2 of .*ragged\.csv has 1 cells where the header has 2/u],
    ['words.csv', 'run,note\na,b\n', /words\.csv has no column of numbers \(its columns: run, note\)/u],
    ['header.csv', 'a,b\n', /header\.csv has a header but no rows/u],
    ['twice.csv', 'loss,loss\n1,2\n', /twice\.csv has two columns named "loss"/u],
    ['quote.csv', 'a,b\n1,"2\n', /^Row 1 of .*quote\.csv cannot be read/u],
    ['bad.jsonl', '{"a": 1}\n{"a": \n', /^Line 2 of .*bad\.jsonl is not JSON/u],
    ['array.jsonl', '{"a": 1}\n[1, 2]\n', /^Line 2 of .*array\.jsonl is not a JSON object/u],
  ];
  for (const [name, text, pattern] of refusals)
    await assert.rejects(readLog(log(name, text)), lens('bad-input', pattern), name);
});

test('a log over the size limit is refused before it is read; a cancelled read stops', async () => {
  const path = log('big.csv', `loss\n${'1\n'.repeat(100)}`);
  await assert.rejects(readLog(path, { maxBytes: 50 }), lens('too-long', /big\.csv is 205 bytes, more than the log/u));
  await assert.rejects(readLog(path, { signal: AbortSignal.abort() }), lens('cancelled', /cancelled/u));
  await assert.rejects(readLog(join(dir, 'missing.csv')), /ENOENT/u);
});

test('cell values: decimal numbers only (hex, binary and octal prefixes stay text), NaN and inf, blanks', () => {
  const cases: [string, LogValue][] = [
    ['1e5', 1e5],
    [' 3 ', 3],
    ['+.5', 0.5],
    ['-2.', -2],
    ['00', 0],
    ['0x10', '0x10'],
    ['0b1', '0b1'],
    ['0o7', '0o7'],
    ['-', '-'],
    ['.', '.'],
    ['1 2', '1 2'],
    ['12abc', '12abc'],
    ['NaN', NaN],
    ['-inf', -Infinity],
    ['Infinity', Infinity],
    ['  ', null],
    ['', null],
  ];
  for (const [raw, want] of cases) assert.deepEqual(cellValue(raw), want, JSON.stringify(raw));
});
