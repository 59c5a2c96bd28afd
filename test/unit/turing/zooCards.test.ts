/**
 * The Turing-program zoo's files as tools/zoo/turing/export.py wrote them, read without Python: the manifest
 * entries and their digests, config.json against the token ids of the Turing-program format, and the cards'
 * curves (one-pass exact match per length), which must agree with the manifest and with the recipe's claims.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifest, type EmbeddedModel } from '../../../src/core/model/manifest';
import { MODELS } from '../helpers';

interface TuringEntry extends EmbeddedModel {
  turing: { task: string; scratchpad: boolean; trainMaxLength: number; exactMatch: Record<string, number> };
}
interface Card {
  evaluation: {
    lengths: number[];
    exactMatch: number[];
    samples: number;
    byCarryChain: { length: number; rows: Record<string, [number, number]> };
  };
  training: { steps: number; totalSteps?: number };
}

const VOCAB = [...'0123456789', '+', '*', ...'abcdefghij', '|', '<bos>', '<eos>'];
const NAMES = ['turing-addition', 'turing-addition-direct'];
const entries = readManifest(MODELS).filter((m) => m.task === 'turing-program') as unknown as TuringEntry[];
const entry = (name: string): TuringEntry => entries.find((e) => e.name === name) ?? assert.fail(`${name} missing`);
const json = <T>(name: string, file: string): T =>
  JSON.parse(readFileSync(join(MODELS, entry(name).dir, file), 'utf8')) as T;
const card = (name: string): Card => json<Card>(name, 'model-card.json');
/** One-pass exact match of a model at length n, from its card. */
function exactAt(name: string, n: number): number {
  const ev = card(name).evaluation;
  const at = ev.lengths.indexOf(n);
  assert.ok(at >= 0, `${name}: no length ${n} on the card`);
  return ev.exactMatch[at] ?? NaN;
}

for (const name of NAMES) {
  test(`${name}: manifest entry, digests and config.json follow the Turing-program contract`, () => {
    const e = entry(name);
    assert.deepEqual([e.graphs['lm'], e.graphs['analysis']], ['model.onnx', 'model.onnx']);
    assert.equal(e.bosTokenId, 23);
    for (const [file, sha] of Object.entries(e.sha256)) {
      const digest = createHash('sha256')
        .update(readFileSync(join(MODELS, e.dir, file)))
        .digest('hex');
      assert.equal(digest, sha, `${name}/${file}`);
    }
    const config = json<Record<string, unknown>>(name, 'config.json');
    assert.deepEqual(config['vocab'], VOCAB);
    assert.deepEqual([config['bos'], config['eos'], config['sep']], [23, 24, 22]);
    assert.deepEqual([config['kind'], config['task']], ['turing-program', 'addition']);
    assert.equal(config['scratchpad'], !name.endsWith('-direct'));
    assert.equal(config['trainMaxLength'], e.turing.trainMaxLength);
    const windows = config['windows'] as (number | null)[];
    assert.equal(windows.length, config['heads']);
    assert.ok(windows.some((w) => w === null) && windows.some((w) => w !== null), 'windowed and global heads');
  });

  test(`${name}: the card's curve is the manifest's, and the carry-chain rows count every problem`, () => {
    const e = entry(name);
    const ev = card(name).evaluation;
    assert.deepEqual(
      ev.lengths.map((n) => e.turing.exactMatch[String(n)]),
      ev.exactMatch,
    );
    assert.ok(ev.lengths.at(-1)! >= 2 * e.turing.trainMaxLength, 'the curve reaches twice the training length');
    const rows = Object.values(ev.byCarryChain.rows);
    assert.equal(
      rows.reduce((s, [, count]) => s + count, 0),
      ev.samples,
    );
    const right = rows.reduce((s, [hits]) => s + hits, 0);
    assert.equal(right / ev.samples, exactAt(name, ev.byCarryChain.length), 'by-chain rows sum to the curve');
  });
}

test('the baseline and the scratchpad model trained for the same steps, with the same architecture', () => {
  const [pad, direct] = NAMES.map((n) => json<Record<string, unknown>>(n, 'config.json'));
  for (const key of ['layers', 'heads', 'windows', 'd']) assert.deepEqual(pad?.[key], direct?.[key], key);
  const steps = (n: string): number => card(n).training.totalSteps ?? card(n).training.steps;
  assert.equal(steps(NAMES[0]!), steps(NAMES[1]!));
});

test('in its training lengths the scratchpad model is exact where the direct baseline is not', () => {
  const top = entry(NAMES[0]!).turing.trainMaxLength;
  for (let n = 1; n <= top; n++) assert.ok(exactAt(NAMES[0]!, n) >= 0.95, `scratchpad at ${n}`);
  for (let n = 3; n <= top; n++) assert.ok(exactAt(NAMES[1]!, n) <= 0.2, `direct at ${n}`);
});
