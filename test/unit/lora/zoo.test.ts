/**
 * The LoRA-composition zoo (tools/zoo/lora): lora-base's ONNX graph takes each adapted module's
 * LoRA factors as inputs (lora.<m>.A [r, in], lora.<m>.B [out, r], scaling folded into B, any rank
 * including 0). Runs it with onnxruntime-node on the adapters read by peftRead and checks the
 * greedy predictions of every configuration (base, each adapter, their cat sum and the learned
 * per-layer CAT weights) against those the zoo build computed in PyTorch (model-card.json), and the
 * card's CAT objective against scoreOnTask's loss.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { peftRead } from '../../../src/core/formats/peft/readAdapter';
import { greedyAnswer, loraGraphFeeds, scoreOnTask } from '../../../src/core/analyses/lora/evaluate';
import { parseTaskJsonl } from '../../../src/core/analyses/lora/taskData';
import { catWeighted } from '../../../src/core/analyses/lora/catWeighted';
import type { LoraAdapter } from '../../../src/core/formats/peft/types';
import { readManifest } from '../../../src/core/model/manifest';
import { MODELS } from '../helpers';

interface CheckPoint {
  loss: number;
  gradient: number[][];
}
interface Card {
  task: { format: string };
  graph: { modules: Record<string, { in: number; out: number }> };
  adapters: Record<string, { dir: string; r: number; lora_alpha: number; scaling: number }>;
  exactMatch: { table: Record<string, { target: number }> };
  loss: { table: Record<string, { targetDev: number }> };
  cat: {
    adapters: string[];
    learned: { softmax: { weights: number[][] }; free: { weights: number[][] } };
    gradientCheck: CheckPoint & { logits: number[][]; free: CheckPoint & { weights: number[][] } };
  };
  predictions: { first: number; byConfig: Record<string, string[]> };
  reference: { ids: number[]; lastLogits: number[] };
}
interface Row {
  prompt: string;
  answer: string;
}
interface Entry {
  name: string;
  task: string;
  dir: string;
  graphs: { lm: string };
  bosTokenId: number;
  sha256: Record<string, string>;
  adapters: { name: string; dir: string; sha256: Record<string, string> }[];
}

const BASE = join(MODELS, 'lora-base');
const BOS = 256;
const NEWLINE = 10;
const MAX_NEW = 16;
const card = JSON.parse(readFileSync(join(BASE, 'model-card.json'), 'utf8')) as Card;
const test50 = readFileSync(join(BASE, 'data', 'test.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Row)
  .slice(0, card.predictions.first);
const modules = Object.entries(card.graph.modules);
let session: ort.InferenceSession;
const adapters = new Map<string, LoraAdapter>();

before(async () => {
  session = await ort.InferenceSession.create(join(BASE, 'model.onnx'), { executionProviders: ['cpu'] });
  for (const name of ['arith', 'words', 'mix']) adapters.set(name, await peftRead(join(MODELS, `lora-${name}`)));
});

/** The LoRA inputs of a cat merge: A = stack(w_i s_i A_i), B = concat(B_i); no adapters = rank 0. */
function loraFeeds(parts: { adapter: LoraAdapter; weight: number }[]): Record<string, ort.Tensor> {
  return loraGraphFeeds(session, parts);
}

/** Per-layer CAT weights (weights[layer][i] for the card's adapters, arith then words) as one cat merge. */
function catParts(weights: number[][]): { adapter: LoraAdapter; weight: number }[] {
  return [{ adapter: catWeighted([adapters.get('arith')!, adapters.get('words')!], weights), weight: 1 }];
}

async function lastLogits(ids: number[], lora: Record<string, ort.Tensor>): Promise<Float32Array> {
  const out = await session.run({
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
    ...lora,
  });
  const logits = out['logits'];
  assert.ok(logits !== undefined);
  const v = logits.dims[2] ?? 0;
  return (logits.data as Float32Array).slice((ids.length - 1) * v, ids.length * v);
}

function greedy(prompt: string, lora: Record<string, ort.Tensor>): Promise<string> {
  return greedyAnswer(session, prompt, lora, { bos: BOS, stop: NEWLINE, maxNew: MAX_NEW });
}

const configs: Record<string, () => { adapter: LoraAdapter; weight: number }[]> = {
  base: () => [],
  arith: () => [{ adapter: adapters.get('arith')!, weight: 1 }],
  words: () => [{ adapter: adapters.get('words')!, weight: 1 }],
  mix: () => [{ adapter: adapters.get('mix')!, weight: 1 }],
  sum: () => [
    { adapter: adapters.get('arith')!, weight: 1 },
    { adapter: adapters.get('words')!, weight: 1 },
  ],
  catSoftmax: () => catParts(card.cat.learned.softmax.weights),
  catFree: () => catParts(card.cat.learned.free.weights),
};

test('manifest: lora-base is well formed, its adapters are PEFT folders with matching hashes, files are small', () => {
  const entry = readManifest(MODELS).find((m) => m.name === 'lora-base') as unknown as Entry | undefined;
  assert.ok(entry !== undefined);
  assert.equal(entry.task, 'lora-base');
  assert.equal(entry.dir, 'lora-base');
  assert.equal(entry.bosTokenId, BOS);
  assert.ok(entry.sha256[entry.graphs.lm] !== undefined);
  assert.ok(statSync(join(BASE, entry.graphs.lm)).size < 2 * 1024 * 1024);
  for (const f of [
    'data/train.jsonl',
    'data/dev.jsonl',
    'data/test.jsonl',
    'data/arith-test-in-context.jsonl',
    'model-card.json',
  ])
    assert.ok(entry.sha256[f] !== undefined, f);
  assert.deepEqual(entry.adapters.map((a) => a.name).sort(), ['lora-arith', 'lora-mix', 'lora-words']);
  for (const a of entry.adapters) {
    for (const [file, sha] of Object.entries(a.sha256)) {
      const bytes = readFileSync(join(MODELS, a.dir, file));
      assert.ok(bytes.length < 1024 * 1024, `${a.dir}/${file}`);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, `${a.dir}/${file}`);
    }
  }
});

test('adapters read by peftRead cover every graph module with the card rank and scaling', () => {
  for (const [name, adapter] of adapters) {
    const info = card.adapters[`lora-${name}`];
    assert.ok(info !== undefined);
    assert.deepEqual([...adapter.modules.keys()].sort(), modules.map(([m]) => m).sort());
    for (const m of adapter.modules.values()) {
      assert.equal(m.rank, info.r);
      assert.equal(m.scaling, info.scaling);
    }
  }
});

test('rank 0 gives the base model: its logits match PyTorch, and a zero-B rank-4 LoRA changes nothing', async () => {
  const zero = await lastLogits(card.reference.ids, loraFeeds([]));
  assert.equal(zero.length, card.reference.lastLogits.length);
  let worst = 0;
  for (let i = 0; i < zero.length; i++)
    worst = Math.max(worst, Math.abs((zero[i] ?? 0) - (card.reference.lastLogits[i] ?? 0)));
  assert.ok(worst < 1e-3, `max |onnx - torch| = ${worst}`);
  const zb: Record<string, ort.Tensor> = {};
  for (const [name, { in: nIn, out: nOut }] of modules) {
    zb[`lora.${name}.A`] = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 4 * nIn }, (_, i) => Math.sin(i)),
      [4, nIn],
    );
    zb[`lora.${name}.B`] = new ort.Tensor('float32', new Float32Array(nOut * 4), [nOut, 4]);
  }
  const same = await lastLogits(card.reference.ids, zb);
  for (let i = 0; i < zero.length; i++) assert.ok(Math.abs((same[i] ?? 0) - (zero[i] ?? 0)) < 1e-5);
});

for (const [name, parts] of Object.entries(configs)) {
  test(`${name}: greedy predictions on the first ${card.predictions.first} test items match PyTorch`, async () => {
    const want = card.predictions.byConfig[name];
    assert.ok(want !== undefined && want.length === test50.length);
    const feeds = loraFeeds(parts());
    const got: string[] = [];
    for (const row of test50) got.push(await greedy(row.prompt, feeds));
    assert.deepEqual(got, want);
    const em = got.filter((p, i) => p === test50[i]?.answer).length / got.length;
    const full = card.exactMatch.table[name]?.target ?? NaN;
    assert.ok(Math.abs(em - full) <= 0.2, `${name}: EM on 50 = ${em}, card EM on 100 = ${full}`);
  });
}

// Dev loss at w = 0.5 (softmax of zero logits) and at w = 1 (free) match the gradient-check points and the loss table.
test("the card's CAT objective is scoreOnTask's loss at the gradient-check points", async () => {
  assert.deepEqual(card.cat.adapters, ['lora-arith', 'lora-words']);
  const dev = parseTaskJsonl(readFileSync(join(BASE, 'data', 'dev.jsonl'), 'utf8'), 'dev.jsonl');
  const half = await scoreOnTask(
    session,
    [
      { adapter: adapters.get('arith')!, weight: 0.5 },
      { adapter: adapters.get('words')!, weight: 0.5 },
    ],
    dev,
    { bos: BOS, maxNew: 1 },
  );
  assert.ok(
    Math.abs(half.loss - card.cat.gradientCheck.loss) < 1e-4,
    `ORT ${half.loss} vs PyTorch ${card.cat.gradientCheck.loss}`,
  );
  const sum = await scoreOnTask(session, configs['sum']!(), dev, { bos: BOS, maxNew: 1 });
  assert.ok(
    Math.abs(sum.loss - card.cat.gradientCheck.free.loss) < 1e-4,
    `ORT ${sum.loss} vs PyTorch ${card.cat.gradientCheck.free.loss}`,
  );
  assert.ok(Math.abs(sum.loss - (card.loss.table['sum']?.targetDev ?? NaN)) < 1e-3);
  for (const g of [card.cat.gradientCheck.gradient, card.cat.gradientCheck.free.gradient]) {
    assert.equal(g.length, card.cat.learned.free.weights.length);
    assert.ok(g.every((row) => row.length === 2 && row.every(Number.isFinite)));
  }
  // Softmax logits: each row's gradient sums to zero (a shift of a row's logits changes nothing).
  for (const row of card.cat.gradientCheck.gradient) assert.ok(Math.abs((row[0] ?? 0) + (row[1] ?? 0)) < 1e-4);
});
