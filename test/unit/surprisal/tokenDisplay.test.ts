import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesText, candidateText } from '../../../src/core/analyses/surprisal/candidateText';
import { loadModel } from '../../../src/core/model/loadModel';
import type { SpanTokenizer } from '../../../src/core/model/tokenizer';
import { binaryReason, decodeText } from '../../../src/core/text/decodeText';
import { LensError } from '../../../src/core/errors';
import { cellsIn, displayCells, rulerOffsets } from '../../../src/host/surprisal/displayCells';
import { codeSpan, hoverMarkdown } from '../../../src/host/surprisal/hoverMarkdown';
import type { SurprisalResult } from '../../../src/shared/surprisal';
import { MODELS, quiet } from '../helpers';

test('bytes of a partial character read <0xC3>; whole characters read as text', () => {
  assert.equal(bytesText(Uint8Array.of(0xc3)), '<0xC3>');
  assert.equal(bytesText(Uint8Array.of(0x61, 0xc3, 0xa9)), 'aé');
  assert.equal(bytesText(Uint8Array.of(0xe2, 0x82)), '<0xE2><0x82>');
  assert.equal(bytesText(Uint8Array.of(0xa9, 0x62)), '<0xA9>b');
  assert.equal(bytesText(Uint8Array.of(0xf0, 0x9f, 0x9a, 0x80)), '🚀');
});

test("lens-lm's top candidates that are one byte of a character read <0xC3>, not U+FFFD", async () => {
  const lm = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log: quiet });
  try {
    const first = lm.tokenizer.encode('é')[0]?.id ?? -1; // the byte 0xC3
    assert.equal(lm.tokenizer.decode([first]), '\uFFFD'); // what the decoder alone gives
    assert.equal(candidateText(lm.tokenizer, first), '<0xC3>');
    assert.equal(candidateText(lm.tokenizer, lm.tokenizer.encode('"')[0]?.id ?? -1), '"');
  } finally {
    await lm.dispose();
  }
});

test('a tokenizer that does not know its bytes keeps the decoder text', () => {
  const tok: SpanTokenizer = { encode: () => [], decode: () => '\uFFFD', vocabSize: 1 };
  assert.equal(candidateText(tok, 0), '\uFFFD');
});

test('one binary check: NUL in the first 64 KiB or invalid UTF-8, with the message the extension shows too', () => {
  assert.equal(binaryReason(new TextEncoder().encode('naïve "text"\n')), undefined);
  assert.equal(binaryReason(Uint8Array.of(0x61, 0, 0x62)), 'it contains NUL bytes');
  assert.equal(binaryReason(Uint8Array.of(0x61, 0xc3, 0x28)), 'it is not valid UTF-8');
  assert.throws(
    () => decodeText(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0), { name: 'logo.png' }),
    (e) =>
      e instanceof LensError &&
      e.code === 'binary-file' &&
      /^logo\.png is a binary file .*; Model Lens analyses text/u.test(e.message),
  );
});

const token = (text: string, start: number, surprisal: number) => ({
  text,
  start,
  end: start + text.length,
  surprisal,
});

test('the hover shows tokens as in the file: quotes unescaped, backticks and pipes safe in the table', () => {
  const result: SurprisalResult = {
    model: 'lens-lm',
    device: 'cpu',
    tokens: [token('x', 0, 3)],
    bitsPerByte: 3,
    bytes: 1,
    window: 256,
    offset: 0,
  };
  const cell = { start: 0, end: 1, surprisal: 3, first: 0, count: 1 };
  const md = hoverMarkdown(result, cell, [
    { text: '"""', p: 0.5 },
    { text: '<0xC3>', p: 0.25 },
    { text: '\n', p: 0.125 },
  ]);
  assert.match(md, /surprisal \*\*3\.00 bits\*\*/u);
  assert.match(md, /\| `"""` \| 50\.0% \|/u);
  assert.match(md, /\| `<0xC3>` \| 25\.0% \|/u);
  assert.match(md, /\| `↵` \| 12\.5% \|/u);
  assert.doesNotMatch(md, /\\"/u);
  assert.equal(codeSpan('a`b'), '`` a`b ``');
  assert.equal(codeSpan('a|b'), '`a\\|b`');
  const long = hoverMarkdown({ ...result, topId: 'run-1' }, cell, undefined);
  assert.match(long, /no longer kept by the engine/u);
});

test('decorations take the cells of the visible offsets only; the ruler the most surprising lines', () => {
  const tokens = Array.from({ length: 10 }, (_, i) => token('ab', 2 * i, i));
  const cells = displayCells(tokens);
  assert.deepEqual(
    cellsIn(cells, 5, 9).map((c) => c.start),
    [4, 6, 8],
  );
  assert.deepEqual(cellsIn(cells, 20, 30), []);
  // Levels: 0 below 1 bit, then one per 1.5 bits; the ruler takes level 6 and up (8.5 bits and more).
  assert.deepEqual(rulerOffsets(cells), [18]);
  assert.deepEqual(rulerOffsets(displayCells([token('a', 0, 9), token('b', 1, 12), token('c', 2, 10)]), 2), [1, 2]);
});
