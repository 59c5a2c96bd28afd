/**
 * The copy zoo (tools/zoo/copying) in onnxruntime-node against its PyTorch reference: logits of whole copy rows,
 * the per-string exact match of the shared answer scoring (prompt `s|`, answer `s`), the headline at twice
 * the longest training length, and the manifest entries the copy probe reads.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { scoreAnswers } from '../../../src/core/analyses/tasks/scoreAnswers';
import { loadModel } from '../../../src/core/model/loadModel';
import { readManifest, type EmbeddedModel } from '../../../src/core/model/manifest';
import type { CausalLM } from '../../../src/core/model/types';
import { FIXTURES, MODELS, quiet } from '../helpers';

interface Row {
  string: string;
  ids: number[];
  argmax: number[];
  logits: number[][];
}
interface Evaluation {
  length: number;
  strings: string[];
  exact: boolean[];
}
interface Reference {
  columns: number[];
  models: Record<string, { rows: Row[]; evaluation: Evaluation[] }>;
}
interface CopyEntry extends EmbeddedModel {
  copy: {
    alphabet: string;
    separator: string;
    end: string;
    trainLengths: [number, number];
    architecture: 'transformer' | 'fixed-state';
    parameters: number;
    stateFloats?: number;
    stateBits?: number;
    accuracy: Record<string, number>;
  };
}

const NAMES = ['copy-recurrent', 'copy-transformer'];
/** Largest |onnxruntime − PyTorch| logit allowed (both float32; the graphs differ only in operator order). */
const LOGIT_TOLERANCE = 1e-3;
const reference = JSON.parse(readFileSync(join(FIXTURES, 'copy-zoo.reference.json'), 'utf8')) as Reference;
const entries = readManifest(MODELS).filter((m) => m.task === 'copy') as unknown as CopyEntry[];
const entry = (name: string): CopyEntry => entries.find((e) => e.name === name) ?? assert.fail(`${name} missing`);
const models = new Map<string, CausalLM>();

before(async () => {
  for (const name of NAMES) {
    // Loaded as a user's folder would be (model.onnx, tokenizer.json, config.json): the copy probe may score any model.
    models.set(name, await loadModel(join(MODELS, name), { modelsDir: MODELS, device: 'cpu', log: quiet }));
  }
});
after(async () => {
  for (const m of models.values()) await m.dispose();
});

const model = (name: string): CausalLM => models.get(name) ?? assert.fail(`${name} not loaded`);

/** String accuracy of the shared scoring on the given strings: prompt `s|`, answer `s`. */
async function exactByScoring(name: string, strings: readonly string[]): Promise<boolean[]> {
  const scores = await scoreAnswers(
    model(name),
    strings.map((s) => ({ prompt: `${s}|`, answer: s })),
  );
  return scores.map((s) => s.exact);
}

test('the reference covers both copy models, and the manifest holds exactly them', () => {
  assert.deepEqual(Object.keys(reference.models).sort(), NAMES);
  assert.deepEqual(entries.map((e) => e.name).sort(), NAMES);
});

for (const name of NAMES) {
  test(`${name}: onnxruntime's logits match PyTorch's on whole copy rows`, async () => {
    for (const row of reference.models[name]?.rows ?? []) {
      const out = await model(name).logits([row.ids]);
      assert.equal(out.vocab, 257);
      let worst = 0;
      for (let t = 0; t < row.ids.length; t++) {
        const at: number = t * out.vocab;
        reference.columns.forEach((id, c) => {
          worst = Math.max(worst, Math.abs((out.data[at + id] ?? NaN) - (row.logits[t]?.[c] ?? NaN)));
        });
        const slice: number[] = Array.from(out.data.subarray(at, at + out.vocab));
        assert.equal(slice.indexOf(Math.max(...slice)), row.argmax[t], `${row.string}: argmax at ${t}`);
      }
      assert.ok(worst < LOGIT_TOLERANCE, `${row.string}: max |diff| ${worst}`);
    }
  });

  test(`${name}: the shared answer scoring agrees with PyTorch string by string`, async () => {
    for (const ev of reference.models[name]?.evaluation ?? []) {
      assert.deepEqual(await exactByScoring(name, ev.strings), ev.exact, `length ${ev.length}`);
    }
  });

  test(`${name}: the manifest entry follows the copy contract and its files match their digests`, () => {
    const e = entry(name);
    assert.equal(e.bosTokenId, 256);
    assert.ok(e.context >= 2 * 80 + 3, `context ${e.context}`);
    assert.deepEqual([model(name).bosId, model(name).context], [e.bosTokenId, e.context], 'config.json');
    assert.equal(e.graphs['lm'], 'model.onnx');
    assert.deepEqual([e.copy.alphabet, e.copy.separator, e.copy.end], ['abcdefghijklmnopqrstuvwxyz', '|', '.']);
    assert.equal(e.copy.architecture, name === 'copy-transformer' ? 'transformer' : 'fixed-state');
    if (e.copy.architecture === 'fixed-state') assert.equal(e.copy.stateBits, 32 * (e.copy.stateFloats ?? NaN));
    else assert.equal(e.graphs['analysis'], 'model.onnx');
    for (const [file, sha] of Object.entries(e.sha256)) {
      const digest = createHash('sha256')
        .update(readFileSync(join(MODELS, e.dir, file)))
        .digest('hex');
      assert.equal(digest, sha, `${name}/${file}`);
    }
  });
}

/** The reference strings at twice the longest training length, scored by onnxruntime. */
async function accuracyAtTwiceTraining(name: string): Promise<{ length: number; accuracy: number }> {
  const length = 2 * entry(name).copy.trainLengths[1];
  const ev = reference.models[name]?.evaluation.find((x) => x.length === length);
  assert.ok(ev, `${name}: no reference strings of length ${length}`);
  const exact = await exactByScoring(name, ev.strings);
  return { length, accuracy: exact.filter(Boolean).length / exact.length };
}

test('the transformer copies at least 95% of strings twice as long as any it was trained on', async () => {
  const { length, accuracy } = await accuracyAtTwiceTraining('copy-transformer');
  assert.ok(accuracy >= 0.95, `copy-transformer: ${(100 * accuracy).toFixed(1)}% at length ${length}`);
});

test('the fixed-state model of about the same size copies under 10% of them', async () => {
  const { length, accuracy } = await accuracyAtTwiceTraining('copy-recurrent');
  assert.ok(accuracy < 0.1, `copy-recurrent: ${(100 * accuracy).toFixed(1)}% at length ${length}`);
  const ratio = entry('copy-recurrent').copy.parameters / entry('copy-transformer').copy.parameters;
  assert.ok(ratio > 0.9 && ratio < 1.1, `parameter ratio ${ratio}`);
});
