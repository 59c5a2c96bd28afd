/**
 * @file Steps and checks the end-to-end test files share: polling, stable element counts, file
 * digests, line and column of an offset, and notifications that mean something broke.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { sleep } from './rig.mjs';

/** Notifications that mean the extension host or the engine broke. */
export const CRASH = /terminated unexpectedly|stopped unexpectedly|crashed|engine died|not found/i;

/** sha256 of a file, hex. */
export const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Polls `check` until it returns a truthy value, which it returns; throws `message()` after `timeout` ms. */
export async function waitFor(check, timeout, message) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(typeof message === 'function' ? await message() : message);
    await sleep(250);
  }
}

/** Waits until `locator` matches at least `min` elements and the count is stable; returns it. */
export async function stableCount(locator, { min = 1, timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  let prev = -1;
  while (Date.now() < deadline) {
    const n = await locator.count();
    if (n >= min && n === prev) return n;
    prev = n;
    await sleep(400);
  }
  throw new Error(`expected at least ${min} of ${locator}, found ${prev}`);
}

/** 1-based line and column of the UTF-16 `offset` in `text` (what `document.positionAt` gives, +1). */
export function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Fails if any notification of `rig` says the extension host or the engine broke. */
export async function assertNoCrash(rig) {
  const crashes = (await rig.notifications()).filter((n) => CRASH.test(n));
  assert.deepEqual(crashes, [], 'error notifications');
}

/**
 * Waits for a notification matching `pattern` like `rig.waitForNotification`, but fails at once
 * when a notification says the extension host or the engine broke.
 */
export async function waitForNote(rig, pattern, timeout = 60_000) {
  let seen = [];
  const hit = () => seen.find((n) => (typeof pattern === 'string' ? n.includes(pattern) : pattern.test(n)));
  await waitFor(
    async () => {
      seen = await rig.notifications();
      if (hit()) return true;
      const crash = seen.find((n) => CRASH.test(n));
      if (crash) throw new Error(`waiting for a notification matching ${pattern}, got an error instead: "${crash}"`);
      return false;
    },
    timeout,
    () => `no notification matching ${pattern} within ${timeout} ms (shown: ${JSON.stringify(seen)})`,
  );
  return hit();
}
