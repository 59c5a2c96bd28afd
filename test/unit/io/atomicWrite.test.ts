import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, mock, test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { atomicWrite } from '../../../src/core/io/atomicWrite';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'lens-io-'));
const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

afterEach(() => mock.restoreAll());

/** Records open, sync and rename calls on the file system, in order. */
function spyOnFs(): string[] {
  const events: string[] = [];
  const open = fsp.open.bind(fsp);
  const rename = fsp.rename.bind(fsp);
  mock.method(fsp, 'open', async (path: string, ...rest: [string, number?]) => {
    const handle = await open(path, ...rest);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      events.push(`sync ${String(path)}`);
      return sync();
    };
    return handle;
  });
  mock.method(fsp, 'rename', async (from: string, to: string) => {
    events.push(`rename ${from} ${to}`);
    return rename(from, to);
  });
  return events;
}

test('atomicWrite writes the data, replaces an old file and leaves no temporary file', async () => {
  const dir = fresh();
  const path = join(dir, 'out.json');
  writeFileSync(path, 'old');
  await atomicWrite(path, '{"a":1}\n');
  assert.equal(readFileSync(path, 'utf8'), '{"a":1}\n');
  await atomicWrite(join(dir, 'b.bin'), Uint8Array.of(1, 2, 3));
  assert.deepEqual([...readFileSync(join(dir, 'b.bin'))], [1, 2, 3]);
  assert.deepEqual(temps(dir), []);
});

test('atomicWrite flushes the temporary file before the rename and the folder after it', async () => {
  const dir = fresh();
  const path = join(dir, 'report.html');
  const events = spyOnFs();
  await atomicWrite(path, '<html></html>');
  assert.equal(events.length, 3, events.join('\n'));
  assert.match(events[0] ?? '', /^sync .*\/\.report\.html\.[0-9a-f]{12}\.tmp$/u);
  assert.match(events[1] ?? '', /^rename .*\.tmp .*\/report\.html$/u);
  assert.equal(events[2], `sync ${dir}`);
});

test('a failed write leaves no temporary file and names the target in a bad-input error', async () => {
  const dir = fresh();
  const target = join(dir, 'taken');
  mkdirSync(target);
  writeFileSync(join(target, 'x'), 'a folder that is not empty cannot be replaced by a file');
  await assert.rejects(
    atomicWrite(target, 'data'),
    (e) => e instanceof LensError && e.code === 'bad-input' && e.message.includes(target),
  );
  assert.deepEqual(temps(dir), []);
  const missing = join(dir, 'no', 'such', 'folder', 'out.json');
  await assert.rejects(
    atomicWrite(missing, 'data'),
    (e) => e instanceof LensError && e.code === 'bad-input' && /ENOENT.*folder exists/u.test(e.message),
  );
});

test('a write that fails after the temporary file is made removes it', async () => {
  const dir = fresh();
  mock.method(fsp, 'rename', async () => {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'rename' });
  });
  await assert.rejects(atomicWrite(join(dir, 'out.json'), 'data'), /ENOSPC/u);
  assert.deepEqual(readdirSync(dir), []);
});
