/**
 * @file End-to-end test of how the attention-sparsity map reads, in a real VS Code (code-server): the
 * panel's plain-word explanations (intro, glossary, the k curve's sawtooth and its dashed window
 * starts, head names spelled out), tokens shown as in the file, and the BertViz-style attention lines
 * (lines drawn, the layer and head selectors change them, hovering a token keeps its lines), with
 * screenshots at 1,400 and 800 px wide and a check that nothing in the panel is wider than the panel.
 * Run: `npm run build && node --test --test-reporter=spec e2e/attention.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ARTIFACTS_DIR, normalise, sleep } from './rig.mjs';
import { editorTab, panelWith, pastRightEdge, rigSession, stableCount, waitFor } from './steps.mjs';

const SPARSITY = 'Model Lens: Show Attention-Sparsity Map';

/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/dependencies.js', 'dist/webview/dependencies.css'];
const { lap, rigTest } = rigSession('attention', needs, (r) => {
  rig = r;
});

/** What the drawn lines are: `query>key@head` of each, in order. */
const linesOf = (frame) =>
  frame
    .locator('svg#attn-lines path.attn-line')
    .evaluateAll((els) => els.map((e) => `${e.dataset.query}>${e.dataset.key}@${e.dataset.head}`).join(' '));

/** Waits until the selectors' change shows in the lines: returns the new lines. */
async function changedLines(frame, before, what) {
  let now = before;
  await waitFor(
    async () => {
      now = await linesOf(frame);
      return now !== before && now.length > 0;
    },
    10_000,
    `the attention lines did not change after ${what}`,
  );
  return now;
}

rigTest('the map explains itself and draws attention lines that follow the selectors; 1,400 and 800 px', async () => {
  await rig.openFile('sample.ts');
  await rig.goToLine(39, 25);
  const t0 = performance.now();
  await rig.runCommand(SPARSITY);
  await editorTab(rig, 'Attention-Sparsity Map').first().waitFor({ timeout: 90_000 });
  const frame = await panelWith(rig, 'svg#attn-lines');
  await waitFor(
    async () =>
      /mean k/.test(
        normalise(
          await frame
            .locator('#summary')
            .textContent()
            .catch(() => ''),
        ),
      ),
    90_000,
    'the map never showed its summary',
  );
  lap(`map shown after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Plain words: the intro, the glossary, the k curve's sawtooth with its window starts, the head names.
  assert.match(normalise(await frame.locator('#view-intro').textContent()), /earlier tokens/);
  const glossary = normalise(await frame.locator('details.glossary').textContent());
  for (const word of ['k_p', 'mean k', 'k_δ', 'mean distance', 'sink share', 'Jaccard', 'rollout', 'L3H1'])
    assert.ok(glossary.includes(word), `the glossary does not explain ${word}`);
  assert.match(glossary, /removal changes the prediction by more than δ/, 'why attention k and ablation k differ');
  assert.match(normalise(await frame.locator('#k-help').textContent()), /sawtooth.*windows of 1024 tokens/);
  // sample.ts (1,036 bytes) spans two of lens-lm's windows: the second starts scoring at token 1,024.
  const windows = await frame.locator('svg#k-along line.k-window').count();
  assert.equal(windows, 1, `sample.ts spans two scoring windows, ${windows} dashed starts drawn`);
  const cellTitle = await frame.locator('svg#head-grid rect.head-cell title').first().textContent();
  assert.match(cellTitle, /^L0H0 \(layer 0, head 0\)/);
  assert.equal((await frame.locator('.section-help').count()) >= 5, true, 'a help line per section');
  const deps = await frame.locator('#at-lists .dep-text').allTextContents();
  assert.ok(deps.length > 0, 'no dependencies of the token at the cursor');
  assert.deepEqual(
    deps.filter((d) => d.includes('\\') || /^".+"$/.test(d)),
    [],
    'tokens shown escaped or in quotes',
  );
  lap(`explanations present; ${windows} window starts; ${deps.length} dependencies, e.g. ${deps.slice(0, 5)}`);

  // The attention lines: drawn, changed by the layer and the head selectors, one colour per head for all heads.
  const lines = frame.locator('svg#attn-lines path.attn-line');
  const n0 = await stableCount(lines, { min: 1, timeout: 10_000 });
  const all = await linesOf(frame);
  const colours = await lines.evaluateAll((els) => new Set(els.map((e) => e.getAttribute('stroke'))).size);
  assert.ok(colours >= 2, `all heads drawn in ${colours} colour(s)`);
  assert.equal(await frame.locator('#lines-legend').isVisible(), true, 'the head colour legend is shown');
  await rig.screenshot('attention-1400');
  await frame.locator('select#lines-layer').selectOption('0');
  const layer0 = await changedLines(frame, all, 'choosing layer 0');
  await frame.locator('select#lines-head').selectOption('1');
  const head1 = await changedLines(frame, layer0, 'choosing head 1');
  assert.ok(
    head1.split(' ').every((l) => l.endsWith('@1')),
    'head 1 chosen, but lines of other heads are drawn',
  );
  assert.equal(await frame.locator('#lines-legend').isVisible(), false, 'the legend stays for one head');
  lap(`lines: ${n0} for all heads of the last layer (${colours} colours), then ${head1.split(' ').length} of L0H1`);

  // Hovering a token keeps only its lines.
  const token = frame.locator('svg#attn-lines text.attn-token.query').last();
  await token.scrollIntoViewIfNeeded();
  await token.hover();
  const hot = await waitFor(
    async () => frame.locator('svg#attn-lines path.attn-line.hot').count(),
    5_000,
    'hovering a token marks none of its lines',
  );
  assert.equal(await frame.locator('svg#attn-lines.focused').count(), 1, 'the other lines are not dimmed');
  lap(`hovering the last attending token keeps ${hot} lines`);
  await frame.locator('#lines').screenshot({ path: path.join(ARTIFACTS_DIR, 'attention-lines-1400.png') });

  // 800 px wide: nothing in the panel is wider than the panel.
  await rig.page.setViewportSize({ width: 800, height: 900 });
  await sleep(1_000);
  const o = await pastRightEdge(frame, { within: '#app *' });
  lap(`at 800 px: panel ${o.width} px, too wide: ${JSON.stringify(o.out)}`);
  assert.deepEqual(o.out, [], `elements (or the page) wider than the ${o.width}-px panel`);
  await frame.locator('#summary').scrollIntoViewIfNeeded();
  await rig.screenshot('attention-800');
  await frame.locator('#map').scrollIntoViewIfNeeded();
  await rig.screenshot('attention-800-map');
  await frame.locator('#lines').scrollIntoViewIfNeeded();
  await rig.screenshot('attention-800-lines');
  await rig.page.setViewportSize({ width: 1400, height: 900 });
});
