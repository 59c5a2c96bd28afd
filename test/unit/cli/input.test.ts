import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { fileLimit, maxFileBytes, readInput, tokenLimit } from '../../../src/cli/input';
import { defaultMaxTokens, fileSizeSetting, tooLargeFile } from '../../../src/core/text/fileSize';

test('a file over 16 bytes per token of --max-tokens is refused by its size, before it is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-input-'));
  const big = join(dir, 'big.txt');
  writeFileSync(big, '');
  truncateSync(big, 10 * 1024 * 1024); // 10 MB of NUL bytes: read, it would be refused as binary instead
  await assert.rejects(
    readInput(big, '', tokenLimit(16384)),
    (e) =>
      e instanceof LensError &&
      e.code === 'too-long' &&
      /10485760 bytes, more than 262144 \(16 bytes per token of --max-tokens 16384\)/u.test(e.message),
  );
  const small = join(dir, 'small.txt');
  writeFileSync(small, 'x'.repeat(1600));
  assert.equal((await readInput(small, '', tokenLimit(100))).length, 1600);
  writeFileSync(small, 'x'.repeat(1601));
  await assert.rejects(readInput(small, '', tokenLimit(100)), (e) => e instanceof LensError && e.code === 'too-long');
});

test('--max-file-size (MB) limits the file read, before reading, and the token limit follows it', async () => {
  assert.equal(maxFileBytes(undefined), 4 * 1024 * 1024);
  assert.equal(maxFileBytes('0.5'), 524288);
  for (const bad of ['0', '-1', 'x', '5000', true])
    assert.throws(
      () => maxFileBytes(bad),
      (e) => e instanceof LensError && e.code === 'bad-input',
    );
  assert.equal(defaultMaxTokens(maxFileBytes(undefined)), 4194304); // one token per byte
  // 1 MB of code is within the defaults (the old default of 16,384 tokens refused 256 KiB and more).
  const limit = fileLimit(maxFileBytes(undefined), defaultMaxTokens(maxFileBytes(undefined)));
  assert.equal(limit.bytes, 4194304);
  const dir = mkdtempSync(join(tmpdir(), 'lens-input-'));
  const big = join(dir, 'big.txt');
  writeFileSync(big, '');
  truncateSync(big, 2 * 1024 * 1024); // NUL bytes: read, it would be refused as binary instead
  await assert.rejects(
    readInput(big, '', fileLimit(maxFileBytes('1'), 1e9)),
    (e) =>
      e instanceof LensError &&
      e.code === 'too-long' &&
      /2097152 bytes, more than 1048576 \(--max-file-size 1\.0 MB\)\. .*raise --max-file-size/u.test(e.message),
  );
  // An explicit --max-tokens below the file size still names --max-tokens.
  assert.match(fileLimit(maxFileBytes('1'), 100).fix, /--max-tokens 100/u);
});

test('modelLens.maxFileSize: MB to bytes, the default for anything else; the error names the setting', () => {
  assert.equal(fileSizeSetting(2), 2097152);
  for (const bad of [undefined, null, 0, -3, 'big', NaN]) assert.equal(fileSizeSetting(bad), 4194304);
  const e = tooLargeFile('big.py', 5000000, 4194304);
  assert.equal(e.code, 'too-long');
  assert.match(e.message, /^big\.py is 5000000 bytes, more than modelLens\.maxFileSize \(4\.0 MB\)\./u);
});
