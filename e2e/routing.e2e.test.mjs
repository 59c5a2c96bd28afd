/**
 * @file End-to-end test of the routing toolkit in a real VS Code (code-server): "Show Expert Routing" on a Python
 * file with moe-paths-e8 (two MoE layers; picked from the zoo's mixture-of-experts models) must colour the tokens
 * by their first expert (backgrounds in the experts' colours), give a hover with the token's experts, gates and p,
 * and open the panel with one load bar per expert and the uniform line, the statistics with their tooltips and the
 * expert × token-kind heatmap; the panel's layer picker recolours the editor; Clear Decorations removes the colours.
 * Screenshots at 800 px; nothing wider than it.
 * One server and one browser for the file. Run: `npm run build && node --test e2e/routing.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from './rig.mjs';
import { assertNoCrash, panelWith, pickRow, quickPickTitled, rigSession, shootAt800, waitFor } from './steps.mjs';

const SOURCE =
  'def area(radius):\n    # the area of a circle\n    return 3.14159 * radius * radius\n\n' +
  'def names(book):\n    return [entry["name"] for entry in book if entry]\n';

/** @type {import('./rig.mjs').Rig} */
let rig;
let routed = false;
const needs = [
  'dist/extension.js',
  'dist/engine.js',
  'dist/webview/routing.js',
  'media/models/moe-paths-e8/model.onnx',
];
const { lap, rigTest } = rigSession('routing', needs, (r) => {
  rig = r;
  fs.mkdirSync(path.join(r.workspace, 'routing'), { recursive: true });
  fs.writeFileSync(path.join(r.workspace, 'routing', 'area.py'), SOURCE);
  return '; a Python file written';
});

/** Background colours of the extension's decorations on screen. */
const backgrounds = () =>
  rig.extensionDecorations().evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));

rigTest(
  'Show Expert Routing: tokens coloured by expert, a hover with the gates, the load and kind charts',
  async () => {
    await rig.openFile('routing/area.py');
    await rig.runCommand('Model Lens: Show Expert Routing');
    await pickRow(rig, await quickPickTitled(rig, /which mixture-of-experts model/), /^moe-paths-e8$/);
    const frame = await panelWith(rig, '#load-chart .load-bar', 120_000);
    const summary = normalise(await frame.locator('#summary').innerText());
    lap(`${summary}; ${normalise(await frame.locator('#reading').innerText())}`);
    assert.equal(summary, `Expert routing of area.py by moe-paths-e8: ${SOURCE.length} tokens, 8 experts, top-2`);
    assert.equal(await frame.locator('#load-chart .load-bar').count(), 8, 'one bar per expert');
    assert.equal(await frame.locator('#load-chart .uniform-line').count(), 1, 'the uniform load');
    assert.equal(await frame.locator('#expert-legend li').count(), 8, 'a legend entry per expert');
    assert.deepEqual(await frame.locator('#layer-select option').allInnerTexts(), ['layer 0', 'layer 1']);
    const heads = await frame.locator('#kinds-chart .kind-head').evaluateAll((els) => els.map((e) => e.dataset.kind));
    lap(`kinds: ${heads.join(', ')}`);
    for (const kind of ['identifier', 'keyword', 'literal', 'comment', 'whitespace']) assert.ok(heads.includes(kind));
    assert.equal(await frame.locator('#kinds-chart .kind-cell').count(), 8 * heads.length);
    for (const dt of await frame.locator('#stats dt').all()) assert.ok(((await dt.getAttribute('title')) ?? '') !== '');
    for (const bar of await frame.locator('#load-chart .load-bar').all())
      assert.match(await bar.locator('title').textContent(), /^Expert \d+: \d+ tokens \(/);
    // The editor: backgrounds in the experts' colours (35 % opaque), and a hover with the experts and gates.
    const colours = await waitFor(async () => ((await backgrounds()).length > 0 ? backgrounds() : undefined), 20_000);
    lap(`${colours.length} coloured ranges, ${new Set(colours).size} colours`);
    assert.ok(
      colours.every((c) => /^rgba\(\d+, \d+, \d+, 0\.35\)$/.test(c)),
      colours.join(' '),
    );
    const hover = await rig.hoverText(rig.extensionDecorations().first(), { contains: /Expert routing/ });
    lap(`hover: ${hover}`);
    assert.match(hover, /Expert routing · layer 0 · token/);
    assert.match(hover, /expert gate p/);
    await rig.screenshot('routing-editor-hover');
    await assertNoCrash(rig);
    routed = true;
  },
);

rigTest('the panel layer picker recolours the editor and redraws the charts', async (t) => {
  if (!routed) return t.skip('no routing');
  const frame = await panelWith(rig, '#load-chart .load-bar');
  await frame.locator('#layer-select').selectOption({ label: 'layer 1' });
  await waitFor(async () => /^Layer 1:/.test(await frame.locator('#reading').innerText()), 10_000, 'layer 1 shown');
  const hover = await rig.hoverText(rig.extensionDecorations().first(), { contains: /layer 1/ });
  lap(`layer 1 hover: ${hover}`);
});

rigTest('Clear Decorations removes the expert colours', async (t) => {
  if (!routed) return t.skip('no routing');
  assert.ok((await backgrounds()).length > 0, 'the expert colours are on screen before');
  await rig.runCommand('Model Lens: Clear Decorations');
  await waitFor(async () => (await backgrounds()).length === 0, 10_000, 'the expert colours to go');
});

rigTest('the routing panel at 800 px', async (t) => {
  if (!routed) return t.skip('no routing');
  const tab = 'Expert Routing';
  const { shots } = await shootAt800(rig, {
    tab,
    frameSelector: '#load-chart .load-bar',
    prefix: 'routing',
    sections: ['load-section', 'kinds-section'],
  });
  lap(`screenshots ${shots.join(', ')}`);
});
