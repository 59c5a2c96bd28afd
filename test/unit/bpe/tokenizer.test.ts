import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encode as gpt2Encode } from 'gpt-3-encoder';
import { encodeBounded } from '../../../src/core/model/encodeBounded';
import { readTokenizer } from '../../../src/core/model/readFiles';
import { FIXTURES, MODELS } from '../helpers';

const BPE_MODELS = ['lens-gpt2', 'lens-llama'];
const tok = readTokenizer(join(MODELS, 'lens-gpt2'));

// One piece a line: the lines stay within 120 bytes.
// prettier-ignore
const MULTI_BYTE = [
  'naïve café — 日本語のテキスト,',
  '한국어, Ελληνικά;',
  'emoji 🎉👩‍👩‍👧 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u00a0end',
];

const TEXTS = {
  code: readFileSync(join(FIXTURES, 'sample.ts'), 'utf8'),
  prose: "It's a truth universally acknowledged that tokenizers disagree; we'll see.\n\n  Indented   spaces\tand tabs.",
  multiByte: MULTI_BYTE.join(' '),
};

for (const [kind, text] of Object.entries(TEXTS)) {
  test(`the zoo's GPT-2 tokenizer.json gives gpt-3-encoder's own ids on ${kind}`, () => {
    const ids = tok.encode(text).map((s) => s.id);
    assert.ok(ids.length > 10);
    assert.deepEqual(ids, gpt2Encode(text));
  });
}

test('both BPE models ship the same tokenizer.json, 50,257 ids with <|endoftext|> = 50256', () => {
  const [a, b] = BPE_MODELS.map((m) => readFileSync(join(MODELS, m, 'tokenizer.json'), 'utf8'));
  assert.equal(a, b);
  assert.equal(tok.vocabSize, 50257);
  assert.equal(tok.decode([50256]), '<|endoftext|>');
});

/** UTF-16 offsets where a character starts, and the text's length. */
function characterBoundaries(text: string): Set<number> {
  const out = new Set<number>([text.length]);
  let at = 0;
  for (const ch of text) {
    out.add(at);
    at += ch.length;
  }
  return out;
}

test('token ranges on multi-byte text cover whole characters, in order, and tile the text', () => {
  const text = 'é日本🎉 x日本語 🎉🎉 naïve';
  const spans = tok.encode(text);
  const bounds = characterBoundaries(text);
  const bytesOf = tok.bytesOf;
  assert.ok(bytesOf !== undefined);
  // The tokens' bytes, concatenated, are the text's UTF-8 (so no byte is lost or doubled).
  const bytes = Buffer.concat(spans.map((s) => Buffer.from(bytesOf(s.id) ?? new Uint8Array())));
  assert.equal(bytes.toString('utf8'), text);
  assert.equal(spans[0]?.start, 0);
  assert.equal(spans.at(-1)?.end, text.length);
  spans.forEach((s, i) => {
    assert.ok(bounds.has(s.start) && bounds.has(s.end) && s.end > s.start, `token ${i} splits a character`);
    const next = spans[i + 1];
    if (next === undefined) return;
    assert.ok(next.start >= s.start && next.end >= s.end, `token ${i + 1} goes back`);
    assert.ok(next.start <= s.end, `a gap after token ${i}`);
    // Two tokens share a range only where one character's bytes are split between them.
    if (next.start < s.end) assert.equal([...text.slice(next.start, s.end)].length, 1, `token ${i} overlaps more`);
  });
  // 日 and 🎉 are split across tokens by GPT-2's merges: the pieces share the character.
  const shared = spans.filter((s, i) => i > 0 && s.start < (spans[i - 1]?.end ?? 0));
  assert.ok(shared.length > 0, 'the text should make GPT-2 split a character');
});

test("a long file encoded in pieces (as the analyses encode it) gives gpt-3-encoder's ids for the whole", async () => {
  assert.equal(tok.chunking, 'words');
  const text = ['sample.ts', 'settings.ts', 'problems.txt']
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8'))
    .join('\n\n')
    .repeat(4);
  const spans = await encodeBounded(tok, text, { maxTokens: 1e6, chunkChars: 512 });
  assert.deepEqual(
    spans.map((s) => s.id),
    gpt2Encode(text),
  );
});
