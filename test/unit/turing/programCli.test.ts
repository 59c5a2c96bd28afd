/**
 * `model-lens turing --model`: the scratchpad printed line by line with the simulator's verdicts, the JSON result,
 * bad input refused with one line; and the length probe's Turing-program scorers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { programProblem } from '../../../src/core/analyses/turing/program';
import { programModelLoad } from '../../../src/core/analyses/turing/programModel';
import { programScore } from '../../../src/core/analyses/turing/programScore';
import { turingScorerSource } from '../../../src/engine/turing/probeScorers';
import type { EngineEnv } from '../../../src/engine/toolkit';
import { ProgramRunResultSchema } from '../../../src/shared/turing';
import { check } from '../../../src/shared/schema';
import { cliRefuses, ensureBuilt, MODELS, quiet, runCli } from '../helpers';

ensureBuilt();

test('turing --model prints each line with its verdict, then the answer; --json gives the checked result', () => {
  const r = runCli('turing', '--input', '57+68', '--model', 'turing-addition', '--json');
  assert.equal(r.status, 0, r.stderr);
  const checked = check(ProgramRunResultSchema, JSON.parse(r.stdout));
  assert.ok(checked.ok);
  const result = checked.value;
  assert.deepEqual(result.truth, ['5 7 + 6 8', '5 + 6 b 5', '+ b 2 5', '1 2 5']);
  assert.equal(result.expectedAnswer, '125');
  assert.ok(result.done);
  const text = runCli('turing', '--input', '57+68', '--model', 'turing-addition');
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^turing-addition \(scratchpad, trained up to \d+ digits\) on 57\+68, 2 digits$/u);
  assert.equal(lines[1]?.trim(), '0  5 7 + 6 8');
  for (const [i, l] of result.lines.entries()) {
    const verdict = { right: 'right', wrong: 'WRONG', unchecked: '?' }[l.status];
    const expected = l.expected === undefined ? '' : `   expected: ${l.expected}`;
    assert.match(
      lines[i + 2] ?? '',
      new RegExp(
        `^ +${l.index}  ${l.text.replace(/[+*]/gu, '\\$&')} +${verdict}${expected.replace(/[+*]/gu, '\\$&')}$`,
        'u',
      ),
    );
  }
  const last = lines[lines.length - 1] ?? '';
  assert.match(
    last,
    result.correct
      ? /^answer 125: correct; every step right$/u
      : /^answer \d+: wrong, expected 125; first wrong step: line \d+/u,
  );
});

test('turing --model --out x.html writes a report with the turing view', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'lens-turing-report-')), 'run.html');
  const r = runCli('turing', '--input', '57+68', '--model', 'turing-addition', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<title>[^<]*Turing program: 57\+68/u);
  assert.match(html, /turingProgramRun/u);
});

test('turing --model refuses a problem it cannot run, with one line', () => {
  cliRefuses(
    ['turing', '--input', '123*4', '--model', 'turing-addition', '--task', 'multiplication'],
    /turing-addition writes addition programs, not multiplication\. Choose a turing-multiplication model\./u,
  );
  cliRefuses(['turing', '--input', '57*68', '--model', 'turing-addition'], /an addition problem like "57\+68", not/u);
  cliRefuses(
    ['turing', '--input', '57+68+1', '--model', 'turing-addition'],
    /Expected a problem like "57\+68", not "57\+68\+1"\./u,
  );
  cliRefuses(['turing', '--input', '57+68', '--model', 'lens-lm'], /not a Turing-program one/u);
  cliRefuses(['turing', '--input', '57+68', '--model', 'turing-addition', '--task', 'division'], /--task must be/u);
});

test('the probe gets the turing-program and no-scratchpad scorers of addition, and none for copy', async () => {
  const env = { modelsDir: MODELS, log: quiet } as unknown as EngineEnv;
  const source = turingScorerSource(env);
  assert.deepEqual(await source('copy'), []);
  const scorers = await source('addition');
  assert.deepEqual(
    scorers.map((s) => [s.method, s.model, s.task]),
    [
      ['turing-program', 'turing-addition', 'addition'],
      ['no-scratchpad', 'turing-addition-direct', 'addition'],
    ],
  );
  const problems = ['57+68=', '12345+67890=', '999+1='];
  const model = await programModelLoad('turing-addition', { modelsDir: MODELS, allowLocalFiles: false });
  const direct = await programScore(
    model,
    problems.map((p) => programProblem(p)),
  );
  let seen = 0;
  const outcomes = await scorers[0]?.score(problems, undefined, (n) => (seen += n));
  assert.deepEqual(outcomes, direct);
  assert.equal(seen, problems.length);
  // 50 digits: 4,030 tokens at most; 51: 4,187, past the 4,096 the models run on.
  assert.ok(scorers[0]?.fits(50) === true && scorers[0].fits(51) === false);
  assert.ok(scorers[1]?.fits(200), 'the baseline writes the answer only');
});
