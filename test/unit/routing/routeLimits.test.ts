/**
 * @file Routing's limits: a cancel stops the run at the next window, a local model without a card takes the
 * requested k (refused above its experts), a local model in a restricted workspace is refused, and router
 * tensors are read as [1, T, E] or as Hugging Face's [T, E].
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { loadMoeModel, type MoeModel } from '../../../src/core/analyses/routing/moeModel';
import { routerExperts, routeText, type RouteTextOptions } from '../../../src/core/analyses/routing/routeText';
import { countedSession, MODELS } from '../helpers';

const opened: MoeModel[] = [];
after(async () => Promise.all(opened.map((m) => m.session.release())));
const TEXT = 'grace hopper: 5550199\n'.repeat(8);
const options = (o: Partial<RouteTextOptions> = {}): RouteTextOptions => ({
  text: TEXT,
  offset: 0,
  source: 'test',
  languageId: 'plaintext',
  topK: undefined,
  maxTokens: 10_000,
  ...o,
});

/** A copy of the zoo's moe-phonebook-e8 folder outside the zoo: a local model with no card. */
function localCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lens-moe-local-')), 'moe');
  cpSync(join(MODELS, 'moe-phonebook-e8'), dir, { recursive: true });
  return dir;
}

test('a cancel stops routing at the next window', async () => {
  const model = await loadMoeModel('moe-phonebook-e8', { modelsDir: MODELS, allowLocalFiles: false });
  opened.push(model);
  const controller = new AbortController();
  const { session, runs } = countedSession(model.session, 3, controller);
  await assert.rejects(
    // 14,080 tokens: more windows than three of the largest batches hold, however fast the passes run.
    routeText({ ...model, session }, options({ text: TEXT.repeat(80), maxTokens: 20_000, signal: controller.signal })),
    (e: Error & { code?: string }) => e.code === 'cancelled',
  );
  assert.equal(runs(), 3, 'no window runs after the cancel');
});

test('a local model without a card takes the requested k, and a k above its experts is refused', async () => {
  const model = await loadMoeModel(localCopy(), { modelsDir: MODELS, allowLocalFiles: true });
  opened.push(model);
  assert.equal(model.topK, undefined);
  const r = await routeText(model, options({ topK: 3 }));
  assert.equal(r.topK, 3);
  assert.equal(r.topKFrom, 'request');
  assert.equal(r.layers[0]?.topk.length, 3 * Buffer.byteLength(TEXT));
  await assert.rejects(routeText(model, options({ topK: 9 })), /Top-k 9 is more than the 8 experts/u);
  // Without a request, k is 2.
  assert.equal((await routeText(model, options({ text: 'ab' }))).topK, 2);
});

test('a local model is refused in a restricted workspace', async () => {
  await assert.rejects(
    loadMoeModel(localCopy(), { modelsDir: MODELS, allowLocalFiles: false }),
    (e: Error & { code?: string }) => e.code === 'untrusted',
  );
});

test('router tensors: [1, T, E] and [T, E] give E; other shapes are refused naming the shape', () => {
  const t = (dims: number[]) => new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
  assert.equal(routerExperts(t([1, 5, 8]), 'router_logits.0', 1, 5), 8);
  assert.equal(routerExperts(t([5, 16]), 'router_logits.0', 1, 5), 16);
  // A batch of 3 windows of 5 tokens: [3, 5, E] or [15, E].
  assert.equal(routerExperts(t([3, 5, 4]), 'router_logits.0', 3, 5), 4);
  assert.equal(routerExperts(t([15, 4]), 'router_logits.0', 3, 5), 4);
  assert.throws(
    () => routerExperts(t([2, 5, 8]), 'router_logits.1', 1, 5),
    /router_logits\.1 .* \(got float32 \[2, 5, 8\]\)/u,
  );
  assert.throws(() => routerExperts(t([1, 4, 8]), 'router_logits.1', 1, 5), /\[1, 5, experts\]/u);
  assert.throws(() => routerExperts(undefined, 'router_logits.2', 1, 5), /got nothing/u);
});
