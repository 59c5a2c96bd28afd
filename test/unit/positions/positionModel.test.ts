/**
 * Loading positions models and the errors a user meets: a graph without the output a method
 * needs, a mode the model was not trained for, another task's problem, symbols outside the
 * vocabulary, IDs past the model's range, a folder without config.json, and cancellation.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { couple } from '../../../src/core/analyses/positions/couple';
import { positionsDecode } from '../../../src/core/analyses/positions/decode';
import {
  positionModelLoad,
  positionModelNames,
  type PositionModel,
} from '../../../src/core/analyses/positions/positionModel';
import { LensError } from '../../../src/core/errors';
import { readManifest } from '../../../src/core/model/manifest';
import { MODELS } from '../helpers';

let ppc: PositionModel;
let coupled: PositionModel;
let absolute: PositionModel;

before(async () => {
  ppc = await positionModelLoad('positions-addition-ppc', { modelsDir: MODELS });
  coupled = await positionModelLoad('positions-addition-coupled', { modelsDir: MODELS });
  absolute = await positionModelLoad('positions-addition-absolute', { modelsDir: MODELS });
});
after(async () => {
  for (const m of [ppc, coupled, absolute]) await m.session.release();
});

const code =
  (c: string, message?: RegExp) =>
  (e: unknown): boolean =>
    e instanceof LensError && e.code === c && (message === undefined || message.test(e.message));

test('manifest: 9 positions entries (3 tasks × 3 methods) with the maxPosition and outputs of their method', () => {
  const entries = readManifest(MODELS).filter((m) => m.task === 'positions') as unknown as {
    name: string;
    positions: { task: string; method: string; maxPosition: number; trainMaxLength: number };
  }[];
  assert.deepEqual(entries.map((e) => e.name).sort(), positionModelNames(MODELS).sort());
  assert.equal(entries.length, 9);
  assert.deepEqual([...new Set(entries.map((e) => e.positions.task))].sort(), ['addition', 'copy', 'multiplication']);
  for (const e of entries) {
    assert.equal(e.name, `positions-${e.positions.task}-${e.positions.method}`);
    assert.equal(e.positions.trainMaxLength, 10);
    assert.equal(e.positions.maxPosition, e.positions.method === 'absolute' ? 128 : 64);
  }
  assert.ok(ppc.predictsPositions && !coupled.predictsPositions && !absolute.predictsPositions);
  assert.equal(ppc.attentionOutputs.length, ppc.config.layers);
  assert.equal(ppc.config.vocab, '0123456789+=|');
  assert.ok(
    [ppc, coupled, absolute].every((m) => m.config.padOperands),
    'the addition models were trained on zero-padded operands',
  );
});

test('ppc decoding of a model without position_logits is a missing-output error that says what to do', async () => {
  await assert.rejects(
    positionsDecode(coupled, couple('57+68=', 'addition'), 'ppc'),
    code('missing-output', /position_logits.*oracle/su),
  );
  await assert.rejects(positionsDecode(absolute, couple('57+68=', 'addition'), 'ppc'), code('missing-output'));
});

test('a folder whose config says ppc but whose graph has no position head is refused at load', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-positions-'));
  copyFileSync(join(MODELS, 'positions-addition-coupled', 'model.onnx'), join(dir, 'model.onnx'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...coupled.config, method: 'ppc' }));
  await assert.rejects(positionModelLoad(dir, { modelsDir: MODELS }), code('missing-output', /position_logits/u));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...coupled.config, padOperands: 'yes' }));
  await assert.rejects(positionModelLoad(dir, { modelsDir: MODELS }), code('bad-model', /padOperands "yes"/u));
  const { padOperands: _, ...unpadded } = coupled.config;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(unpadded));
  const ok = await positionModelLoad(dir, { modelsDir: MODELS });
  assert.equal(ok.config.method, 'coupled');
  assert.equal(ok.config.padOperands, false);
  await ok.session.release();
  await assert.rejects(positionModelLoad(dir, { modelsDir: MODELS, allowLocalFiles: false }), code('untrusted'));
  const bare = mkdtempSync(join(tmpdir(), 'lens-positions-'));
  copyFileSync(join(MODELS, 'positions-addition-coupled', 'model.onnx'), join(bare, 'model.onnx'));
  await assert.rejects(positionModelLoad(bare, { modelsDir: MODELS }), code('bad-model', /config\.json/u));
  await assert.rejects(
    positionModelLoad('lens-lm', { modelsDir: MODELS }),
    code('bad-model', /not a positions model/u),
  );
  await assert.rejects(
    positionModelLoad('no-such-model', { modelsDir: MODELS }),
    code('model-not-found', /positions-addition-ppc/u),
  );
});

test('modes a model was not trained for, other tasks, unknown symbols and IDs past the range are refused', async () => {
  await assert.rejects(
    positionsDecode(absolute, couple('57+68=', 'addition'), 'oracle'),
    code('bad-input', /absolute/u),
  );
  await assert.rejects(positionsDecode(coupled, couple('57+68=', 'addition'), 'absolute'), code('bad-input'));
  await assert.rejects(positionsDecode(ppc, couple('123|', 'copy'), 'ppc'), code('bad-input', /addition model/u));
  const copy = await positionModelLoad('positions-copy-ppc', { modelsDir: MODELS });
  await assert.rejects(positionsDecode(copy, couple('abc|', 'copy'), 'ppc'), code('bad-input', /vocabulary/u));
  await copy.session.release();
  await assert.rejects(
    positionsDecode(ppc, couple('57+68=', 'addition', { offset: 70, maxPosition: 100 }), 'oracle'),
    code('too-long'),
  );
  const long = `${'9'.repeat(42)}+${'1'.repeat(42)}=`;
  await assert.rejects(positionsDecode(absolute, couple(long, 'addition'), 'absolute'), code('too-long', /0 to 127/u));
});

test('an aborted signal stops decoding with a cancelled error', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    positionsDecode(ppc, couple('57+68=', 'addition'), 'ppc', { signal: controller.signal }),
    code('cancelled'),
  );
});
