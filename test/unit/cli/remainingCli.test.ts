import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { RemainingPredictResultSchema } from '../../../src/shared/remaining';
import { check } from '../../../src/shared/schema';
import { ROOT } from '../helpers';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

test('remaining-length --json: the RemainingPredictResult, one step per generated token with the truth', () => {
  const r = cli('remaining-length', 'spell kalomi:', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as unknown;
  const checked = check(RemainingPredictResultSchema, out);
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  const result = checked.value;
  assert.equal(result.model, 'remaining-lm');
  assert.equal(result.done, true);
  assert.ok(result.finished);
  const n = result.steps.length;
  assert.ok(n > 0);
  assert.deepEqual(
    result.steps.map((s) => s.truth),
    result.steps.map((_, j) => n - 1 - j),
  );
  assert.equal(result.layerScan.length, result.layers);
  assert.ok(result.layerScan.every((e) => e.mae !== undefined && e.heldOutMae !== undefined));
});

test('remaining-length: text output names the estimates; bad flags exit 2 with one line', () => {
  const ok = cli('remaining-length', 'count down from 5:', '--max-new-tokens', '40');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /refined +prompt-only +truth/u);
  assert.match(ok.stdout, /layer scan/u);
  const noPrompt = cli('remaining-length');
  assert.equal(noPrompt.status, 2);
  assert.match(noPrompt.stderr, /Give a prompt/u);
  const badLayer = cli('remaining-length', 'spell ab:', '--layer', '9');
  assert.equal(badLayer.status, 2);
  assert.match(badLayer.stderr, /Layer 9 has no probe/u);
  const badMax = cli('remaining-length', 'spell ab:', '--max-new-tokens', '0');
  assert.equal(badMax.status, 2);
  assert.match(badMax.stderr, /--max-new-tokens must be an integer from 1 to 2048/u);
});
