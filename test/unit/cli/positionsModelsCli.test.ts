/**
 * `model-lens positions` with the embedded positions models, run from the sources (node --import tsx src/cli/main.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { check } from '../../../src/shared/schema';
import { PositionsResultSchema, type PositionsResult } from '../../../src/shared/positions';
import { ROOT } from '../helpers';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

/** The PositionsResult printed by --json, checked by its schema (nothing beyond it), with its columns. */
function decoded(stdout: string) {
  const raw = JSON.parse(stdout) as unknown;
  const checked = check(PositionsResultSchema, raw);
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  assert.deepEqual(raw, checked.value, 'no field beyond the PositionsResult');
  const r: PositionsResult = checked.value;
  const answer = r.tokens.filter((t) => t.answer);
  return {
    ...r,
    texts: r.tokens.map((t) => t.text),
    ruleIds: r.tokens.map((t) => t.ruleId),
    fedIds: r.tokens.map((t) => t.fedId),
    predictedIds: answer.every((t) => t.predictedId === undefined) ? null : answer.map((t) => t.predictedId),
  };
}

test('positions --json decodes an addition with the ppc model: tokens, rule and predicted IDs, answer', () => {
  const r = cli('positions', '57+68=', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = decoded(r.stdout);
  assert.equal(out.model, 'positions-addition-ppc');
  assert.equal(out.mode, 'ppc');
  assert.deepEqual(out.ruleIds, [1, 2, 3, 1, 2, 3, 2, 1, 0]);
  assert.equal(out.texts.length, 9);
  assert.deepEqual(out.texts.slice(0, 6), ['5', '7', '+', '6', '8', '=']);
  assert.equal(out.predictedIds?.length, 3);
  assert.deepEqual(out.fedIds.slice(6), out.predictedIds);
  assert.equal(out.expected, '521');
  assert.equal(out.answer, out.texts.slice(6).join(''));
  assert.equal(out.attentions?.[0]?.[0]?.length, 9, 'attention over the decoded sequence');
  assert.equal(out.correct, out.answer === '521');
});

test('positions pads the shorter operand with zeros as the addition models were trained', () => {
  const r = cli('positions', '48213+9077=', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = decoded(r.stdout);
  assert.deepEqual(out.texts.slice(0, 12).join(''), '48213+09077=');
  assert.deepEqual(out.ruleIds, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0]);
  assert.equal(out.expected, '092750');
});

test('positions --method oracle uses the coupled model with the rule IDs; --method absolute feeds 0..T-1', () => {
  const oracle = decoded(
    cli('positions', '0123|', '--task', 'copy', '--method', 'oracle', '--offset', '4', '--json').stdout,
  );
  assert.equal(oracle.model, 'positions-copy-coupled');
  assert.equal(oracle.predictedIds, null);
  assert.deepEqual(oracle.fedIds, oracle.ruleIds);
  assert.equal(oracle.ruleIds[4], 4);
  const absolute = decoded(cli('positions', '0123|', '--method', 'absolute', '--json').stdout);
  assert.equal(absolute.model, 'positions-copy-absolute');
  assert.deepEqual(absolute.fedIds, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const own = decoded(
    cli('positions', '0123|', '--model', 'positions-copy-ppc', '--method', 'oracle', '--json').stdout,
  );
  assert.equal(own.model, 'positions-copy-ppc');
});

test('positions on reverse gives rule IDs only and says so; a text summary without --json', () => {
  const r = cli('positions', '1234|', '--task', 'reverse', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = decoded(r.stdout);
  assert.equal(out.model, undefined);
  assert.equal(out.answer, undefined);
  assert.match(out.note ?? '', /rule's IDs only/u);
  assert.equal(out.expected, '4321');
  assert.ok(out.fedIds.every((id) => id === undefined));
  const product = decoded(cli('positions', '123*4=', '--method', 'oracle', '--json').stdout);
  assert.equal(product.model, 'positions-multiplication-coupled');
  // 123·4 = 492, written least-significant digit first and zero-padded to 4 digits.
  assert.equal(product.expected, '2940');
  const text = cli('positions', '57+68=');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /positions-addition-ppc \(ppc\) answers \d{3}; expected 521/u);
  // 57 + 68 = 125, written least-significant digit first as 521.
  assert.match(
    text.stdout,
    /^as a number \(answers are written least-significant digit first\): model \d+, expected 125$/mu,
  );
});
