/**
 * @file End-to-end test of the model-file inspector in a real VS Code (code-server): a `.safetensors` and an
 * `.onnx` from the workspace open in the read-only custom editor (priority default); the tensor tree, its filter,
 * the parameter counts with their tooltips, the inputs/outputs and the layer graph are read from the page; the
 * ONNX model's "Analyse with Surprisal" button scores the Python file opened before with that model; and the
 * inspector at 800 px, nothing wider than it.
 * One server and one browser for the file. Run: `npm run build && node --test e2e/inspect.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalise } from './rig.mjs';
import { assertNoCrash, FIXTURES, panelWith, rigSession, shootAt800, waitFor } from './steps.mjs';

const LENS = path.join(path.dirname(FIXTURES), '..', 'media', 'models', 'lens-lm');
const SOURCE = 'def area(radius):\n    return 3.14159 * radius * radius\n';
/** Tensors of the safetensors file: name → shape (F32, zero data). */
const TENSORS = {
  'model.embed_tokens.weight': [64, 16],
  'model.layers.0.self_attn.q_proj.weight': [16, 16],
  'model.layers.0.mlp.up_proj.weight': [32, 16],
  'model.layers.1.self_attn.q_proj.weight': [16, 16],
  'model.layers.1.mlp.up_proj.weight': [32, 16],
  'lm_head.weight': [64, 16],
};
const elements = (shape) => shape.reduce((a, b) => a * b, 1);

/** A safetensors file: the 8-byte header length, the JSON header, then zeros. */
function safetensorsBytes() {
  let at = 0;
  const header = {};
  for (const [name, shape] of Object.entries(TENSORS)) {
    const bytes = elements(shape) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [at, at + bytes] };
    at += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(at)]);
}

/** @type {import('./rig.mjs').Rig} */
let rig;
let onnxShown = false;
const needs = [
  'dist/extension.js',
  'dist/engine.js',
  'dist/webview/inspect.js',
  'media/models/lens-lm/onnx/model.onnx',
];
const { lap, rigTest } = rigSession('inspect', needs, (r) => {
  rig = r;
  const dir = path.join(r.workspace, 'inspect');
  fs.mkdirSync(path.join(dir, 'lens'), { recursive: true });
  fs.copyFileSync(path.join(LENS, 'onnx', 'model.onnx'), path.join(dir, 'lens', 'model.onnx'));
  fs.copyFileSync(path.join(LENS, 'tokenizer.json'), path.join(dir, 'lens', 'tokenizer.json'));
  fs.writeFileSync(path.join(dir, 'tiny.safetensors'), safetensorsBytes());
  fs.writeFileSync(path.join(dir, 'area.py'), SOURCE);
  return '; a model, a safetensors file and a Python file written';
});

/** The inspector frame showing `file` (its summary starts with the file's name). */
const inspectorOf = (file, timeout = 60_000) => panelWith(rig, `h1#summary:has-text("${file}:")`, timeout);

rigTest('a .safetensors file opens in the inspector: tree, filter, counts with tooltips', async () => {
  await rig.quickOpen('inspect/tiny.safetensors');
  const frame = await inspectorOf('tiny.safetensors');
  const summary = normalise(await frame.locator('#summary').innerText());
  lap(`${summary}; ${normalise(await frame.locator('#reading').innerText())}`);
  assert.match(summary, /^tiny\.safetensors: SAFETENSORS, [\d.]+ KiB$/);
  const total = Object.values(TENSORS).reduce((n, s) => n + elements(s), 0);
  const counts = await frame.locator('#counts dd').allInnerTexts();
  assert.equal(counts[0], total.toLocaleString('en-US'));
  for (const dt of await frame.locator('#counts dt').all()) assert.ok(((await dt.getAttribute('title')) ?? '') !== '');
  // Top rows: lm_head and model, with model's sum; layers start folded.
  const rows = () => frame.locator('#tree-table tr[data-path]');
  const paths = async () => rows().evaluateAll((els) => els.map((e) => e.dataset.path));
  assert.deepEqual((await paths()).slice(0, 2), ['lm_head', 'lm_head.weight']);
  const model = frame.locator('#tree-table tr[data-path="model"] td.num').first();
  assert.equal(await model.innerText(), (total - elements(TENSORS['lm_head.weight'])).toLocaleString('en-US'));
  await frame.locator('#tree-filter').fill('up_proj');
  await waitFor(async () => (await paths()).filter((p) => p.endsWith('.weight')).length === 2, 5_000, 'filtered');
  lap(`filtered: ${(await paths()).join(' ')}`);
  assert.ok((await paths()).includes('model.layers.1.mlp.up_proj.weight'));
  assert.ok(!(await paths()).includes('lm_head'));
  assert.equal(await frame.locator('#routes button').count(), 0, 'no analysis runs a safetensors file');
  await assertNoCrash(rig);
});

rigTest('an .onnx model opens in the inspector; Analyse with Surprisal scores the Python file with it', async () => {
  await rig.openFile('inspect/area.py');
  await rig.quickOpen('inspect/lens/model.onnx');
  const frame = await inspectorOf('model.onnx', 90_000);
  const reading = normalise(await frame.locator('#reading').innerText());
  lap(`${normalise(await frame.locator('#summary').innerText())}; ${reading}`);
  const state = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'inspect', 'lens-lm-state.json'), 'utf8'));
  const config = JSON.parse(fs.readFileSync(path.join(LENS, 'config.json'), 'utf8'));
  const total = state.params + config.n_embd * config.vocab_size;
  assert.equal((await frame.locator('#counts dd').allInnerTexts())[0], total.toLocaleString('en-US'));
  const io = await frame.locator('#io-table td:nth-child(2)').allInnerTexts();
  assert.ok(io.includes('input_ids') && io.includes('logits') && io.includes('present.0.key'), io.join(' '));
  assert.match(await frame.locator('#exposed').innerText(), /logits yes, attentions 0, hidden states 0/);
  const boxes = await frame.locator('#graph-chart .group').count();
  lap(`${boxes} boxes in the layer graph`);
  assert.ok(boxes >= config.n_layer && boxes < 30, `${boxes} boxes`);
  const buttons = await frame.locator('#routes button').allInnerTexts();
  assert.deepEqual(buttons, ['Analyse with Surprisal', 'Analyse with Token dependencies']);
  onnxShown = true;
  await frame.locator('#routes button[data-route="surprisal"]').click();
  const side = rig.webviewFrame().locator('#summary');
  const text = await waitFor(
    async () => {
      const t = normalise(await side.textContent({ timeout: 2_000 }).catch(() => ''));
      return /area\.py/.test(t) && /model\.onnx/.test(t) ? t : undefined;
    },
    120_000,
    'the side panel to show the surprisal of area.py by the inspected model',
  );
  lap(`side panel: ${text}`);
  await waitFor(async () => (await rig.extensionDecorations().count()) > 0, 20_000, 'surprisal colours in area.py');
  await assertNoCrash(rig);
});

rigTest(
  'Inspect Model File or Adapter Folder opens a PEFT adapter folder: ranks, alphas, Analyse with LoRA',
  async () => {
    const folder = path.join(rig.workspace, 'lora', 'tiny-adapter');
    await rig.runCommand('Model Lens: Inspect Model File or Adapter Folder');
    const input = rig.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The file dialog first fills in where it starts; then the typed folder lists the adapter's files.
    await waitFor(async () => (await input.inputValue()) !== '', 10_000, 'the file dialog to start');
    await waitFor(
      async () => {
        if ((await input.inputValue()) !== `${folder}/`) await input.fill(`${folder}/`);
        return (await rig.quickInputRow('adapter_config.json').count()) > 0;
      },
      15_000,
      'the file dialog to list the adapter folder',
    );
    await rig.quickInput().getByRole('button', { name: 'OK' }).click();
    const frame = await inspectorOf('tiny-adapter');
    lap(normalise(await frame.locator('#reading').innerText()));
    const config = JSON.parse(fs.readFileSync(path.join(folder, 'adapter_config.json'), 'utf8'));
    const rows = await frame
      .locator('#lora-table tr')
      .evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    lap(`LoRA rows: ${JSON.stringify(rows)}`);
    const q1 = rows.find((r) => r[0] === 'model.layers.1.self_attn.q_proj');
    assert.equal(q1?.[1], String(config.rank_pattern['model.layers.1.self_attn.q_proj']));
    assert.ok(rows.filter((r) => r[0].endsWith('v_proj')).every((r) => r[2] === String(config.alpha_pattern.v_proj)));
    assert.deepEqual(await frame.locator('#routes button').allInnerTexts(), ['Analyse with LoRA composition']);
    await frame.locator('#routes button').click();
    await rig.waitForNotification(/adapter\(s\) in the LoRA composition \(.*tiny-adapter/);
    await assertNoCrash(rig);
  },
);

rigTest('the inspector at 800 px', async (t) => {
  if (!onnxShown) return t.skip('no ONNX inspector');
  await rig.clearNotifications();
  const { shots } = await shootAt800(rig, {
    tab: 'model.onnx',
    frameSelector: '#graph-chart .group',
    prefix: 'inspect',
    sections: ['graph-section', 'tree-section'],
  });
  lap(`screenshots ${shots.join(', ')}`);
});
