/**
 * @file End-to-end test of the Kronecker toolkit in a real VS Code (code-server): "Inspect Kronecker
 * Preconditioner…" on kron-mlp (all layers, the open text file, labels sampled from the model) must show each
 * layer's three cosines as grouped bars with optimal ≥ Shampoo² ≥ Shampoo, the table, the power-iteration steps
 * (step 1 marked) and the spectra of L and R; choosing another layer redraws them. On lens-lm (labels from the
 * text) it analyses the output layer alone, without a layer pick. On a gradients file (one 2 × 2 gradient with
 * singular values 3 and 1, opened in the editor) the table must hold the closed forms: optimal σ₁²/Σσ² = 0.900,
 * L⊗R Σσ⁶/(Σσ⁴·Σσ²) = 0.890, Shampoo Σσ⁴/(Σσ²)² = 0.820.
 * Screenshots at 800 px; nothing wider than the panel.
 * One server and one browser for the file. Run: `npm run build && node --test e2e/kronecker.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from './rig.mjs';
import { assertNoCrash, panelWith, shootAt800, pickRow, quickPickTitled, rigSession, waitFor } from './steps.mjs';

const INSPECT = 'Model Lens: Inspect Kronecker Preconditioner…';
const TEXT =
  'The optimizer keeps two small matrices for every layer, one for its outputs and one for its inputs.\n' +
  'Their Kronecker product stands in for the large curvature matrix that Adagrad would like to invert.\n' +
  'def step(weights, grads, left, right):\n    return weights - lr * left @ grads @ right\n';

/** @type {import('./rig.mjs').Rig} */
let rig;
let inspected = false;
const needs = [
  'dist/extension.js',
  'dist/engine.js',
  'dist/kronEigWorker.js',
  'dist/webview/kronecker.js',
  'media/models/kron-mlp/model.onnx',
];
const { lap, rigTest } = rigSession('kronecker', needs, (r) => {
  rig = r;
  const dir = path.join(r.workspace, 'kron');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'notes.txt'), TEXT.repeat(2));
  fs.writeFileSync(
    path.join(dir, 'grads.json'),
    JSON.stringify([
      [
        [3, 0],
        [0, 1],
      ],
    ]),
  );
  return '; a text and a gradients file written';
});

const tableRows = async (frame) =>
  Promise.all(
    (await frame.locator('#layers-table tbody tr').all()).map(async (r) =>
      (await r.locator('td').allInnerTexts()).map(normalise),
    ),
  );

/** Screenshots of the Kronecker panel at 800 px (top, then each section); asserts nothing is wider than it. */
async function shoot(prefix, sections) {
  const tab = 'Kronecker Preconditioner';
  const { frame, shots } = await shootAt800(rig, { tab, frameSelector: '#layers-table tbody tr', prefix, sections });
  lap(`screenshots ${shots.join(', ')}`);
  return frame;
}

rigTest('kron-mlp on the open file: every layer, optimal ≥ Shampoo² ≥ Shampoo, steps and spectra', async () => {
  await rig.openFile('kron/notes.txt');
  await rig.runCommand(INSPECT);
  await pickRow(rig, await quickPickTitled(rig, /whose gradients/), /kron-mlp/);
  await pickRow(rig, await quickPickTitled(rig, /which layers/), /^All layers/);
  await pickRow(rig, await quickPickTitled(rig, /which text/), /The open file kron\/notes\.txt/);
  await pickRow(rig, await quickPickTitled(rig, /where do the labels come from/), /sampled from the model/);
  const frame = await panelWith(rig, '#layers-table tbody tr', 240_000);
  const summary = normalise(await frame.locator('#summary').innerText());
  const rows = await tableRows(frame);
  lap(`${summary}; ${normalise(await frame.locator('#reading').innerText())}; table ${JSON.stringify(rows)}`);
  assert.match(summary, /^Kronecker preconditioner of kron-mlp on notes\.txt: 3 layers, sampled labels$/);
  assert.deepEqual(
    rows.map((r) => r[0]),
    ['fc1', 'fc2', 'output'],
  );
  for (const r of rows) {
    const [opt, sq, sh] = r.slice(3, 6).map(Number);
    assert.ok(opt >= sq && sq >= sh && sh > 0, `optimal ≥ Shampoo² ≥ Shampoo > 0 on ${r[0]}: ${r.join(' | ')}`);
  }
  assert.equal(await frame.locator('#cosines-chart g.layer-group').count(), 3);
  assert.equal(await frame.locator('#cosines-chart g.bar rect').count(), 9, 'three bars per layer');
  assert.ok((await frame.locator('#convergence-chart circle.step-point').count()) >= 2, 'power steps');
  assert.equal(await frame.locator('#convergence-chart circle.step-point.first').count(), 1, 'step 1 marked');
  assert.match(await frame.locator('#convergence-chart .step-mark').textContent(), /Shampoo² = L ⊗ R/);
  assert.equal(await frame.locator('#spectra-chart path.spectrum').count(), 2, 'spectra of L and R');
  assert.match(normalise(await frame.locator('#h-note').innerText()), /^‖H‖ (=|≈) /);
  for (const th of await frame.locator('#layers-table th').all()) assert.notEqual(await th.getAttribute('title'), null);
  for (const bar of await frame.locator('#cosines-chart g.bar').all()) {
    assert.match(await bar.locator('title').textContent(), /cosine to H \d\.\d{3}/);
  }
  await assertNoCrash(rig);
  inspected = true;
});

rigTest('choosing another layer redraws the convergence and the spectra', async (t) => {
  if (!inspected) return t.skip('no analysis');
  const frame = await panelWith(rig, '#layers-table tbody tr');
  const before = normalise(await frame.locator('#spectra-note').innerText());
  await frame.locator('#layer-select').selectOption({ label: 'output (257 × 256)' });
  await waitFor(
    async () => normalise(await frame.locator('#spectra-note').innerText()) !== before,
    10_000,
    'the spectra to change',
  );
  const note = normalise(await frame.locator('#spectra-note').innerText());
  lap(`output layer: ${note}`);
  assert.match(note, /^L: \d+ of 257 eigenvalues drawn/);
  assert.equal(await frame.locator('#cosines-chart g.layer-group.selected').getAttribute('data-layer'), 'output');
});

rigTest('the Kronecker panel at 800 px', async (t) => {
  if (!inspected) return t.skip('no analysis');
  await shoot('kronecker-mlp', ['convergence-section', 'spectra-section']);
});

rigTest('lens-lm on the open file with labels from the text: its output layer, no layer pick', async () => {
  await rig.openFile('kron/notes.txt');
  await rig.runCommand(INSPECT);
  await pickRow(rig, await quickPickTitled(rig, /whose gradients/), /lens-lm/);
  await pickRow(rig, await quickPickTitled(rig, /which text/), /The open file kron\/notes\.txt/);
  await pickRow(rig, await quickPickTitled(rig, /where do the labels come from/), /Labels from the text/);
  const frame = await panelWith(rig, '#layers-table tbody tr', 240_000);
  await waitFor(
    async () =>
      /^Kronecker preconditioner of lens-lm on notes\.txt: 1 layer, labels from the text$/.test(
        normalise(await frame.locator('#summary').innerText()),
      ),
    240_000,
    'the lens-lm analysis',
  );
  const rows = await tableRows(frame);
  lap(`lens-lm: ${JSON.stringify(rows)}; ${normalise(await frame.locator('#reading').innerText())}`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], 'output');
  const [opt, sq, sh] = rows[0].slice(3, 6).map(Number);
  assert.ok(opt >= sq && sq >= sh, `optimal ≥ Shampoo² ≥ Shampoo: ${rows[0].join(' | ')}`);
  assert.ok(await frame.locator('#layer-select').isHidden(), 'no layer picker for one layer');
  await assertNoCrash(rig);
});

rigTest('a gradients file open in the editor: one 2 × 2 gradient gives the closed forms', async () => {
  await rig.openFile('kron/grads.json');
  await rig.runCommand(INSPECT);
  await pickRow(rig, await quickPickTitled(rig, /whose gradients/), /The gradients in kron\/grads\.json/);
  await pickRow(rig, await quickPickTitled(rig, /which layers/), /^All layers/);
  const frame = await panelWith(rig, '#layers-table tbody tr', 120_000);
  await waitFor(
    async () => /of grads\.json: 1 layer$/.test(normalise(await frame.locator('#summary').innerText())),
    120_000,
    'the file analysis',
  );
  const rows = await tableRows(frame);
  lap(`gradients file: ${JSON.stringify(rows)}; ${normalise(await frame.locator('#h-note').innerText())}`);
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0].slice(1, 6), ['2 × 2', '1', '0.900', '0.890', '0.820']);
  assert.match(normalise(await frame.locator('#h-note').innerText()), /^‖H‖ = 10, exact/);
  await shoot('kronecker-file', []);
  await assertNoCrash(rig);
});
