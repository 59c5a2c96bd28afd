/**
 * @file End-to-end test of the serving lab in a real VS Code (code-server): "Simulate Serving Schedule…" on
 * generated M/G/1 jobs (Alpaca-shaped lengths, through both quick picks) must show the table of the four policies,
 * mean latency against load with theory lines and simulated points, both CDFs and the Gantt strip; the c slider
 * reruns TRAIL at the new c; the same command on a trace file (written into the workspace: Poisson arrivals,
 * long-tailed lengths, noisy predictions) simulates continuous batching and draws paused KV memory. "Predict
 * Remaining Length" on a prompt's line draws the distribution per generated token, the estimates and the layer
 * scan. Screenshots at 800 px; nothing wider than the panel. One server and one browser for the file.
 * Run: `npm run build && node --test e2e/serving.e2e.test.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_DIR, normalise } from './rig.mjs';
import { assertNoCrash, panelWith, shootAt800, pickRow, quickPickTitled, rigSession, waitFor } from './steps.mjs';

const SIMULATE = 'Model Lens: Simulate Serving Schedule…';
const PREDICT = 'Model Lens: Predict Remaining Length';

/** A trace of `n` requests: Poisson arrivals at `rate` a second, long-tailed lengths, predictions off by ~30%. */
function traceLines(n, rate) {
  let seed = 12345;
  const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  let t = 0;
  const lines = [];
  for (let i = 0; i < n; i++) {
    t += -Math.log(u()) / rate;
    const output = Math.max(1, Math.min(1024, Math.round(Math.exp(4.3 + 0.9 * normal()))));
    const prompt = Math.round(20 + 180 * u());
    const predicted = Math.max(1, Math.round(output * Math.exp(0.3 * normal())));
    lines.push(
      JSON.stringify({ arrival: Number(t.toFixed(4)), prompt_tokens: prompt, output_tokens: output, predicted }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** @type {import('./rig.mjs').Rig} */
let rig;
let simulated = false;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/serving.js', 'dist/webview/remaining.js'];
const { lap, rigTest } = rigSession('serving', needs, (r) => {
  rig = r;
  const dir = path.join(r.workspace, 'serving');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'trace.jsonl'), traceLines(800, 14));
  fs.writeFileSync(path.join(dir, 'prompts.txt'), 'count down from 12:\nspell serving:\n');
  return '; a trace and two prompts written';
});

const tableRows = async (frame) =>
  Promise.all(
    (await frame.locator('#runs-table tbody tr').all()).map(async (r) =>
      (await r.locator('td').allInnerTexts()).map(normalise),
    ),
  );

/** Screenshots of the panel titled `tab` at 800 px, one per section id; asserts nothing is wider than it. */
async function shoot(tab, frameSelector, prefix, sections) {
  const { frame, shots } = await shootAt800(rig, { tab, frameSelector, prefix, sections });
  lap(`screenshots ${shots.join(', ')}`);
  return frame;
}

rigTest('generated jobs: two quick picks, then the four policies with theory, CDFs and the Gantt strip', async () => {
  await rig.runCommand(SIMULATE);
  await pickRow(rig, await quickPickTitled(rig, /which requests/), /load 0\.8, Alpaca-shaped/);
  await pickRow(rig, await quickPickTitled(rig, /how well are lengths predicted/), /^Perfect predictions/);
  const frame = await panelWith(rig, '#runs-table tbody tr', 240_000);
  // Runs are drawn as they finish; the loads come last.
  await waitFor(async () => (await frame.locator('#load-chart circle.sim-point').count()) === 24, 240_000, 'loads');
  const rows = await tableRows(frame);
  lap(`table: ${JSON.stringify(rows)}`);
  assert.deepEqual(
    rows.map((r) => r[0]),
    ['FCFS', 'SJF', 'SPRPT', 'TRAIL c = 0.8'],
  );
  const reading = normalise(await frame.locator('#reading').innerText());
  lap(`reading: ${reading}`);
  assert.match(reading, /^TRAIL c = 0\.8 at load 0\.8: mean latency [\d.]+, [\d.]+× lower than FCFS/);
  assert.equal(await frame.locator('#load-chart path.theory-line').count(), 4, 'a theory line per policy');
  assert.equal(await frame.locator('#load-chart circle.sim-point').count(), 4 * 6, 'six loads per policy');
  assert.equal(await frame.locator('#latency-chart path.cdf-line').count(), 4);
  assert.equal(await frame.locator('#ttft-chart path.cdf-line').count(), 4);
  assert.ok((await frame.locator('#gantt-chart g.gantt-row').count()) >= 5, 'Gantt rows');
  assert.ok((await frame.locator('#gantt-chart .preemption').count()) >= 1, 'no preemption marked under TRAIL');
  assert.equal(await frame.locator('#memory-chart path.memory-line').count(), 4, 'paused memory of each run');
  assert.match(normalise(await frame.locator('#memory-note').innerText()), /in mean request lengths/);
  for (const th of await frame.locator('#runs-table th').all()) assert.notEqual(await th.getAttribute('title'), null);
  await assertNoCrash(rig);
  simulated = true;
});

rigTest('the c slider reruns TRAIL at the new c; the other policies stay', async (t) => {
  if (!simulated) return t.skip('no simulation');
  const frame = await panelWith(rig, '#runs-table tbody tr');
  const before = await tableRows(frame);
  await frame.locator('#c-slider').fill('0.3');
  await waitFor(
    async () => (await tableRows(frame)).some((r) => r[0] === 'TRAIL c = 0.3'),
    180_000,
    'a TRAIL c = 0.3 row',
  );
  await waitFor(async () => !(await frame.locator('#status').isVisible()), 180_000, 'the rerun to end');
  const after = await tableRows(frame);
  lap(`after the slider: ${JSON.stringify(after)}`);
  assert.deepEqual(after.slice(0, 3), before.slice(0, 3), 'FCFS, SJF and SPRPT changed');
  assert.equal(normalise(await frame.locator('#c-value').innerText()), '0.30');
});

rigTest('the serving panel at 800 px', async (t) => {
  if (!simulated) return t.skip('no simulation');
  await shoot('Serving Simulation', '#runs-table tbody tr', 'serving-mg1', ['load-section', 'gantt-section']);
});

rigTest('a trace: continuous batching, its own predictions, paused KV memory drawn', async () => {
  await rig.openFile('serving/trace.jsonl');
  await rig.runCommand(SIMULATE);
  await pickRow(rig, await quickPickTitled(rig, /which requests/), /The trace serving\/trace\.jsonl/);
  await pickRow(rig, await quickPickTitled(rig, /how does the server run requests/), /^Continuous batching/);
  await pickRow(rig, await quickPickTitled(rig, /how well are lengths predicted/), /own predictions/);
  const frame = await panelWith(rig, '#memory-chart path.memory-line', 240_000);
  await waitFor(async () => (await frame.locator('#memory-chart path.memory-line').count()) === 4, 240_000, 'runs');
  await waitFor(async () => !(await frame.locator('#status').isVisible()), 240_000, 'the simulation to end');
  const summary = normalise(await frame.locator('#summary').innerText());
  lap(`trace: ${summary}; ${normalise(await frame.locator('#reading').innerText())}`);
  assert.match(summary, /^Serving simulation of trace\.jsonl: 800 requests, continuous batching/);
  assert.equal(await frame.locator('#memory-chart path.memory-line').count(), 4);
  assert.ok((await frame.locator('#load-chart circle.sim-point').count()) >= 4 * 3, 'load points');
  await shoot('Serving Simulation', '#memory-chart path.memory-line', 'serving-trace', ['memory-section']);
  await assertNoCrash(rig);
});

rigTest(
  'Predict Remaining Length on a prompt line: the strip fills as the model writes, then the layer scan',
  async (t) => {
    if (!fs.existsSync(path.join(EXTENSION_DIR, 'media', 'models', 'remaining-lm'))) return t.skip('no remaining-lm');
    await rig.openFile('serving/prompts.txt');
    await rig.goToLine(1, 1);
    await rig.runCommand(PREDICT);
    const frame = await panelWith(rig, '#strip-chart .heat rect', 180_000);
    const summary = frame.locator('#summary');
    await waitFor(async () => !/writing/.test(await summary.innerText()), 180_000, 'the answer to finish');
    const reading = normalise(await frame.locator('#reading').innerText());
    lap(
      `remaining: ${normalise(await summary.innerText())}; ${reading}; answer ${JSON.stringify(
        normalise(await frame.locator('#answer').innerText()),
      )}`,
    );
    assert.match(reading, /^The answer took \d+ tokens/);
    assert.equal(await frame.locator('#strip-chart path.estimate.refined').count(), 1);
    assert.equal(await frame.locator('#strip-chart path.estimate.truth').count(), 1);
    assert.ok((await frame.locator('#scan-chart .scan-bar').count()) >= 2, 'layer scan bars');
    await shoot('Remaining Length', '#strip-chart .heat rect', 'remaining', ['scan-section']);
    await assertNoCrash(rig);
  },
);
