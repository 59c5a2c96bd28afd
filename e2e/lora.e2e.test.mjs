/**
 * @file End-to-end test of the LoRA composition in a real VS Code (code-server 4.100.3): "Compose
 * LoRAs…" from the palette through its four quick picks (the embedded zoo adapters lora-arith and
 * lora-words, the data-mix adapter lora-mix, the default methods, the zoo task), the results panel
 * (bars, scores table checked against the PyTorch exact matches of the zoo's model card, the CAT
 * heatmap, the per-layer statistics), then "Save…" on the CAT row writes a PEFT adapter folder
 * through the save dialog, and no other workspace file changes.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, normalise, sleep } from './rig.mjs';
import { assertNoCrash, editorTab, hashTree, rigSession, stableCount, waitFor, waitForNote } from './steps.mjs';

const COMPOSE = 'Model Lens: Compose LoRAs…';
const CARD = JSON.parse(fs.readFileSync(path.join(ROOT, 'media', 'models', 'lora-base', 'model-card.json'), 'utf8'));
/** @type {import('./rig.mjs').Rig} */
let rig;
let composed = false;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/lora.js'];
const { lap, rigTest } = rigSession('lora', needs, (r) => void (rig = r));

/** Waits for the quick pick titled like `title`, checks the labels, and accepts it with Enter. */
async function acceptPick(title, expectLabels) {
  const qi = rig.quickInput();
  await waitFor(
    async () =>
      title.test(
        normalise(
          await qi
            .locator('.quick-input-title')
            .innerText()
            .catch(() => ''),
        ),
      ),
    30_000,
    () => `no quick pick titled ${title}`,
  );
  await stableCount(qi.locator('.quick-input-list .monaco-list-row'), { min: 1, timeout: 10_000 });
  const labels = (await qi.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map(normalise);
  for (const l of expectLabels)
    assert.ok(labels.includes(l), `quick pick ${title} lacks "${l}": ${JSON.stringify(labels)}`);
  lap(`pick ${title}: ${JSON.stringify(labels)}`);
  await qi.locator('input').first().press('Enter');
}

/** The card's PyTorch exact match on the target test split of a configuration. */
function cardExact(name) {
  const row = CARD.exactMatch?.table?.[name];
  return row === undefined ? undefined : row.target;
}

rigTest('Compose LoRAs… on the zoo adapters shows scores, CAT weights and layer statistics', async () => {
  const before = hashTree(rig.workspace);
  await rig.openFile('sample.ts');
  const t0 = performance.now();
  await rig.runCommand(COMPOSE);
  await acceptPick(/adapters to compose/, ['lora-arith', 'lora-words']);
  await acceptPick(/data/, ['lora-mix', 'No data-mix adapter']);
  await acceptPick(/merge methods/, ['cat', 'linear', 'ties', 'dare_ties', 'svd']);
  await acceptPick(/target task/, ['Embedded zoo task', 'JSONL file…']);

  const tab = editorTab(rig, 'LoRA Composition');
  await tab.first().waitFor({ timeout: 240_000 });
  const frame = rig.webviewPanelFrame();
  const rows = frame.locator('#scores tbody tr');
  await stableCount(rows, { min: 8, timeout: 60_000 });
  lap(`panel after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const table = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
  lap(`scores: ${JSON.stringify(table.map((r) => r.slice(0, 4)))}`);
  const configs = table.map((r) => r[0]);
  for (const c of [
    'base',
    'lora-arith',
    'lora-words',
    'lora-mix (data mix)',
    'CAT (learned)',
    'linear',
    'ties',
    'dare_ties',
    'svd',
  ])
    assert.ok(configs.includes(c), `scores table lacks ${c}: ${JSON.stringify(configs)}`);
  const exact = (c) => Number(table.find((r) => r[0] === c)?.[2]?.replace('%', '')) / 100;
  for (const [config, card] of [
    ['base', 'base'],
    ['lora-arith', 'arith'],
    ['lora-words', 'words'],
    ['lora-mix (data mix)', 'mix'],
  ]) {
    const expected = cardExact(card);
    if (expected !== undefined)
      assert.ok(Math.abs(exact(config) - expected) < 1e-9, `${config}: panel ${exact(config)} vs PyTorch ${expected}`);
  }
  for (const r of table) assert.ok(Number.isFinite(Number(r[3])) && Number(r[3]) > 0, `loss of ${r[0]}: ${r[3]}`);
  assert.equal(await frame.locator('#bars g.bar').count(), table.length, 'one bar per configuration');
  assert.equal(
    await frame.locator('#scores button.save-merged').count(),
    table.filter((r) => !['base', 'lora-arith', 'lora-words', 'lora-mix (data mix)'].includes(r[0])).length,
    'a Save… button on each merge',
  );

  // CAT heatmap: one cell per layer and LoRA, each layer's weights a softmax (sum 1).
  const cells = await frame.locator('#cat-heatmap g.heat-cell text').allTextContents();
  const layers = CARD.architecture.layers;
  assert.equal(cells.length, layers * 2, `heatmap cells: ${JSON.stringify(cells)}`);
  for (let l = 0; l < layers; l++) {
    const sum = Number(cells[2 * l]) + Number(cells[2 * l + 1]);
    assert.ok(
      Math.abs(sum - 1) < 0.002,
      `layer ${l} CAT weights ${cells[2 * l]} + ${cells[2 * l + 1]} do not sum to 1`,
    );
  }
  assert.match(
    normalise(await frame.locator('#cat-note').innerText()),
    /Learned on .*dev\.jsonl .*dev loss [\d.]+ → [\d.]+/u,
  );
  const layerRows = await frame
    .locator('#layers tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  assert.equal(layerRows.length, layers, `layer statistics rows: ${JSON.stringify(layerRows)}`);
  for (const r of layerRows) {
    assert.ok(Math.abs(Number(r[1])) <= 1, `cosine ${r[1]}`);
    assert.match(r[2] ?? '', /^\d+(\.\d)?%$/u, `conflict share ${r[2]}`);
  }
  assert.match(
    normalise(await frame.locator('#summary').innerText()),
    /lora-arith \+ lora-words on lora-base, \d+ test items · best: /u,
  );
  assert.deepEqual(hashTree(rig.workspace), before, 'workspace files changed by the composition');
  await assertNoCrash(rig);
  composed = true;
});

rigTest('Save… on the CAT row writes a new PEFT adapter folder and nothing else', async (t) => {
  if (!composed) return t.skip('no composition');
  const before = hashTree(rig.workspace);
  const target = path.join(rig.workspace, 'merged-cat');
  const frame = rig.webviewPanelFrame();
  await frame.locator('#scores tr[data-config="CAT (learned)"] button.save-merged').click();
  const input = rig.quickInput().locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // The simple save dialog writes its own starting path into the box once it is ready; fill only
  // after that, and again until the box holds exactly the target (a fill racing it gets prefixed).
  // It also rewrites the box once the folder listing has loaded: wait for the listing first, and
  // check the box still holds the target a moment after filling.
  await waitFor(
    async () => (await input.inputValue()) !== '',
    15_000,
    () => 'the save dialog never showed a path',
  );
  await rig
    .quickInput()
    .locator('.quick-input-list .monaco-list-row', { hasText: 'sample.ts' })
    .first()
    .waitFor({ timeout: 15_000 });
  await waitFor(
    async () => {
      await input.fill(target);
      await sleep(500);
      return (await input.inputValue()) === target;
    },
    15_000,
    async () => `the save dialog holds "${await input.inputValue()}"`,
  );
  await input.press('Enter');
  await waitForNote(rig, /wrote the CAT \(learned\) merge/u, 60_000);
  const config = JSON.parse(fs.readFileSync(path.join(target, 'adapter_config.json'), 'utf8'));
  assert.equal(config.peft_type, 'LORA');
  assert.equal(config.r, 16, 'CAT of two rank-8 adapters has rank 16');
  assert.equal(config.lora_alpha, 16, 'the merged adapter has alpha = r (scaling 1)');
  assert.ok(fs.statSync(path.join(target, 'adapter_model.safetensors')).size > 0);
  const after = hashTree(rig.workspace);
  for (const [f, h] of Object.entries(before)) assert.equal(after[f], h, `${f} changed`);
  assert.deepEqual(
    Object.keys(after)
      .filter((f) => !(f in before))
      .sort(),
    ['merged-cat/adapter_config.json', 'merged-cat/adapter_model.safetensors'],
  );
  await assertNoCrash(rig);
});
