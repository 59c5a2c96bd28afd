import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { readInput, tokenLimit } from '../../../src/cli/input';

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
