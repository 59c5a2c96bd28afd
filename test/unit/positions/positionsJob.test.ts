/**
 * The engine's positions handler: rule IDs only for reverse (token ranges in the document), a multiplication
 * decoded by its zoo model, a Turing-program scratchpad checked against the addition machine (valid, then with
 * one wrong step), and the errors for text that is no problem.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { additionInput, additionMachine } from '../../../src/core/analyses/turing/additionMachine';
import { turingScratchpad } from '../../../src/core/analyses/turing/scratchpad';
import { Engine } from '../../../src/engine/engine';
import { positionsRequest, type PositionsResult } from '../../../src/shared/positions';
import { MODELS } from '../helpers';

const engine = new Engine(MODELS, () => undefined);
const job = { signal: new AbortController().signal, progress: () => undefined };
const params = (text: string, offset = 0) => ({
  text,
  offset,
  source: 'problems.txt',
  method: 'ppc' as const,
  allowLocalFiles: false,
});
const jobs = {
  show: (p: ReturnType<typeof params> & { task?: 'reverse' }): Promise<PositionsResult> =>
    engine.run(positionsRequest, p, job),
};

test('reverse gets the rule IDs only, with each typed token mapped back to the document', async () => {
  const r = await jobs.show({ ...params('  4821|', 100), task: 'reverse' as const });
  assert.equal(r.task, 'reverse');
  assert.equal(r.model, undefined);
  assert.match(r.note ?? '', /rule's IDs only/u);
  // Hand-worked (s = 0, n = 4): input symbols 1..4, '|' gets n + 1 = 5, the j-th output symbol copies input
  // symbol 3 − j and takes its ID 4 − j.
  assert.equal(r.tokens.map((t) => t.text).join(''), '4821|1284');
  assert.deepEqual(
    r.tokens.map((t) => t.ruleId),
    [1, 2, 3, 4, 5, 4, 3, 2, 1],
  );
  assert.deepEqual(r.tokens[0]?.range, { start: 102, end: 103 });
  assert.deepEqual(r.tokens[4]?.range, { start: 106, end: 107 });
  assert.ok(r.tokens.slice(5).every((t) => t.answer && t.range === undefined));
});

test('multiplication is decoded by its zoo model with the rule IDs, typed tokens mapped back', async () => {
  const r = await jobs.show(params('  4821×7=', 100));
  assert.equal(r.task, 'multiplication');
  assert.equal(r.model, 'positions-multiplication-ppc');
  // Hand-worked (s = 0, L = 4, e = 5): digits by significance 1..4, '×' and '=' get 5, the one-digit factor
  // the units' 4; 4821·7 = 33747 → "74733", already L + 1 = 5 digits.
  assert.equal(r.expected, '74733');
  assert.deepEqual(
    r.tokens.map((t) => t.ruleId),
    [1, 2, 3, 4, 5, 4, 5, 4, 3, 2, 1, 0],
  );
  // The typed × is the model's * (its vocabulary), still mapped back to the document.
  const typed = r.tokens.slice(0, 7).map((t) => t.text);
  assert.equal(typed.join(''), '4821*7=');
  assert.deepEqual(r.tokens[4]?.range, { start: 106, end: 107 });
  assert.deepEqual(r.tokens[5]?.range, { start: 107, end: 108 });
  assert.equal(r.answer?.length, 5);
});

test('a selected addition scratchpad gets coupled IDs per cell and is checked step by step', async () => {
  const pad = turingScratchpad(additionMachine(), additionInput('57', '68'));
  const r = await jobs.show(params(pad.text));
  assert.equal(r.task, 'scratchpad');
  const steps = pad.text.trim().split('\n').length;
  assert.match(r.note ?? '', new RegExp(`^${steps} steps, each a valid step of the addition machine`, 'u'));
  assert.equal(r.tokens.filter((t) => t.text === '⏎').length, steps - 1);
  // Every cell keeps the ID of its tape cell: consecutive IDs along a step, the leftmost cell the
  // tape ever reaches gets 1, and the step separators get 0 (offset 0).
  const first = r.tokens.filter((t) => t.step === 0 && t.text !== '⏎').map((t) => t.ruleId);
  assert.deepEqual(
    first,
    first.map((_, i) => (first[0] ?? 0) + i),
  );
  assert.equal(Math.min(...r.tokens.filter((t) => t.text !== '⏎').map((t) => t.ruleId)), 1);
  assert.ok(r.tokens.filter((t) => t.text === '⏎').every((t) => t.ruleId === 0));
  const lines = pad.text.split('\n');
  lines[3] = (lines[3] ?? '').replace('6', '9');
  const bad = await jobs.show(params(lines.join('\n')));
  assert.match(bad.note ?? '', /step 3 \(line 4\) is wrong/u);
});

test('text that is no problem is refused, naming the forms', async () => {
  await assert.rejects(
    jobs.show(params('hello world')),
    /is not a problem Model Lens knows\. Select an addition like 48213\+9077=/u,
  );
  await assert.rejects(jobs.show(params('   ')), /Select a problem first/u);
  await assert.rejects(jobs.show(params('4821*٣=')), /U\+0663/u);
});

test('params are checked by value: a negative offset or an unknown method names the field', async () => {
  await assert.rejects(engine.run(positionsRequest, { ...params('57+68='), offset: -1 }, job), /malformed: offset/u);
  const method = { ...params('57+68='), method: 'rope' } as unknown as ReturnType<typeof params>;
  await assert.rejects(engine.run(positionsRequest, method, job), /malformed: method/u);
});
