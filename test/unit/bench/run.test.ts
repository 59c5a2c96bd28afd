/**
 * @file The runner refuses what it cannot run with exit code 2 and one line, before any benchmark starts: an
 * unknown benchmark name, and a peers' Python that does not run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

/** Runs bench/run.ts with `env` added; its exit code and what it printed. */
function runner(env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('an unknown benchmark: exit 2, one line naming the known ones', () => {
  const r = runner({ BENCH_ONLY: 'trees,nope' });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^npm run bench: Unknown benchmark "nope": choose from surprisal, .*trees/u);
});

test('a MODEL_LENS_PEER_PYTHON that does not run: exit 2, one line saying so', () => {
  const r = runner({ BENCH_ONLY: 'trees', MODEL_LENS_PEER_PYTHON: join(ROOT, 'no-such-python') });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr.trim(),
    /^npm run bench: MODEL_LENS_PEER_PYTHON=".*no-such-python" does not run as Python\. [^\n]*$/u,
  );
});
