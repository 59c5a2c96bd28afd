import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cutAround } from '../../../src/engine/dependencies/tokenJob';
import { DependenciesJobs } from '../../../src/engine/dependencies/jobs';
import {
  DependenciesParamsSchema,
  DependenciesResultSchema,
  tokenSlice,
  TOKEN_SLICE_BEFORE,
  type DependenciesParams,
  type DependenciesResult,
  type DependencyView,
} from '../../../src/shared/dependencies';
import { check } from '../../../src/shared/schema';
import { readManifest } from '../../../src/core/model/manifest';
import { FIXTURES, MODELS } from '../helpers';

const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
const never = new AbortController().signal;
const jobs = new DependenciesJobs(MODELS, mkdtempSync(join(tmpdir(), 'lens-attn-cache-')));
const base = {
  text: sample,
  source: 'sample.ts',
  model: 'lens-lm',
  device: 'cpu' as const,
  allowLocalFiles: true,
  p: 0.9,
  k: 16,
  maxTokens: 16384,
  maps: false,
};

async function run(params: Partial<DependenciesParams> & { at: number }): Promise<DependenciesResult> {
  const full = { ...base, method: 'both' as const, ...params };
  assert.ok(check(DependenciesParamsSchema, full).ok, 'params pass the schema');
  const result = await jobs.run(full, never, () => undefined);
  const checked = check(DependenciesResultSchema, result);
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  return result;
}

/** The UTF-16 offset in `text` (the sample by default) of its byte `b`. */
function offsetOfByte(b: number, text = sample): number {
  const i = Array.from({ length: text.length }, (_, j) => j).find((j) => Buffer.byteLength(text.slice(0, j)) === b);
  assert.ok(i !== undefined);
  return i;
}

/** The token's numbers, by document place (indices differ: a whole-text result counts from the text's start). */
function ofToken(r: DependenciesResult): unknown {
  const i = r.at?.index ?? -1;
  const deps = (ds: readonly DependencyView[] | undefined) =>
    ds?.map((d) => [d.start, d.end, d.line, d.character, d.text, d.weight]);
  return {
    token: r.tokens[i],
    kAttention: r.kAttention?.[i],
    kLayers: r.kLayers?.map((k) => k[i]),
    kAblation: r.kAblation?.[i],
    attention: deps(r.at?.attention),
    ablation: deps(r.at?.ablation),
  };
}

test('one token, from the window ending at it: the whole-text numbers where that is its planned window', async () => {
  // Token position t (BOS = 0) is byte t − 1. Windows of C (lens-lm's context), stride C/2: [C/2, 3C/2) scores
  // tokens C..3C/2 − 1, so token 3C/2 − 1 (byte 3C/2 − 2) is the last of its planned window: the same C tokens
  // are fed.
  const context = readManifest(MODELS).find((m) => m.name === 'lens-lm')?.context ?? 0;
  const text = sample.repeat(Math.ceil((1.5 * context) / Buffer.byteLength(sample)));
  const at = offsetOfByte(1.5 * context - 2, text);
  const whole = await run({ at, method: 'attention', text });
  const token = await run({ at, method: 'attention', scope: 'token', text });
  assert.equal(token.scope, 'token');
  assert.equal(whole.scope, undefined);
  assert.equal(token.tokens.length, context, 'the window: the token and the context - 1 before it');
  assert.equal(whole.tokens.length, Buffer.byteLength(text));
  assert.equal(token.tokens[token.at?.index ?? -1]?.start, at);
  assert.equal(token.at?.context, context - 1);
  const first = whole.tokens[context / 2 - 1];
  assert.equal(token.tokens[0]?.start, first?.start, 'the window starts at token C/2 (result index C/2 - 1)');
  assert.deepEqual(ofToken(token), ofToken(whole));
  assert.ok((token.at?.attention?.length ?? 0) > 0);
});

test('a token of the first window: the same dependencies as the whole text (the model is causal)', async () => {
  const at = offsetOfByte(50);
  const whole = await run({ at });
  const token = await run({ at, scope: 'token' });
  const bytes = Buffer.byteLength(sample.slice(0, at));
  assert.equal(token.tokens.length, bytes + 1, 'the BOS is not a token; the window ends at the token');
  assert.equal(token.at?.context, bytes);
  const a = ofToken(whole) as { attention: number[][]; kAttention: number };
  const b = ofToken(token) as { attention: number[][]; kAttention: number };
  assert.equal(b.kAttention, a.kAttention);
  assert.deepEqual(
    b.attention.map((d) => d.slice(0, 5)),
    a.attention.map((d) => d.slice(0, 5)),
  );
  for (const [i, d] of b.attention.entries()) assert.ok(Math.abs(Number(d[5]) - Number(a.attention[i]?.[5])) < 2e-3);
  const ablation = (r: DependenciesResult) => r.at?.ablation?.map((d) => [d.start, d.text, d.weight.toFixed(1)]);
  assert.ok((token.at?.ablation?.length ?? 0) > 0);
  assert.deepEqual(ablation(token), ablation(whole));
  assert.equal(token.kAblation?.[token.at?.index ?? -1], whole.kAblation?.[whole.at?.index ?? -1]);
  assert.equal(token.ablation?.runs !== undefined && token.ablation.runs > 0, true);
});

test('only the part of the document around the cursor is needed; places are the document ones', async () => {
  const doc = `${'# filler line of a long file\n'.repeat(200_000)}${sample}`;
  assert.ok(doc.length > 5_000_000);
  const at = doc.length - sample.length + 382;
  const { start, end } = tokenSlice(doc.length, at);
  assert.equal(start, at - TOKEN_SLICE_BEFORE);
  const lines = doc.slice(0, start).split('\n');
  const origin = { offset: start, line: lines.length - 1, character: lines.at(-1)?.length ?? 0 };
  const sliced = await run({ at, scope: 'token', method: 'attention', text: doc.slice(start, end), origin });
  const whole = await run({ at, scope: 'token', method: 'attention', text: doc, maxTokens: 1 });
  assert.deepEqual(ofToken(sliced), ofToken(whole));
  const first = sliced.at?.attention?.find((d) => d.index >= 0);
  assert.ok(first !== undefined);
  const before = doc.slice(0, first.start).split('\n');
  assert.equal(first.line, before.length - 1);
  assert.equal(first.character, before.at(-1)?.length);
  assert.equal(first.text, doc.slice(first.start, first.end));
});

test('the first token has no earlier context (context 0); the end of the text is its last token', async () => {
  const first = await run({ at: 0, scope: 'token' });
  assert.equal(first.at?.context, 0);
  assert.equal(first.at?.index, 0);
  assert.deepEqual(first.at?.ablation, []);
  const end = await run({ at: sample.length, scope: 'token', method: 'attention' });
  assert.equal(end.tokens[end.at?.index ?? -1]?.end, sample.length);
});

test('cutAround keeps whole characters and counts lines and characters of the cut', () => {
  const text = `ab\ncd${'😀'.repeat(TOKEN_SLICE_BEFORE)}x`;
  const at = text.length - 1;
  const cut = cutAround(text, { offset: 10, line: 2, character: 4 }, at + 10);
  assert.equal(cut.text.charCodeAt(0) >= 0xdc00 && cut.text.charCodeAt(0) <= 0xdfff, false, 'no half character');
  assert.equal(cut.origin.offset, 10 + text.length - cut.text.length);
  assert.equal(cut.origin.line, 3);
  assert.equal(cut.origin.character, cut.origin.offset - 10 - 3);
  assert.ok(cut.text.endsWith('x'));
  const short = cutAround('hello', { offset: 0, line: 0, character: 0 }, 2);
  assert.deepEqual(short, { text: 'hello', origin: { offset: 0, line: 0, character: 0 } });
});

test("the 'token' scope needs an offset; offsets must lie in the sent part", () => {
  const params = { ...base, method: 'both' as const };
  assert.equal(check(DependenciesParamsSchema, { ...params, scope: 'token' }).ok, false);
  const origin = { offset: 100, line: 3, character: 0 };
  assert.equal(check(DependenciesParamsSchema, { ...params, origin, at: 99 }).ok, false);
  assert.equal(check(DependenciesParamsSchema, { ...params, origin, at: 100 + sample.length }).ok, true);
  assert.equal(check(DependenciesParamsSchema, { ...params, origin, at: 101 + sample.length }).ok, false);
});
