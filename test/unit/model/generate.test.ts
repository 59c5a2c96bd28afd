import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { MODELS } from '../helpers';

// transformers.js is ESM-only; load it the way the engine does.
const load = () => import('@huggingface/transformers');

test('transformers.js loads lens-lm offline and generate() continues a repeated span (KV cache)', async () => {
  const tjs = await load();
  tjs.env.allowRemoteModels = false;
  tjs.env.localModelPath = MODELS;
  tjs.env.useFSCache = false;
  const tokenizer = await tjs.AutoTokenizer.from_pretrained('lens-lm');
  const model = await tjs.AutoModelForCausalLM.from_pretrained('lens-lm', { dtype: 'fp32', device: 'cpu' });
  const span = 'Xq7Kp2Lm9Zr4Wt8B';
  const prompt = `const key = "${span}";\nconst again = "${span.slice(0, 4)}`;
  const inputs = tokenizer(prompt);
  const out = (await model.generate({ ...inputs, max_new_tokens: 12, do_sample: false })) as { tolist(): bigint[][] };
  const ids = (out.tolist()[0] ?? []).map(Number);
  const text = tokenizer.decode(ids, { skip_special_tokens: true });
  assert.ok(text.startsWith(prompt));
  // The span is random, so only copying from the context can continue it: at least 8 characters.
  const continued = text.slice(prompt.length);
  let copied = 0;
  while (copied < 12 && continued[copied] === span[4 + copied]) copied++;
  assert.ok(copied >= 8, `continued with ${JSON.stringify(continued)}, ${copied} characters copied`);
  await model.dispose();
});

test('the KV-cache graph and the analysis graph give the same logits', async () => {
  const ids = [...new TextEncoder().encode('export function add(a: number, b: number) {')];
  const feed = (names: readonly string[]) => {
    const n = ids.length;
    const f: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    };
    if (names.includes('position_ids'))
      f['position_ids'] = new ort.Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, n]);
    return f;
  };
  const kv = await ort.InferenceSession.create(join(MODELS, 'lens-lm', 'onnx', 'model.onnx'));
  const an = await ort.InferenceSession.create(join(MODELS, 'lens-lm', 'lens-lm.analysis.onnx'));
  const past: Record<string, ort.Tensor> = {};
  for (const m of kv.inputMetadata) {
    if (m.isTensor && m.name.startsWith('past_key_values')) {
      past[m.name] = new ort.Tensor(
        'float32',
        new Float32Array(0),
        m.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 0)),
      );
    }
  }
  const a = (await kv.run({ ...feed(kv.inputNames), ...past }))['logits']?.data as Float32Array;
  const outs = await an.run(feed(an.inputNames));
  const b = outs['logits']?.data as Float32Array;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  assert.ok(worst < 1e-3, `max |diff| ${worst}`);
  const att = outs['attentions.0'];
  assert.deepEqual(att?.dims, [1, 6, ids.length, ids.length]);
  const row = (att?.data as Float32Array).subarray(0, ids.length);
  assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-5, 'an attention row sums to 1');
  assert.ok(
    row.subarray(1).every((x) => x === 0),
    'causal: the first token attends only to itself',
  );
  assert.ok(outs['hidden_states.4'] !== undefined);
  await kv.release();
  await an.release();
});
