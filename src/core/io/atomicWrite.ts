/**
 * @file Writes a file atomically and durably: the data goes to a temporary file beside the target, which is
 * flushed to disk (fsync), renamed over the target, and then the folder is flushed too where the platform allows
 * it, so neither a crash, a power cut nor a full disk leaves a half-written file, and a failed write leaves no
 * temporary file behind.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { clipMessage, LensError } from '../errors';

/** A fresh temporary name beside `path` (hidden, ends in `.tmp`). */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `data` to a new file `path` and flushes it to disk before closing it; fails if `path` exists. */
export async function writeDurable(path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(path, 'wx', 0o666);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Errors of fsync on a folder that mean the platform does not allow it (Windows, some network file systems). */
const NO_DIR_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

/** Flushes a folder's entries (a rename in it) to disk where the platform allows it; a no-op elsewhere. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!NO_DIR_SYNC.has(String((error as NodeJS.ErrnoException).code))) throw error;
  } finally {
    await handle?.close();
  }
}

/** A file-system failure of writing `path` as a `bad-input` error that names it; other errors as they are. */
export function writeError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof LensError || typeof code !== 'string') return error;
  return new LensError(
    'bad-input',
    `Could not write ${clipMessage(path, 300)} (${code}). Check that its folder exists, is writable and has ` +
      'free space.',
  );
}

/** Writes `data` to `path` atomically and durably; a failure removes the temporary file and names `path`. */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathBeside(path);
  try {
    await writeDurable(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw writeError(path, error);
  }
  await syncDir(dirname(path));
}
