import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { LensError } from '../../../src/core/errors';
import { chunkingOf } from '../../../src/core/model/byteLevel';
import { chunkRanges, encodeBounded } from '../../../src/core/model/encodeBounded';
import { readTokenizer } from '../../../src/core/model/readFiles';
import { spanTokenizer, type SpanTokenizer } from '../../../src/core/model/tokenizer';
import { MODELS } from '../helpers';

const lensLm = readTokenizer(join(MODELS, 'lens-lm'));
const isCode = (code: string, message: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === code && message.test(e.message);

/** A tokenizer that counts the UTF-16 units it was asked to encode. */
function spy(tok: SpanTokenizer): { tok: SpanTokenizer; units: () => number } {
  let units = 0;
  const counting: SpanTokenizer = {
    ...tok,
    encode: (text) => {
      units += text.length;
      return tok.encode(text);
    },
  };
  return { tok: counting, units: () => units };
}

/** GPT-2's byte → character table, for a small byte-level BPE with a pre-token regex and merges. */
function byteChars(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  let extra = 0;
  return Array.from({ length: 256 }, (_, b) => String.fromCodePoint(printable(b) ? b : 256 + extra++));
}

function gpt2Like(preTokenizer: object = { type: 'ByteLevel', add_prefix_space: false, use_regex: true }): object {
  const vocab: Record<string, number> = {};
  byteChars().forEach((c, i) => (vocab[c] = i));
  const merges = ['Ġ t', 'h e', 'Ġt he', 'Ġ Ġ', 'Ċ Ċ', 'i n', 'Ġ in'];
  for (const m of merges) vocab[m.replace(' ', '')] = Object.keys(vocab).length;
  return {
    version: '1.0',
    added_tokens: [{ id: 300, content: '<|endoftext|>', special: true, normalized: false }],
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, use_regex: true },
    model: { type: 'BPE', vocab, merges },
  };
}

const text =
  'the cat in the  hat\n\nthen   in<|endoftext|>the end\n' +
  '  indented the line\nCafé ☕ 🚀 in the rocket\n\tthe tab\n'.repeat(5);

test('a text over the byte limit is refused by bytes, before the tokenizer runs', async () => {
  const s = spy(lensLm);
  await assert.rejects(
    encodeBounded(s.tok, 'x'.repeat(16 * 100 + 1), { maxTokens: 100 }),
    isCode('too-long', /1601 bytes, more than 1600 .*100 tokens/u),
  );
  await assert.rejects(encodeBounded(s.tok, 'é'.repeat(801), { maxTokens: 100 }), isCode('too-long', /1602 bytes/u));
  assert.equal(s.units(), 0);
});

test('tokenizing stops at the first piece past the token limit', async () => {
  const s = spy(lensLm);
  const long = 'word and word\n'.repeat(1000); // 14,000 bytes: within 16 bytes per token of 1,000
  await assert.rejects(
    encodeBounded(s.tok, long, { maxTokens: 1000, chunkChars: 500 }),
    isCode('too-long', /more tokens than modelLens\.maxTokens \(1000\)/u),
  );
  // Byte-level: 1,000 tokens are 1,000 units; the pieces of ~500 units stop at the third.
  assert.ok(s.units() <= 1500 + 14, `encoded ${s.units()} of ${long.length} units`);
});

test('a cancelled encoding stops between pieces', async () => {
  const s = spy(lensLm);
  const controller = new AbortController();
  const done = encodeBounded(s.tok, 'word and word\n'.repeat(100), {
    maxTokens: 5000,
    chunkChars: 100,
    signal: controller.signal,
  });
  controller.abort();
  await assert.rejects(done, isCode('cancelled', /cancelled/u));
  assert.ok(s.units() <= 114, `encoded ${s.units()} units after the abort`);
});

test('pieces encode to the same ids and ranges as the whole text (lens-lm, and a GPT-2-like BPE)', async () => {
  const gpt2 = spanTokenizer(gpt2Like());
  assert.equal(lensLm.chunking, 'anywhere');
  assert.equal(gpt2.chunking, 'words');
  for (const tok of [lensLm, gpt2]) {
    const whole = tok.encode(text);
    for (const chunkChars of [1, 3, 7, 40]) {
      assert.deepEqual(await encodeBounded(tok, text, { maxTokens: 10_000, chunkChars }), whole, `${chunkChars}`);
    }
  }
  assert.ok(gpt2.encode(text).length < lensLm.encode(text).length, 'the merges apply');
  const cuts = [...chunkRanges(text, 'words', 1)].map(([from]) => from).slice(1);
  assert.ok(cuts.length > 20);
  for (const at of cuts) {
    const [before, after] = [text[at - 1] ?? '', text[at] ?? ''];
    assert.ok(/\S/u.test(after === ' ' ? before : (text[at - 2] ?? '')), `cut at ${at}`);
    assert.ok((before === '\n' && /\S/u.test(after)) || (after === ' ' && /\p{L}/u.test(text[at + 1] ?? '')), `${at}`);
  }
});

test('tokenizers whose pieces could encode differently are not cut', () => {
  assert.equal(chunkingOf(gpt2Like({ type: 'ByteLevel', add_prefix_space: true, use_regex: true })), undefined);
  assert.equal(chunkingOf(gpt2Like({ type: 'ByteLevel', add_prefix_space: false, use_regex: false })), undefined);
  assert.equal(chunkingOf({ ...gpt2Like(), normalizer: { type: 'NFC' } }), undefined);
  const spaced = { ...gpt2Like(), added_tokens: [{ id: 300, content: '<end of text>' }] };
  assert.equal(chunkingOf(spaced), undefined);
  assert.deepEqual([...chunkRanges('abc\ndef', undefined, 2)], [[0, 7]]);
});
