import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { check } from '../../../src/shared/schema';
import { PositionsResultSchema } from '../../../src/shared/positions';
import { CheckResultSchema, ScratchpadResultSchema } from '../../../src/shared/turing';
import { ROOT } from '../helpers';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

test('positions --json: the PositionsResult the panel exports, coupled IDs of a reverse problem worked by hand', () => {
  const r = cli('positions', 'abc|', '--task', 'reverse', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as unknown;
  const checked = check(PositionsResultSchema, out);
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  const result = checked.value;
  assert.deepEqual(out, result, 'no field beyond the PositionsResult');
  // a b c get 1 2 3, "|" gets 4, and each output symbol the ID of the input symbol it copies.
  assert.deepEqual(
    result.tokens.map((t) => t.text),
    ['a', 'b', 'c', '|', 'c', 'b', 'a'],
  );
  assert.deepEqual(
    result.tokens.map((t) => t.ruleId),
    [1, 2, 3, 4, 3, 2, 1],
  );
  assert.deepEqual(
    result.tokens.map((t) => t.answer),
    [false, false, false, false, true, true, true],
  );
  assert.equal(result.expected, 'cba');
  assert.equal(result.task, 'reverse');
});

test('turing: the addition machine adds, and the checker finds a corrupted step', () => {
  const r = cli('turing', '--task', 'addition', '--input', '57+68', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { text: string; output: string; halt: string; ids: number[] };
  assert.ok(check(ScratchpadResultSchema, out).ok);
  assert.equal(out.halt, 'accept');
  assert.equal(out.output, '125');
  const dir = mkdtempSync(join(tmpdir(), 'lens-turing-'));
  writeFileSync(join(dir, 'good.txt'), out.text);
  const good = cli('turing', '--task', 'addition', '--check', join(dir, 'good.txt'));
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /^valid: \d+ steps, accept$/mu);
  const lines = out.text.split('\n');
  lines[3] = (lines[3] ?? '').replace(/\b6\b/u, '9');
  writeFileSync(join(dir, 'bad.txt'), lines.join('\n'));
  const bad = cli('turing', '--task', 'addition', '--check', join(dir, 'bad.txt'));
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /invalid: Step \d+ \(line \d+\)/u);
  const json = cli('turing', '--task', 'addition', '--check', join(dir, 'bad.txt'), '--json');
  assert.equal(json.status, 2);
  const verdict = check(CheckResultSchema, JSON.parse(json.stdout));
  assert.ok(verdict.ok && !verdict.value.ok && verdict.value.step === 3);
});

test('turing reads a machine file; a JSON machine with a wrong field is refused naming the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-turing-'));
  writeFileSync(join(dir, 'inc.txt'), 'start: s\naccept: h\ns 1 -> s 1 R\ns _ -> h 1 S\n');
  const r = cli('turing', join(dir, 'inc.txt'), '--input', '11');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\(accept; output "111"\)/u);
  const machine = { states: ['s', 'h'], alphabet: ['_', '1'], blank: '_', start: 's', accept: 'h', delta: {} };
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(machine));
  const bad = cli('turing', join(dir, 'bad.json'), '--input', '11');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /accept: Invalid type/u);
});

test('positions refuses non-ASCII digits and malformed problems with the expected form', () => {
  for (const [problem, message] of [
    ['1٢+3=', /U\+0662/u],
    ['12+=', /Expected an addition/u],
  ] as const) {
    const r = cli('positions', problem, '--task', 'addition');
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
  }
  const method = cli('positions', '57+68=', '--method', 'rope');
  assert.equal(method.status, 2);
  assert.match(method.stderr, /--method must be one of ppc, oracle, absolute/u);
});
