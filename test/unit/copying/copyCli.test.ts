import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { CopyProbeResultSchema } from '../../../src/shared/copying';
import { check } from '../../../src/shared/schema';
import { cliRefuses, ensureBuilt, FIXTURES, ROOT, runCli } from '../helpers';

before(() => ensureBuilt());

const TSCONFIG = join(ROOT, 'tsconfig.json');

test('copy-probe --json: per model and length the scores, lookup from the file', () => {
  const r = runCli(
    'copy-probe',
    TSCONFIG,
    '--lengths',
    '4,12',
    '--tasks',
    '5',
    '--lookup',
    '--device',
    'cpu',
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  const checked = check(CopyProbeResultSchema, JSON.parse(r.stdout));
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  const [m] = checked.value.models;
  assert.equal(m?.model, 'lens-lm');
  assert.deepEqual(
    m?.lengths.map((l) => [l.length, l.tasks]),
    [
      [4, 5],
      [12, 5],
    ],
  );
  assert.ok((m?.lookup?.pairs ?? 0) >= 3);
  assert.equal(m?.lookup?.tasks, 5);
  assert.equal(checked.value.source, 'tsconfig.json');
});

test('copy-probe: a table per model; two models compared; without a file, random strings', () => {
  const r = runCli('copy-probe', '--model', 'lens-lm,lens-lm', '--lengths', '3', '--tasks', '2', '--device', 'cpu');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /random strings over "abcdefghijklmnopqrstuvwxyz", separator "\\n"/u);
  assert.equal(r.stdout.match(/length +tasks +string acc +token acc +1st copy bits +2nd copy bits/gu)?.length, 2);
});

test('copy-probe: bad input exits 2 with one line saying what to do', () => {
  const base = ['copy-probe', TSCONFIG, '--device', 'cpu'];
  cliRefuses([...base, '--lengths', '0,5'], /--lengths takes integers from 1 to 4096/u);
  cliRefuses(['copy-probe', '--lookup'], /--lookup needs a file/u);
  cliRefuses([...base, '--model', 'lens-lm,,x'], /--model takes 1 to 6 models/u);
  cliRefuses([...base, '--tasks', '0'], /--tasks must be an integer from 1 to 1000/u);
  cliRefuses(['copy-probe', join(FIXTURES, 'binary.bin')], /binary/u);
  cliRefuses(['copy-probe', join(FIXTURES, 'empty.txt'), '--device', 'cpu'], /empty/u);
});

/** Exit 2 after the model loaded: its last stderr line (after the engine's load line) says what is wrong. */
function refusesAfterLoad(args: string[], pattern: RegExp): void {
  const r = runCli(...args);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr.trim().split('\n').pop() ?? '', pattern);
}

test('copy-probe: lengths past the window and a file without pairs are refused once the model is loaded', () => {
  refusesAfterLoad(['copy-probe', TSCONFIG, '--lengths', '600', '--device', 'cpu'], /longest that fits is 511\b/u);
  const license = join(ROOT, 'LICENSE');
  refusesAfterLoad(['copy-probe', license, '--lookup', '--lengths', '3'], /needs at least 3 name: value.*has 0\b/u);
});
