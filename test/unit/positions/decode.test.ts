/**
 * The positions zoo in onnxruntime-node: decode.ts reproduces every PyTorch decode of
 * tools/zoo/positions (tokens, fed and predicted IDs, answers) and the logits of one forward pass.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import { couple } from '../../../src/core/analyses/positions/couple';
import { positionsDecode } from '../../../src/core/analyses/positions/decode';
import { positionModelLoad, type PositionModel } from '../../../src/core/analyses/positions/positionModel';
import { MODEL_TASKS, POSITION_METHODS, type DecodeMode, type PositionTask } from '../../../src/shared/positions';
import { problemTokens, runPositions } from '../../../src/core/analyses/positions/positionRun';
import { FIXTURES, MODELS } from '../helpers';

interface Decode {
  problem: string;
  length: number;
  offset: number;
  mode: DecodeMode;
  tokens: string[];
  ruleIds: number[];
  fedIds: number[];
  predictedIds?: number[];
  answer: string;
  expected: string;
  correct: boolean;
}
interface Forward {
  problem: string;
  tokens: string[];
  positionIds: number[];
  logits: number[][];
  positionLogits?: number[][];
}
interface Fixture {
  method: string;
  decodes: Decode[];
  forward: Forward;
}

const fixtures = (
  JSON.parse(readFileSync(join(FIXTURES, 'positions', 'pytorch-decodes.json'), 'utf8')) as {
    models: Record<string, Fixture>;
  }
).models;
const models = new Map<string, PositionModel>();

before(async () => {
  for (const name of Object.keys(fixtures)) models.set(name, await positionModelLoad(name, { modelsDir: MODELS }));
});
after(async () => {
  for (const m of models.values()) await m.session.release();
});

const taskOf = (name: string): PositionTask => {
  const task = MODEL_TASKS.find((t) => name.startsWith(`positions-${t}-`));
  assert.ok(task !== undefined, name);
  return task;
};

test('fixtures cover the nine zoo models', () => {
  assert.deepEqual(
    Object.keys(fixtures).sort(),
    MODEL_TASKS.flatMap((t) => POSITION_METHODS.map((m) => `positions-${t}-${m}`)).sort(),
  );
});

for (const [name, fixture] of Object.entries(fixtures)) {
  test(`${name}: every PyTorch decode is reproduced exactly`, async () => {
    const model = models.get(name);
    assert.ok(model !== undefined);
    assert.ok(fixture.decodes.length >= 9);
    for (const f of fixture.decodes) {
      const coupled = couple(f.problem, taskOf(name), { offset: f.offset, maxPosition: model.config.maxPosition });
      assert.deepEqual(coupled.ruleIds, f.ruleIds, `${f.problem}: the rule IDs of the Python recipe`);
      const d = await positionsDecode(model, coupled, f.mode);
      const what = `${name} ${f.mode} ${f.problem} offset ${f.offset}`;
      assert.deepEqual(d.tokens, f.tokens, what);
      assert.deepEqual(d.fedIds, f.fedIds, what);
      assert.deepEqual(d.predictedIds, f.predictedIds, what);
      assert.equal(d.answer, f.answer, what);
      assert.equal(d.expected, f.expected, what);
      assert.equal(d.correct, f.correct, what);
      const start = coupled.answerIndices[0] ?? 0;
      assert.equal(d.idMatches, f.fedIds.slice(start).filter((id, j) => id === f.ruleIds[start + j]).length, what);
    }
  });

  test(`${name}: logits (and position logits) of one forward pass match PyTorch within 1e-4`, async () => {
    const model = models.get(name);
    assert.ok(model !== undefined);
    const { forward } = fixture;
    const fetches = forward.positionLogits === undefined ? ['logits'] : ['logits', 'position_logits'];
    const out = await runPositions(model, [problemTokens(model, forward.tokens)], [forward.positionIds], fetches);
    const check = (tensor: ort.Tensor, rows: number[][], label: string): void => {
      const V = tensor.dims[2] ?? 0;
      const data = tensor.data as Float32Array;
      rows.forEach((row, t) => {
        assert.equal(row.length, V);
        row.forEach((v, k) =>
          assert.ok(Math.abs((data[t * V + k] ?? NaN) - v) < 1e-4, `${label}[${t}][${k}]: ${data[t * V + k]} vs ${v}`),
        );
      });
    };
    check(out['logits'] as ort.Tensor, forward.logits, 'logits');
    if (forward.positionLogits !== undefined)
      check(out['position_logits'] as ort.Tensor, forward.positionLogits, 'position_logits');
  });
}

test('attentions: one [heads][T][T] map per layer of the final sequence, causal rows that sum to 1', async () => {
  const model = models.get('positions-addition-ppc');
  assert.ok(model !== undefined);
  const d = await positionsDecode(model, couple('57+68=', 'addition', { offset: 5 }), 'ppc', { attentions: true });
  const T = d.tokens.length;
  assert.equal(d.attentions?.length, model.config.layers);
  for (const layer of d.attentions ?? []) {
    assert.equal(layer.length, model.config.heads);
    for (const head of layer) {
      assert.equal(head.length, T);
      head.forEach((row, q) => {
        assert.equal(row.length, T);
        assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5);
        for (let k = q + 1; k < T; k++) assert.equal(row[k], 0);
      });
    }
  }
});
