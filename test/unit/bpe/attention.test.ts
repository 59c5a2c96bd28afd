import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { attentionGraphFor } from '../../../src/core/formats/onnx/attentionGraph';
import { graphFeeds } from '../../../src/core/model/graphFeeds';
import { FIXTURES, MODELS } from '../helpers';

const EOT = 50256;
const cache = mkdtempSync(join(tmpdir(), 'lens-bpe-attention-'));

for (const name of ['lens-gpt2', 'lens-llama']) {
  test(`graph surgery finds ${name}'s two attention softmaxes, and they are PyTorch's probabilities`, async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'bpe', `${name}.json`), 'utf8')) as {
      texts: { ids: number[] }[];
      attentionsOfLastText: number[][][][];
    };
    const graph = await attentionGraphFor(join(MODELS, name, 'onnx', 'model.onnx'), cache);
    assert.equal(graph.kind, 'rewritten', graph.kind === 'unavailable' ? graph.reason : '');
    assert.ok(graph.kind === 'rewritten');
    assert.deepEqual(
      graph.outputs.map((o) => o.name),
      ['attentions.0', 'attentions.1'],
    );
    const session = await ort.InferenceSession.create(graph.path);
    try {
      const ids = [EOT, ...(fixture.texts.at(-1)?.ids ?? [])];
      const n = ids.length;
      const feeds = graphFeeds(session, BigInt64Array.from(ids, BigInt), new BigInt64Array(n).fill(1n), 1, n);
      const out = await session.run(feeds, ['attentions.0', 'attentions.1']);
      fixture.attentionsOfLastText.forEach((want, layer) => {
        const got = out[`attentions.${layer}`];
        assert.ok(got !== undefined);
        // [batch, query heads (4, also where Llama's 2 key-value heads are shared), query, key]
        assert.deepEqual(got.dims, [1, 4, n, n]);
        const data = got.data as Float32Array;
        let worst = 0;
        want.forEach((head, h) =>
          head.forEach((row, q) =>
            row.forEach((p, k) => (worst = Math.max(worst, Math.abs((data[(h * n + q) * n + k] ?? NaN) - p)))),
          ),
        );
        assert.ok(worst < 1e-4, `layer ${layer}: largest difference from PyTorch ${worst}`);
      });
    } finally {
      await session.release();
    }
  });
}
