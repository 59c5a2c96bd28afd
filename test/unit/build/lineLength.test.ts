import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

/** Source kinds whose lines we keep within 120 characters (ESLint covers TypeScript; this covers the rest too). */
const SOURCE = /\.(ts|mjs|cjs|js|css|py|sh)$/u;
const LIMIT = 120;

test('no line of a tracked source file (TypeScript, JavaScript, CSS, Python, shell) is over 120 characters', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => SOURCE.test(f) && !f.startsWith('media/'));
  assert.ok(files.length > 100, `only ${files.length} source files listed`);
  const long: string[] = [];
  for (const f of files) {
    const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if ([...line].length > LIMIT) long.push(`${f}:${i + 1} (${[...line].length})`);
    });
  }
  assert.deepEqual(long, [], `lines over ${LIMIT} characters`);
});
