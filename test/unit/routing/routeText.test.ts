/**
 * @file Routing a text through the zoo's mixture-of-experts graphs: onnxruntime's router logits, routed and summed
 * by the analysis, against PyTorch's router logits of the same rows (test/fixtures/moe-zoo.reference.json, written
 * when the zoo was built); windows of a long text; a graph without router outputs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadMoeModel, type MoeModel } from '../../../src/core/analyses/routing/moeModel';
import { routeText, type RouteTextOptions } from '../../../src/core/analyses/routing/routeText';
import { routeLayer } from '../../../src/core/analyses/routing/routingStats';
import { windowFeeds } from '../../../src/core/analyses/dependencies/attentionWindow';
import { planWindows } from '../../../src/core/analyses/surprisal/planWindows';
import { TOKEN_KINDS } from '../../../src/shared/routing';
import { countedSession, FIXTURES, MODELS } from '../helpers';

interface ForwardRow {
  readonly ids: number[];
  /** [layer][position][expert], position 0 the start token. */
  readonly routerLogits: number[][][];
}
/** PyTorch's rows of the zoo's fixture (read when the test that needs it runs). */
const forwardRows = (model: string): ForwardRow[] => {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'moe-zoo.reference.json'), 'utf8')) as {
    forward: Record<string, ForwardRow[]>;
  };
  return raw.forward[model] ?? assert.fail(`no fixture rows of ${model}`);
};

const opened: MoeModel[] = [];
const open = async (name: string): Promise<MoeModel> => {
  const m = await loadMoeModel(name, { modelsDir: MODELS, allowLocalFiles: false });
  opened.push(m);
  return m;
};
after(async () => Promise.all(opened.map((m) => m.session.release())));

const options = (text: string): RouteTextOptions => ({
  text,
  offset: 0,
  source: 'test',
  languageId: 'plaintext',
  topK: undefined,
  maxTokens: 10_000,
});

test('moe-phonebook-e16: the routing of the fixture rows matches PyTorch router logits, routed', async () => {
  const model = await open('moe-phonebook-e16');
  assert.equal(model.topK, 2, "the zoo card's k");
  for (const row of forwardRows('moe-phonebook-e16')) {
    const text = Buffer.from(row.ids.slice(1)).toString('latin1');
    assert.ok(row.ids.length <= model.context, 'a fixture row fits one window');
    const r = await routeText(model, options(text));
    assert.equal(r.windows, 1);
    assert.equal(r.layers.length, row.routerLogits.length);
    row.routerLogits.forEach((z, l) => {
      // PyTorch's rows after the start token (which is fed, not counted).
      const rows = z.slice(1);
      const E = rows[0]?.length ?? 0;
      const want = routeLayer(rows.flat(), rows.length, E, 2);
      const got = r.layers[l] ?? assert.fail(`no layer ${l}`);
      assert.deepEqual(got.topk, Array.from(want.topk), `layer ${l} top-k`);
      assert.deepEqual(got.counts, want.counts, `layer ${l} counts`);
      got.gates.forEach((g, i) => assert.ok(Math.abs(g - (want.gates[i] ?? NaN)) < 2e-3, `gate ${i}`));
      assert.ok(Math.abs(got.auxLoss - want.auxLoss) < 2e-3, `layer ${l} aux ${got.auxLoss} ≠ ${want.auxLoss}`);
      assert.ok(Math.abs(got.entropy - want.entropy) < 1e-9, `layer ${l} entropy`);
    });
  }
});

test('moe-phonebook-e8: a text longer than the context is routed in windows, each token once', async () => {
  const model = await open('moe-phonebook-e8');
  const text = 'ada lovelace: 5551234\n'.repeat(6);
  const counted = countedSession(model.session, Infinity, new AbortController());
  const r = await routeText({ ...model, session: counted.session }, options(text));
  const T = Buffer.byteLength(text);
  assert.ok(r.windows > 1, `${r.windows} window(s) for ${T} tokens`);
  assert.ok(counted.runs() < r.windows, `windows of equal length share passes: ${counted.runs()} for ${r.windows}`);
  assert.equal(r.tokens.start.length, T);
  for (const l of r.layers) {
    assert.equal(l.topk.length, 2 * T);
    assert.equal(
      l.counts.reduce((a, b) => a + b, 0),
      2 * T,
    );
    // The kind matrix splits each expert's load by kind: its rows sum to the loads.
    l.kindCounts.forEach((row, e) =>
      assert.equal(
        row.reduce((a, b) => a + b, 0),
        l.counts[e],
      ),
    );
  }
  assert.equal(r.kindTotals.length, TOKEN_KINDS.length);
  assert.equal(
    r.kindTotals.reduce((a, b) => a + b, 0),
    T,
  );
  // Every window against the graph run on that window alone: the same experts for the tokens it scores.
  const ids = [256, ...Buffer.from(text)];
  for (const win of planWindows(ids.length, model.context)) {
    const out = await model.session.run(windowFeeds(model.session, ids.slice(win.begin, win.end)));
    for (const [l, router] of model.routers.entries()) {
      const z = (out[router.name]?.data as Float32Array).subarray((win.scoreFrom - win.begin) * 8);
      const alone = routeLayer(z, win.end - win.scoreFrom, 8, 2);
      const got = r.layers[l]?.topk.slice((win.scoreFrom - 1) * 2, (win.end - 1) * 2);
      assert.deepEqual(got, Array.from(alone.topk), `window from ${win.begin}, layer ${l}`);
    }
  }
});

test('a graph without router outputs is refused, naming the outputs it has', async () => {
  await assert.rejects(
    () => loadMoeModel('lens-lm', { modelsDir: MODELS, allowLocalFiles: false }),
    (e: Error & { code?: string }) =>
      e.code === 'missing-output' && /lens-lm has no router outputs \(it has: logits, present\.0\.key/u.test(e.message),
  );
});
