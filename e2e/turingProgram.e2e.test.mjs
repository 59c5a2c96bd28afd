/**
 * @file End-to-end test of the Turing-program model in a real VS Code (code-server): "Run Turing-Program Model on
 * Selection" with the cursor on `57+68` of turing/turing-sums.txt opens the scratchpad panel, whose lines, verdicts,
 * expected lines and answer are checked against `model-lens turing --model turing-addition --json` on the same
 * problem (the CLI and the panel share the engine, the simulator checks both), and against the true program worked
 * by hand; `123*4` runs the multiplication model (or, where the zoo has none, gets a message naming it); a
 * 200-digit sum is cancelled from the progress notification while the model writes, and the panel keeps the lines
 * written so far and says the run stopped; a line that is no problem gets a message naming the forms. Screenshots
 * at 800 px (`e2e/artifacts/turing-*.png`).
 * Run: `sh e2e/vscode-rig/setup.sh && node --test e2e/turingProgram.e2e.test.mjs` (after `npm run build`).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalise, ROOT } from './rig.mjs';
import { assertNoCrash, panelWith, rigSession, sha256, shootAt800, waitFor } from './steps.mjs';

const RUN = 'Model Lens: Run Turing-Program Model on Selection';
const FILE = 'turing/turing-sums.txt';
const TAB = 'Turing-Program Scratchpad';
/** The Turing program of 57+68 worked by hand: 7+8 = 15 (5, carry b), 5+6+1 = 12 (2, carry b), answer 125. */
const PROGRAM_57_68 = ['5 7 + 6 8', '5 + 6 b 5', '+ b 2 5', '1 2 5'];
/** @type {import('./rig.mjs').Rig} */
let rig;
const needs = ['dist/extension.js', 'dist/engine.js', 'dist/cli.js', 'dist/webview/turing.js'];
const { lap, rigTest } = rigSession('turing', needs, (r) => void (rig = r));

/** The CLI's result for the same problem and model. */
function cliRun(input, model) {
  const out = execFileSync(
    process.execPath,
    [path.join(ROOT, 'dist', 'cli.js'), 'turing', '--input', input, '--model', model, '--json'],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out);
}

/** The panel's lines: number, text, classes and the expected line shown beside it. */
function panelLines(frame) {
  return frame.locator('#program li').evaluateAll((lis) =>
    lis.map((li) => ({
      index: li.value,
      text: li.querySelector('code')?.textContent ?? '',
      cls: li.className,
      expected: li.querySelector('code.expected')?.textContent ?? null,
    })),
  );
}

/** Runs the command on line `line` and waits for the panel to show a finished run of `problem`. */
async function runOn(line, problem) {
  await rig.openFile(FILE);
  await rig.goToLine(line, 1);
  await rig.runCommand(RUN);
  const frame = await panelWith(rig, '#program');
  const read = () => document.getElementById('summary')?.textContent ?? '';
  let summary = '';
  const finished = async () => {
    summary = normalise(
      await frame
        .locator('body')
        .evaluate(read)
        .catch(() => ''),
    );
    return summary.includes(` on ${problem}`) && !summary.includes('writing');
  };
  await waitFor(finished, 120_000, () => `the panel never finished ${problem}: "${summary}"`);
  return { frame, summary };
}

/** Screenshots of the panel at 800 px: its top, then `section` scrolled into view. */
const shoot = (prefix, section) =>
  shootAt800(rig, { tab: TAB, frameSelector: '#program', prefix, sections: [section] });

/** Asserts the panel shows exactly the CLI's lines and verdicts (the first wrong one red, with its expected line). */
async function matchesCli(frame, cli) {
  const shown = await panelLines(frame);
  const missing = cli.firstWrongStep !== undefined && !cli.lines.some((l) => l.index === cli.firstWrongStep);
  assert.equal(shown.length, 1 + cli.lines.length + (missing ? 1 : 0), 'line 0, the written lines, a missing one');
  assert.deepEqual(shown[0], { index: 0, text: cli.truth[0], cls: 'line problem', expected: null });
  for (const [i, l] of cli.lines.entries()) {
    const row = shown[i + 1];
    assert.equal(row.index, l.index);
    assert.equal(row.text, l.text);
    const first = l.index === cli.firstWrongStep;
    assert.equal(row.cls, first ? 'line wrong first' : `line ${l.status}`);
    assert.equal(row.expected, first ? `expected: ${l.expected}` : null);
  }
  const answer = normalise(await frame.locator('#answer').innerText());
  const result = cli.task === 'addition' ? 'sum' : 'product';
  const lastLine = cli.lines[cli.lines.length - 1]?.index;
  const reasons = {
    runaway: `line ${lastLine} ran past the program's longest line (the model lost its place)`,
    budget: 'the model did not end its scratchpad within its token budget',
  };
  const want =
    cli.answer === undefined
      ? `No answer: ${reasons[cli.ended]}; the ${result} is ${cli.expectedAnswer}.`
      : `Answer ${cli.answer}: ${cli.correct ? 'correct' : `wrong, the ${result} is ${cli.expectedAnswer}`}.`;
  assert.equal(answer, want);
}

rigTest(
  '57+68: the scratchpad line by line, checked by the simulator, equal to the CLI and the hand-worked program',
  async () => {
    const file = path.join(rig.workspace, FILE);
    const before = sha256(file);
    const { frame, summary } = await runOn(1, '57+68');
    lap(`summary: ${summary}`);
    assert.equal(summary, 'Turing program: turing-addition (scratchpad) on 57+68');
    const cli = cliRun('57+68', 'turing-addition');
    assert.deepEqual(cli.truth, PROGRAM_57_68);
    await matchesCli(frame, cli);
    assert.match(
      normalise(await frame.locator('#reading').innerText()),
      /^turing-addition wrote the scratchpad of a 2-digit addition/u,
    );
    assert.equal(await frame.locator('#cells-chart rect.outline').count(), 3, 'one outline per line after line 0');
    assert.equal(await frame.locator('#cells-chart rect.bar').count(), cli.lines.filter((l) => l.index <= 3).length);
    assert.match(await frame.locator('#cells-chart .axis-label').first().textContent(), /line of the scratchpad/u);
    assert.equal(sha256(file), before, `${FILE} changed`);
    await shoot('turing-57-68', 'cells-section');
    await assertNoCrash(rig);
  },
);

rigTest(
  'a 17-digit sum: the panel marks the first wrong step (if any) in red beside its expected line, as the CLI',
  async () => {
    // The summary shortens operands of more than 12 digits to their ends.
    const { frame } = await runOn(5, '987654…6543+123456…4567');
    const cli = cliRun('98765432109876543+12345678901234567', 'turing-addition');
    lap(`17 digits: first wrong step ${cli.firstWrongStep ?? 'none'}, answer ${cli.answer ?? 'none'}`);
    await matchesCli(frame, cli);
    await shoot('turing-17-digits', 'lines-section');
    await assertNoCrash(rig);
  },
);

/** Whether the zoo lists `name` (the multiplication models are built when the recipe's time allows). */
const inZoo = (name) =>
  JSON.parse(readFileSync(path.join(ROOT, 'media', 'models', 'manifest.json'), 'utf8')).models.some(
    (m) => m.name === name,
  );

rigTest(
  '123*4 runs the multiplication model as the CLI does (or names the missing model)',
  async () => {
    if (!inZoo('turing-multiplication')) {
      await rig.openFile(FILE);
      await rig.goToLine(2, 1);
      await rig.runCommand(RUN);
      await rig.waitForNotification(/No Turing-program model "turing-multiplication": not an embedded one/u);
      await rig.clearNotifications();
      return;
    }
    const { frame, summary } = await runOn(2, '123*4');
    assert.equal(summary, 'Turing program: turing-multiplication (scratchpad) on 123*4');
    const cli = cliRun('123*4', 'turing-multiplication');
    assert.deepEqual(cli.truth, ['1 2 3 * 4', '1 2 * 4 b 2', '1 * 4 a 9 2', '* 4 a 4 9 2', '4 9 2']);
    await matchesCli(frame, cli);
    await assertNoCrash(rig);
  },
  { timeout: 120_000 },
);

rigTest('a 200-digit sum is cancelled while the model writes; the lines so far stay', async () => {
  await rig.openFile(FILE);
  await rig.goToLine(3, 1);
  await rig.runCommand(RUN);
  const frame = await panelWith(rig, '#program');
  // The panel switches to the problem before the first line is written (each line takes hundreds of passes).
  await waitFor(
    async () =>
      /on 987654…3210\+123456…7890 \(writing…\)$/u.test(normalise(await frame.locator('#summary').innerText())),
    30_000,
    () => 'the panel did not switch to the new problem at once',
  );
  const cancel = rig.page.locator('.notifications-toasts .notification-toast .monaco-button', { hasText: /^Cancel$/u });
  await cancel.first().click();
  await rig.waitForNotification(/cancelled/iu, { timeout: 10_000 });
  await waitFor(
    async () => /^Stopped before the model finished/u.test(normalise(await frame.locator('#status').innerText())),
    10_000,
    () => 'the panel never said the run stopped',
  );
  assert.match(normalise(await frame.locator('#summary').innerText()), /on 987654…3210\+123456…7890$/u);
  assert.match(normalise(await frame.locator('#answer').innerText()), /^No answer: the run was stopped before/u);
  const rows = await panelLines(frame);
  lap(`lines shown after the cancel: ${rows.length}`);
  assert.equal(rows[0]?.cls, 'line problem');
  assert.ok(rows.length < 202, `the run stopped before its 201 lines (${rows.length} shown)`);
  await rig.clearNotifications();
  await shoot('turing-cancelled', 'lines-section');
  await assertNoCrash(rig);
});

rigTest('a line that is no problem gets a message naming the forms', async () => {
  await rig.openFile(FILE);
  await rig.goToLine(4, 1);
  await rig.runCommand(RUN);
  await rig.waitForNotification(/"hello world" is not a problem a Turing-program model solves\. Select an addition/u);
  await rig.clearNotifications();
  await assertNoCrash(rig);
});
