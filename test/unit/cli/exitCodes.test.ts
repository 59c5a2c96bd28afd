import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { exitCodeOf, failureLine, oneLine } from '../../../src/cli/failure';
import { LensError } from '../../../src/core/errors';
import { ensureBuilt, FIXTURES, ROOT } from '../helpers';

const work = mkdtempSync(join(tmpdir(), 'lens-exit-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: work });
const sample = join(FIXTURES, 'sample.ts');

before(() => ensureBuilt());

test('a bug exits 1 with one line that asks for a report and names the log it wrote', () => {
  assert.equal(exitCodeOf(new TypeError('x is undefined')), 1);
  assert.equal(exitCodeOf(new LensError('bad-model', 'Pick another model.')), 2);
  assert.equal(exitCodeOf(Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open' })), 2);
  const line = failureLine(new TypeError(`x is ${'y'.repeat(10_000)}`), 'surprisal', ['node', 'cli', 'surprisal']);
  assert.doesNotMatch(line, /\n/u);
  assert.ok(line.length < 700);
  const log = /with the log (\S+\.log)$/u.exec(line)?.[1] ?? '';
  assert.match(line, /^model-lens: Unexpected error: x is y+ … y+\. This is a bug in Model Lens: please report it/u);
  assert.ok(log.startsWith(tmpdir()), line);
  const text = readFileSync(log, 'utf8');
  assert.match(text, /arguments: \["surprisal"\]/u);
  assert.match(text, /TypeError: x is y+\n\s+at /u);
  rmSync(log);
});

test('bad input prints one line: a message with a usage paragraph points at --help instead', () => {
  assert.equal(
    oneLine('No file.\n\nUsage: a\n  b', 'turing'),
    'No file. Run "model-lens turing --help" for the usage.',
  );
  assert.equal(oneLine('Wrapped\nline.', undefined), 'Wrapped line.');
  const line = failureLine(new LensError('bad-input', 'Give a file.'), 'surprisal', []);
  assert.equal(line, 'model-lens: Give a file.');
});

test('an ONNX load error is printed once, on one line, with exit 2', () => {
  const r = cli('surprisal', sample, '--model', join(FIXTURES, 'bad-onnx'), '--device', 'cpu');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.match(/Protobuf parsing failed/gu)?.length, 1, r.stderr);
  assert.match(r.stderr, /^model-lens: .* is not a valid ONNX model: .*\n$/u);
});

test('every bad option or file exits 2 with one short line that quotes at most ~80 characters', () => {
  const long = 'x'.repeat(5000);
  const cases: string[][] = [
    ['surprisal', sample, '--device', long],
    ['surprisal', sample, '--max-tokens', long],
    ['surprisal', sample, `--${long}`],
    [long],
    ['surprisal'],
    ['surprisal', join(work, long)],
    ['surprisal', sample, '--out', join(work, 'report.exe')],
  ];
  for (const args of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ').slice(0, 100)}: ${r.stderr}`);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('model-lens:'));
    assert.equal(lines.length, 1, r.stderr);
    assert.ok((lines[0] ?? '').length < 400, lines[0]);
    assert.doesNotMatch(r.stderr, args[1] === sample ? /x{100}/u : /x{300}/u);
  }
});

test('--out into a missing folder exits 2 naming the file, and leaves no temporary file', () => {
  const out = join(work, 'missing', 'report.json');
  const r = cli('surprisal', sample, '--device', 'cpu', '--out', out);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^model-lens: Could not write .*missing\/report\.json \(ENOENT\)\. Check that its folder/mu);
  assert.equal(existsSync(join(work, 'missing')), false);
  assert.deepEqual(
    readdirSync(work).filter((f) => f.endsWith('.tmp')),
    [],
  );
});
