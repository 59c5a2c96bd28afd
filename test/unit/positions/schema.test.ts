/**
 * The positions schemas that replace the hand-written webview validator: well-formed results are
 * accepted, malformed ones are rejected with the wrong field named; params are checked by value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LengthProbeParamsSchema,
  LengthProbeResultSchema,
  MAX_VIEW_TOKENS,
  PositionsParamsSchema,
  PositionsResultSchema,
} from '../../../src/shared/positions';
import { check } from '../../../src/shared/schema';

const token = (text: string, ruleId: number, answer = false) => ({ text, ruleId, fedId: ruleId, answer });
const good = {
  source: 'problems.txt',
  task: 'addition',
  problem: '5+6=',
  tokens: [token('5', 1), token('+', 2), token('6', 1), token('=', 2), token('1', 1, true), token('1', 0, true)],
  model: 'positions-addition-ppc',
  mode: 'ppc',
  answer: '11',
  expected: '11',
  correct: true,
  idMatches: 2,
  trainMaxLength: 10,
  maxPosition: 64,
  attentions: [[Array.from({ length: 6 }, () => [1, 0, 0, 0, 0, 0])]],
};
const probe = {
  task: 'copy',
  lengths: [1, 2],
  methods: [
    { name: 'ppc', model: 'positions-copy-ppc', mode: 'ppc', accuracy: [1, 0.5], idAccuracy: [1, 1] },
    { name: 'absolute', model: 'positions-copy-absolute', mode: 'absolute', accuracy: [1, null] },
  ],
  trainMaxLength: 10,
  samples: 4,
  seed: 1,
  offset: 0,
};

function rejects(schema: Parameters<typeof check>[0], value: unknown, field: RegExp): void {
  const r = check(schema, value);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(value).slice(0, 120)}`);
  if (!r.ok) assert.match(r.message, field);
}

test('a well-formed positions result and probe are accepted', () => {
  assert.ok(check(PositionsResultSchema, good).ok);
  assert.ok(check(PositionsResultSchema, { source: '', task: 'scratchpad', problem: 'x', tokens: [], note: 'n' }).ok);
  assert.ok(check(LengthProbeResultSchema, probe).ok);
});

test('malformed positions results are rejected, naming the field', () => {
  const at = (i: number, patch: object) => ({
    ...good,
    tokens: good.tokens.map((t, j) => (j === i ? { ...t, ...patch } : t)),
  });
  rejects(PositionsResultSchema, at(0, { ruleId: -1 }), /^tokens\.0\.ruleId:/u);
  rejects(PositionsResultSchema, at(1, { fedId: 1.5 }), /^tokens\.1\.fedId:/u);
  rejects(PositionsResultSchema, at(2, { answer: 'no' }), /^tokens\.2\.answer:/u);
  rejects(PositionsResultSchema, at(0, { range: { start: 4, end: 2 } }), /^tokens\.0\.range:/u);
  rejects(PositionsResultSchema, { ...good, mode: 'rope' }, /^mode:/u);
  rejects(PositionsResultSchema, { ...good, task: 'division' }, /^task:/u);
  rejects(PositionsResultSchema, { ...good, correct: 'yes' }, /^correct:/u);
  rejects(PositionsResultSchema, { ...good, problem: undefined }, /^problem:/u);
  rejects(
    PositionsResultSchema,
    { ...good, attentions: [[[[0, 1]]]] },
    /attentions: every head must be tokens × tokens/u,
  );
  rejects(PositionsResultSchema, { ...good, attentions: [[[[Number.NaN]]]] }, /^attentions\.0\.0\.0\.0:/u);
  const many = Array.from({ length: MAX_VIEW_TOKENS + 1 }, () => token('1', 1));
  rejects(PositionsResultSchema, { ...good, tokens: many, attentions: undefined }, /^tokens:/u);
});

test('malformed probes are rejected, naming the field', () => {
  const method = (patch: object) => ({ ...probe, methods: [{ ...probe.methods[0], ...patch }] });
  rejects(LengthProbeResultSchema, method({ accuracy: [1, 1.5] }), /^methods\.0\.accuracy\.1:/u);
  rejects(LengthProbeResultSchema, method({ accuracy: [1] }), /every curve needs one value per length/u);
  rejects(LengthProbeResultSchema, method({ idAccuracy: [1, 1, 1] }), /every curve needs one value per length/u);
  rejects(LengthProbeResultSchema, method({ name: 'rope' }), /^methods\.0\.name:/u);
  rejects(LengthProbeResultSchema, { ...probe, lengths: [] }, /^lengths:/u);
  rejects(LengthProbeResultSchema, { ...probe, lengths: [0, 1] }, /^lengths\.0:/u);
  rejects(LengthProbeResultSchema, { ...probe, task: 'reverse' }, /^task:/u);
  rejects(LengthProbeResultSchema, { ...probe, seed: -1 }, /^seed:/u);
});

test('params are checked by value', () => {
  const params = { text: '5+6=', offset: 0, source: 's', method: 'oracle', allowLocalFiles: false };
  assert.ok(check(PositionsParamsSchema, params).ok);
  assert.ok(check(PositionsParamsSchema, { ...params, task: 'reverse', idOffset: 4, model: 'positions-copy-ppc' }).ok);
  rejects(PositionsParamsSchema, { ...params, method: 'coupled' }, /^method:/u);
  rejects(PositionsParamsSchema, { ...params, idOffset: 2_000_000 }, /^idOffset:/u);
  rejects(PositionsParamsSchema, { ...params, model: '' }, /^model:/u);
  const probeParams = { task: 'addition', maxLength: 30, samples: 50, seed: 1 };
  assert.ok(check(LengthProbeParamsSchema, probeParams).ok);
  rejects(LengthProbeParamsSchema, { ...probeParams, maxLength: 0 }, /^maxLength:/u);
  rejects(LengthProbeParamsSchema, { ...probeParams, samples: 2.5 }, /^samples:/u);
  rejects(LengthProbeParamsSchema, { ...probeParams, task: 'reverse' }, /^task:/u);
});
