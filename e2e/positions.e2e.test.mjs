/**
 * @file End-to-end test of the positions toolkit in a real VS Code (code-server 4.100.3): "Show
 * Position IDs" on the problem `48213+9077=` of problems.txt (cursor on its line): the panel's
 * tokens and rule IDs against the hand-worked coupling rule, the PPC model's predicted IDs and
 * answer as written (least-significant digit first) and as a number beside the expected sum, the
 * attention of an answer token, click-to-reveal; a line that is no problem gets a message naming the
 * forms; then the "Length Generalization Probe" on carry-heavy addition opens its own panel
 * (`modelLens.probe`) at once and its curves grow while the run goes on (14 lengths, 40 problems each: long
 * enough to see them grow on a fast machine): one curve per addition model of the zoo (positions and Turing
 * program), and a second chart by longest carry chain with a whisker and a tooltip per point. Screenshots of both
 * panels at 1,400 and 800 px wide (`e2e/artifacts/positions-*.png`), with no element wider than its panel.
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, normalise, sleep } from './rig.mjs';
import {
  assertNoCrash,
  editorTab,
  panelWith,
  pastRightEdge,
  rigSession,
  sha256,
  shootAt800,
  waitFor,
} from './steps.mjs';

const SHOW = 'Model Lens: Show Position IDs';
const PROBE = 'Model Lens: Length Generalization Probe';
const FILE = 'problems.txt';
/**
 * Hand-worked coupling of 48213+9077= at offset 0 (Cho et al.): L = 5, e = 6; the shorter operand
 * is zero-padded to 09077 (the addition models were trained so); the digit of significance i of
 * each operand and of the answer gets e − 1 − i, '+' and '=' get e; the answer 57290 is written
 * least-significant digit first and zero-padded to L + 1 digits: 092750.
 */
const TOKENS = [...'48213+09077=092750'];
const RULE_IDS = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0];
const ANSWER_START = 12;
/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/webview/positions.js', 'dist/webview/probe.js'];
const { lap, rigTest } = rigSession('positions', needs, (r) => void (rig = r));
/** Every addition model of the zoo the probe runs, in the order of its curves (ppc, coupled, absolute, Turing). */
const ADDITION_MODELS = (() => {
  const order = ['ppc', 'coupled', 'absolute'].map((m) => `positions-addition-${m}`);
  order.push('turing-addition', 'turing-addition-direct');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'media', 'models', 'manifest.json'), 'utf8'));
  const names = new Set(manifest.models.map((m) => m.name));
  return order.filter((n) => names.has(n));
})();

/** Screenshots at 1,400 and 800 px wide, each after checking that nothing in `frame` is wider than its panel. */
async function shotsAt(frame, name) {
  for (const width of [1400, 800]) {
    await rig.page.setViewportSize({ width, height: 900 });
    await sleep(1_000);
    const { out } = await pastRightEdge(frame, { within: null, slack: 0 });
    assert.deepEqual(out, [], `${name} at ${width} px: the page is wider than its panel`);
    lap(`screenshot ${await rig.screenshot(`${name}-${width}`)}`);
  }
  await rig.page.setViewportSize({ width: 1400, height: 900 });
}

/** The cells of one row (by its header) of the token table. */
async function tableRow(frame, header) {
  const row = frame.locator('#ids tr', { has: frame.locator('th', { hasText: new RegExp(`^${header}$`) }) });
  return row.locator('td').allTextContents();
}

rigTest('Show Position IDs on 48213+9077=: rule IDs, PPC predictions, answer, attention, reveal', async () => {
  const file = path.join(rig.workspace, FILE);
  const before = sha256(file);
  await rig.openFile(FILE);
  await rig.goToLine(1, 1);
  await rig.runCommand(SHOW);
  const tab = editorTab(rig, 'Position IDs');
  await tab.first().waitFor({ timeout: 60_000 });
  const frame = await panelWith(rig, '#ids-section');
  let summary = '';
  await waitFor(
    async () => {
      summary = normalise(
        await frame
          .locator('#summary')
          .textContent({ timeout: 2_000 })
          .catch(() => ''),
      );
      return /positions-addition-ppc/.test(summary);
    },
    60_000,
    () => `summary never named the model: "${summary}"`,
  );
  lap(`summary: ${summary}`);
  assert.equal(
    summary,
    'Position IDs of 48213+9077= (addition), decoded by positions-addition-ppc, fed its own predicted IDs (PPC)',
  );
  // The answer as the model writes it (reversed, and said so) and as the sum a person reads.
  assert.match(
    normalise(await frame.locator('#answer-written').innerText()),
    /^Answer as written \(least-significant digit first, zero-padded[^)]*\): model 092750 · rule 092750$/u,
  );
  assert.equal(
    normalise(await frame.locator('#answer-number').innerText()),
    'As a number: model: 57290 · expected: 57290 ✓',
  );
  assert.match(await frame.locator('#answer-number').getAttribute('title'), /digit for digit/u);
  assert.match(normalise(await frame.locator('#what').innerText()), /^What you are seeing: /u);
  const words = await frame.locator('#methods li').allInnerTexts();
  assert.deepEqual(
    words.map((w) => w.split(' — ')[0]),
    ['Position coupling', 'PPC', 'Oracle coupling', 'Absolute positions'],
  );
  assert.match(words[1] ?? '', /Predictive Position Coupling/u);
  assert.match(await frame.locator('#ids th', { hasText: /^Rule ID$/u }).getAttribute('title'), /coupling rule/u);
  assert.deepEqual(await tableRow(frame, 'Token'), TOKENS);
  assert.deepEqual((await tableRow(frame, 'Rule ID')).map(Number), RULE_IDS);
  const fed = (await tableRow(frame, 'ID fed')).map(Number);
  assert.deepEqual(fed, RULE_IDS, 'PPC fed its own predicted IDs; within training lengths they equal the rule');
  const predicted = await tableRow(frame, 'Predicted ID');
  assert.deepEqual(predicted.slice(ANSWER_START).map(Number), RULE_IDS.slice(ANSWER_START));
  assert.ok(
    predicted.slice(0, ANSWER_START).every((c) => c === ''),
    'no predicted IDs for the prompt',
  );
  const added = await frame
    .locator('#ids tr td.token.added')
    .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-index'))));
  assert.deepEqual(added, [6], 'only the padding zero is marked as added by the rule');
  assert.equal(await frame.locator('#ids td.mismatch').count(), 0);
  assert.match(
    normalise(await frame.locator('#ids-note').innerText()),
    /Fed IDs equal the rule's on 6 of 6 answer tokens/u,
  );
  // The view is mounted by mountView: its toolbar offers the exports of the shown result.
  const exports = await frame
    .locator('#toolbar button.export:not([disabled])')
    .evaluateAll((bs) => bs.map((b) => b.id));
  assert.deepEqual(exports, ['export-svg', 'export-png', 'export-json']);

  // Attention of the token before the third answer digit (it predicts the digit with ID 3).
  await frame.locator('#ids tr td.token[data-index="13"]').click();
  const note = normalise(await frame.locator('#attention-note').innerText());
  assert.match(
    note,
    new RegExp(
      '^Token 13 9 \\(rule ID 4, it predicts the next token\\): [\\d.]+% of its attention ' +
        'is on the tokens that share its rule ID',
      'u',
    ),
  );
  assert.equal(await frame.locator('#attention g.att-bar').count(), 14, 'one bar per token up to the chosen one');
  assert.equal(await frame.locator('#attention g.att-bar.same-id').count(), 2, 'the two operand digits with ID 4');

  // A prompt token reveals its character in the editor: the "9" at columns 7–8 is selected (cursor at its end).
  await frame.locator('#ids tr td.token[data-index="7"]').click();
  await waitFor(
    async () => /Ln 1, Col 8 \(1 selected\)/.test(await rig.cursorStatus()),
    15_000,
    async () => `cursor: ${await rig.cursorStatus()}`,
  );
  assert.equal(sha256(file), before, `${FILE} changed`);
  await shotsAt(frame, 'positions-ids');
  await assertNoCrash(rig);
});

rigTest('a line that is no problem gets a message naming the forms', async () => {
  await rig.openFile(FILE);
  await rig.goToLine(3, 1);
  await rig.runCommand(SHOW);
  await rig.waitForNotification(
    /"hello world" is not a problem Model Lens knows\. Select an addition like 48213\+9077=/u,
    { timeout: 30_000 },
  );
  await assertNoCrash(rig);
  await rig.clearNotifications();
});

rigTest(
  'Length Generalization Probe: every addition model, carry-heavy, curves grow live, chains charted',
  async () => {
    await rig.runCommand(PROBE);
    const qi = rig.quickInput();
    const row = qi
      .locator('.quick-input-list .monaco-list-row', {
        has: rig.page.locator('.label-name', { hasText: /^\s*addition\s*$/ }),
      })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    const heavy = rig.quickInputRow('Carry-heavy problems');
    await heavy.waitFor({ state: 'visible', timeout: 15_000 });
    await heavy.click();
    // Each box opens with its default (30 lengths, 50 problems): waiting for it keeps a fill from landing in the last.
    for (const [shown, value] of [
      ['30', '14'],
      ['50', '40'],
    ]) {
      const input = qi.locator('input').first();
      await waitFor(
        async () => (await input.inputValue().catch(() => '')) === shown,
        10_000,
        () => `no input box showing ${shown}`,
      );
      await input.fill(value);
      await input.press('Enter');
    }
    const started = Date.now();
    await editorTab(rig, 'Length Generalization Probe').first().waitFor({ timeout: 30_000 });
    const frame = await panelWith(rig, '#probe-section');
    lap(`probe panel open after ${Date.now() - started} ms`);
    // While the run goes on: "k of 14 lengths done" with k points per curve, then "Done".
    const partial = [];
    let progress = '';
    await waitFor(
      async () => {
        // Text and points read in one go inside the panel, so a length arriving between them cannot skew the pair.
        const [text, points] = await frame
          .locator('body')
          .evaluate(() => [
            document.getElementById('probe-progress')?.textContent ?? '',
            document.querySelectorAll('#probe g.curve.curve-0 circle').length,
          ])
          .catch(() => ['', 0]);
        progress = normalise(text);
        const k = /^(\d+) of 14 lengths done/u.exec(progress)?.[1];
        if (k !== undefined && points > 0 && partial.length < 3) partial.push([Number(k), points]);
        return progress.startsWith('Done');
      },
      300_000,
      () => `the probe never finished: "${progress}"`,
    );
    lap(`probe done after ${Date.now() - started} ms; partial curves seen: ${JSON.stringify(partial)}`);
    assert.ok(partial.length > 0, 'the curve was drawn before the run ended');
    for (const [k, points] of partial) {
      assert.ok(k < 14 && points === k, `partial: ${points} points at ${k} of 14 lengths`);
    }
    const summary = normalise(await frame.locator('#summary').innerText());
    assert.match(summary, /^Length Generalization Probe · addition · \d+ models · 40 carry-heavy problems/u);
    assert.match(normalise(await frame.locator('#what').innerText()), /^What you are seeing: /u);
    const models = await frame
      .locator('#probe g.curve')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-model')));
    assert.deepEqual(models, ADDITION_MODELS, 'one curve per addition model of the zoo');
    const methods = await frame
      .locator('#probe g.curve')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-method')));
    assert.deepEqual(methods.slice(0, 3), ['ppc', 'coupled', 'absolute']);
    assert.equal(await frame.locator('#probe g.curve.curve-0 circle').count(), 14);
    const tip = await frame.locator('#probe g.curve.curve-0 circle title').last().textContent();
    assert.match(
      tip ?? '',
      /^PPC · positions-addition-ppc, length 14: [\d.]+% exactly right \(\d+ of 40 problems; 95% Wilson/u,
    );
    // The chain chart: carry-heavy draws reach chains up to 14, each point with its interval and tooltip.
    assert.equal(await frame.locator('#chain-part').isVisible(), true);
    assert.equal(await frame.locator('#chains g.curve').count(), ADDITION_MODELS.length);
    const chainPoints = await frame.locator('#chains g.curve.curve-0 circle').count();
    assert.ok(chainPoints >= 12, `${chainPoints} chain lengths drawn`);
    assert.equal(await frame.locator('#chains g.curve.curve-0 line.whisker').count(), chainPoints);
    const chainTip = await frame.locator('#chains g.curve.curve-0 circle title').first().textContent();
    // Counting only lengths past training (11 to 14 here), absolute positions get nothing right at any chain.
    await frame.locator('#chain-lengths').selectOption('past');
    const pastTips = await frame
      .locator('#chains g.curve[data-method="absolute"] circle title')
      .evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));
    assert.ok(pastTips.length >= 10, `${pastTips.length} chains past training`);
    for (const t of pastTips) assert.match(t, /, lengths past training: 0\.0% exactly right/u);
    await frame.locator('#chain-lengths').selectOption('all');
    assert.match(chainTip ?? '', /longest carry chain 0: [\d.]+% exactly right \(\d+ of \d+ problems; 95% Wilson/u);
    const rows = await frame
      .locator('#probe-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.dataset.method, ...[...tr.cells].map((c) => c.textContent ?? '')]));
    lap(`probe table: ${JSON.stringify(rows)}`);
    const head = await frame.locator('#probe-table thead th').allTextContents();
    assert.equal(head[0], 'Exact match');
    assert.ok(head.includes('length 1') && head.at(-1) === 'length 14', JSON.stringify(head));
    assert.ok((await frame.locator('#probe-table tbody td[title]').count()) >= 9, 'every number says what it measures');
    const pct = (r, i) => Number((r?.[i] ?? '').replace('%', ''));
    const ppc = rows.find((r) => r[0] === 'ppc');
    const absolute = rows.find((r) => r[0] === 'absolute');
    const last = head.length;
    assert.ok(pct(ppc, last) > pct(absolute, last), `at 14 PPC ${ppc?.[last]} beats absolute ${absolute?.[last]}`);
    await shotsAt(frame, 'positions-probe');
    await rig.page.setViewportSize({ width: 800, height: 900 });
    await sleep(1_000);
    const layout = await frame.locator('#probe').evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      const inside = (r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5;
      const items = [...svg.querySelectorAll('.legend-item')];
      const top = Math.min(...[...svg.querySelectorAll('.curve circle')].map((c) => c.getBoundingClientRect().top));
      const labels = [...svg.querySelectorAll('.marker-label')].map((t) => t.getBoundingClientRect());
      return {
        legend: items.map((g) => [g.querySelector('line.swatch') !== null, inside(g.getBoundingClientRect())]),
        swatch: getComputedStyle(svg.querySelector('.legend-item line.swatch')).stroke,
        labelsAbove: labels.every((l) => l.bottom <= top),
        labels: labels.length,
      };
    });
    await rig.page.setViewportSize({ width: 1400, height: 900 });
    lap(`probe layout at 800 px: ${JSON.stringify(layout)}`);
    assert.deepEqual(
      layout.legend,
      ADDITION_MODELS.map(() => [true, true]),
      'a swatch per model, none cut off',
    );
    assert.notEqual(layout.swatch, 'none');
    assert.ok(layout.labels >= 1, 'the training maximum is marked');
    assert.ok(layout.labelsAbove, 'the marker labels lie above the curves');
    const sections = ['chain-part', 'probe-table'];
    const at800 = { tab: 'Length Generalization Probe', frameSelector: '#probe-section', prefix: 'positions-probe' };
    const { shots } = await shootAt800(rig, { ...at800, sections });
    lap(`screenshots at 800 px with the side bar closed: ${shots.join(', ')}`);
    await assertNoCrash(rig);
  },
  { timeout: 420_000 },
);
