import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { loadModel } from '../../../src/core/model/loadModel';
import { graphFeeds } from '../../../src/core/model/graphFeeds';
import type { CausalLM } from '../../../src/core/model/types';
import { FIXTURES, MODELS, quiet } from '../helpers';

interface FixtureText {
  readonly text: string;
  readonly ids: number[];
  readonly probeLogits: number[][];
  readonly nextLogProb: number[];
}
interface Fixture {
  readonly probeIds: number[];
  readonly texts: FixtureText[];
}

const EOT = 50256;
const TOL = 1e-3;
const opts = { modelsDir: MODELS, device: 'cpu' as const, log: quiet };
const fixtureOf = (name: string): Fixture =>
  JSON.parse(readFileSync(join(FIXTURES, 'bpe', `${name}.json`), 'utf8')) as Fixture;

/** log-softmax of one row of logits at `id`. */
function logProb(row: Float32Array, id: number): number {
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  return (row[id] ?? NaN) - max - Math.log(sum);
}

/** The fixture's logits at its probe ids and the log-probability of each next token, against `rows` [T][vocab]. */
function assertMatches(rows: Float32Array[], t: FixtureText, probeIds: number[], what: string): void {
  assert.equal(rows.length, t.ids.length + 1, what);
  const next = [...t.ids, EOT];
  rows.forEach((row, p) => {
    probeIds.forEach((id, j) => {
      const want = t.probeLogits[p]?.[j] ?? NaN;
      assert.ok(Math.abs((row[id] ?? NaN) - want) < TOL, `${what}: logit ${id} at ${p}: ${row[id]} vs ${want}`);
    });
    const got = logProb(row, next[p] ?? -1);
    const want = t.nextLogProb[p] ?? NaN;
    assert.ok(Math.abs(got - want) < TOL, `${what}: log p(next) at ${p}: ${got} vs ${want}`);
  });
}

async function rowsOf(lm: CausalLM, ids: number[]): Promise<Float32Array[]> {
  const out = await lm.logits([ids]);
  return Array.from({ length: out.length }, (_, p) => out.data.subarray(p * out.vocab, (p + 1) * out.vocab));
}

for (const name of ['lens-gpt2', 'lens-llama']) {
  for (const spec of [name, join(MODELS, name)]) {
    const how = spec === name ? 'by name' : 'as a folder';
    test(`${name} (${how}, past_key_values fed empty): PyTorch's logits, the same ids`, async () => {
      const fixture = fixtureOf(name);
      const lm = await loadModel(spec, opts);
      try {
        assert.equal(lm.bosId, EOT);
        assert.equal(lm.context, 256);
        for (const t of fixture.texts) {
          assert.deepEqual(
            lm.tokenizer.encode(t.text).map((s) => s.id),
            t.ids,
          );
          assertMatches(await rowsOf(lm, [EOT, ...t.ids]), t, fixture.probeIds, `${name} "${t.text.slice(0, 12)}"`);
        }
      } finally {
        await lm.dispose();
      }
    });
  }

  test(`${name} in two steps, the second fed the first's present.* as past_key_values: the same`, async () => {
    const fixture = fixtureOf(name);
    const session = await ort.InferenceSession.create(join(MODELS, name, 'onnx', 'model.onnx'));
    try {
      for (const t of fixture.texts) {
        const ids = [EOT, ...t.ids];
        const cut = Math.floor(ids.length / 2);
        const first = ids.slice(0, cut);
        const feeds = graphFeeds(session, BigInt64Array.from(first, BigInt), new BigInt64Array(cut).fill(1n), 1, cut);
        const a = await session.run(feeds);
        const rest = ids.slice(cut);
        const second: Record<string, ort.Tensor> = {
          input_ids: new ort.Tensor('int64', BigInt64Array.from(rest, BigInt), [1, rest.length]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
          position_ids: new ort.Tensor(
            'int64',
            BigInt64Array.from(rest, (_, i) => BigInt(cut + i)),
            [1, rest.length],
          ),
        };
        for (const input of session.inputNames.filter((n) => n.startsWith('past_key_values.'))) {
          const present = a[input.replace('past_key_values.', 'present.')];
          assert.ok(present !== undefined && present.dims[2] === cut, `${input}: the first step's present`);
          second[input] = present;
        }
        const b = await session.run(second);
        const rows = [a, b].flatMap((out) => {
          const logits = out['logits'];
          assert.ok(logits !== undefined);
          const [, T = 0, V = 0] = logits.dims;
          const data = logits.data as Float32Array;
          return Array.from({ length: T }, (_, p) => data.subarray(p * V, (p + 1) * V));
        });
        assertMatches(rows, t, fixture.probeIds, `${name} in two steps`);
      }
    } finally {
      await session.release();
    }
  });
}

test('the BPE models beat a token unigram (and a byte unigram by far) on held-out code and prose', () => {
  for (const name of ['lens-gpt2', 'lens-llama']) {
    const card = JSON.parse(readFileSync(join(MODELS, name, 'model-card.json'), 'utf8')) as {
      metrics: Record<
        'code' | 'prose',
        Record<'bitsPerByte' | 'tokenUnigramBitsPerByte' | 'byteUnigramBitsPerByte', number>
      >;
    };
    for (const kind of ['code', 'prose'] as const) {
      const m = card.metrics[kind];
      assert.ok(m.bitsPerByte < m.tokenUnigramBitsPerByte - 0.4, `${name} ${kind}: ${JSON.stringify(m)}`);
      assert.ok(m.bitsPerByte < m.byteUnigramBitsPerByte - 2, `${name} ${kind}: ${JSON.stringify(m)}`);
    }
  }
});
