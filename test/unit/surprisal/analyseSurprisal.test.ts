import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyseSurprisal } from '../../../src/core/analyses/surprisal/analyseSurprisal';
import { LensError } from '../../../src/core/errors';
import { loadModel } from '../../../src/core/model/loadModel';
import type { CausalLM } from '../../../src/core/model/types';
import { FIXTURES, MODELS, quiet } from '../helpers';

interface Reference {
  surprisal: number[];
  bitsPerByte: number;
  top5: number[][];
  bytes: number;
}
const reference = JSON.parse(readFileSync(join(FIXTURES, 'lens-lm.reference.json'), 'utf8')) as Reference;
const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
let lm: CausalLM;

before(async () => {
  lm = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log: quiet });
});
after(async () => lm.dispose());

test('lens-lm surprisal of sample.ts matches PyTorch at zoo-build time, token by token', async () => {
  const r = await analyseSurprisal(lm, sample);
  assert.equal(r.tokens.length, reference.bytes);
  assert.equal(r.bytes, reference.bytes);
  let worst = 0;
  r.tokens.forEach((t, i) => {
    worst = Math.max(worst, Math.abs(t.surprisal - (reference.surprisal[i] ?? NaN)));
  });
  assert.ok(worst < 2e-3, `largest difference ${worst} bits`);
  assert.ok(Math.abs(r.bitsPerByte - reference.bitsPerByte) < 1e-4, `${r.bitsPerByte} vs ${reference.bitsPerByte}`);
});

test('top-5 candidates agree with PyTorch where the model is not near a tie', async () => {
  const r = await analyseSurprisal(lm, sample);
  // A byte that is not a whole character reads <0xC3>: it is that byte's id.
  const tokenizerIds = (text: string) => {
    const hex = /^<0x([0-9A-F]{2})>$/u.exec(text)?.[1];
    return hex === undefined ? [...new TextEncoder().encode(text)] : [parseInt(hex, 16)];
  };
  let compared = 0;
  r.tokens.forEach((t, i) => {
    const top = t.top ?? [];
    if (top.length < 2 || (top[0]?.p ?? 0) - (top[1]?.p ?? 0) < 1e-3) return;
    const id = tokenizerIds(top[0]?.text ?? '')[0];
    assert.notEqual(top[0]?.text, '\uFFFD', `top-1 at token ${i} reads U+FFFD`);
    if (id === undefined) return;
    assert.equal(id, reference.top5[i]?.[0], `top-1 at token ${i}`);
    compared++;
  });
  assert.ok(compared > 500, `compared ${compared} positions`);
});

test('ranges are UTF-16 offsets into the text, shifted by the offset of a selection', async () => {
  const r = await analyseSurprisal(lm, 'Café ☕ 🚀', { offset: 100 });
  const rocket = r.tokens.filter((t) => t.text === '🚀');
  assert.equal(rocket.length, 4);
  assert.deepEqual([rocket[0]?.start, rocket[0]?.end], [107, 109]);
  assert.equal(r.bytes, new TextEncoder().encode('Café ☕ 🚀').length);
});

test('text longer than the window is scored in windows, and the model reads from its context', async () => {
  const line = 'id=Xq7Kp2Lm9Zr4Wt8Bv3Nc6Hd1Jf5Gs0 token=Ty6Ua3Oe8Ri2Pw5Qs1Dk7Fl4Mz9Cx0 checksum=0x5fa9e1\n';
  const copies = Math.ceil((2.5 * lm.context) / line.length);
  const long = line.repeat(copies);
  const r = await analyseSurprisal(lm, long);
  assert.equal(r.tokens.length, Buffer.byteLength(long));
  assert.ok(r.tokens.length > 2 * lm.context, 'three windows at least');
  assert.ok(r.tokens.every((t) => Number.isFinite(t.surprisal) && t.surprisal >= 0));
  const bitsOf = (from: number) =>
    r.tokens.slice(from, from + line.length).reduce((a, t) => a + t.surprisal, 0) / line.length;
  const first = bitsOf(0);
  const last = bitsOf((copies - 1) * line.length);
  assert.ok(last < first - 2, `first copy ${first.toFixed(2)} bits/byte, last copy ${last.toFixed(2)}`);
});

test('empty, too long, and cancelled inputs fail with clear codes', async () => {
  const isCode = (code: string) => (e: unknown) => e instanceof LensError && e.code === code;
  await assert.rejects(analyseSurprisal(lm, ''), isCode('empty-input'));
  await assert.rejects(
    analyseSurprisal(lm, sample, { maxTokens: 100 }),
    (e) => isCode('too-long')(e) && /maxTokens/u.test(String(e)),
  );
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(analyseSurprisal(lm, sample, { signal: controller.signal }), isCode('cancelled'));
});

test('progress reaches 1 and is monotone', async () => {
  const seen: number[] = [];
  await analyseSurprisal(lm, sample.repeat(4), { onProgress: (f) => seen.push(f) });
  assert.ok(seen.length >= 2);
  assert.equal(seen[seen.length - 1], 1);
  assert.ok(seen.every((f, i) => i === 0 || f >= (seen[i - 1] ?? 0)));
});
