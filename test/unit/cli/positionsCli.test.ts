import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

test('positions --json: coupled IDs of a reverse problem, worked by hand', () => {
  const r = cli('positions', 'abc|', '--task', 'reverse', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { tokens: string[]; ruleIds: number[]; answer: string };
  // a b c get 1 2 3, "|" gets 4, and each output symbol the ID of the input symbol it copies.
  assert.deepEqual(out.tokens, ['a', 'b', 'c', '|', 'c', 'b', 'a']);
  assert.deepEqual(out.ruleIds, [1, 2, 3, 4, 3, 2, 1]);
  assert.equal(out.answer, 'cba');
});

test('turing: the addition machine adds, and the checker finds a corrupted step', () => {
  const r = cli('turing', '--task', 'addition', '--input', '57+68', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { text: string; output: string; halt: string };
  assert.equal(out.halt, 'accept');
  assert.equal(out.output, '125');
  const dir = mkdtempSync(join(tmpdir(), 'lens-turing-'));
  writeFileSync(join(dir, 'good.txt'), out.text);
  assert.equal(cli('turing', '--task', 'addition', '--check', join(dir, 'good.txt')).status, 0);
  const lines = out.text.split('\n');
  lines[3] = (lines[3] ?? '').replace(/\b6\b/u, '9');
  writeFileSync(join(dir, 'bad.txt'), lines.join('\n'));
  const bad = cli('turing', '--task', 'addition', '--check', join(dir, 'bad.txt'));
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /invalid: Step \d+ \(line \d+\)/u);
});

test('positions refuses non-ASCII digits and malformed problems with the expected form', () => {
  for (const [problem, message] of [['1٢+3=', /U\+0662/u], ['12+=', /Expected an addition/u]] as const) {
    const r = cli('positions', problem, '--task', 'addition');
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
  }
});
