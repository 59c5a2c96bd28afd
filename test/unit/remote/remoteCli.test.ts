import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DependenciesResult } from '../../../src/shared/dependencies';
import type { SurprisalResult } from '../../../src/shared/surprisal';
import { startTestServer, type TestServer } from '../../remoteServer';
import { ensureBuilt, FIXTURES, ROOT, runCli } from '../helpers';

const KEY = 'sk-cli-31d7e2';
let server: TestServer;

before(async () => {
  ensureBuilt();
  server = await startTestServer('lens-lm', { key: KEY });
});
after(() => server.close());

/** The CLI run without blocking this process, which serves its requests. */
function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

test('surprisal --model openai:<url>#lens-lm gives the local numbers, the key read from the environment', async () => {
  const sample = join(FIXTURES, 'sample.ts');
  const localRun = runCli('surprisal', sample, '--json');
  assert.equal(localRun.status, 0, localRun.stderr);
  const local = JSON.parse(localRun.stdout) as SurprisalResult;
  const env = { ...process.env, MODEL_LENS_API_KEY: KEY };
  const r = await cli(env, 'surprisal', sample, '--json', '--model', `openai:${server.url}#lens-lm`);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY));
  const remote = JSON.parse(r.stdout) as SurprisalResult;
  assert.equal(remote.model, `openai:${server.url}#lens-lm`);
  assert.equal(remote.tokens.length, local.tokens.length);
  remote.tokens.forEach((t, i) => {
    const l = local.tokens[i];
    assert.deepEqual([t.start, t.end], [l?.start, l?.end]);
    assert.ok(Math.abs(t.surprisal - (l?.surprisal ?? NaN)) < 1e-3, `token ${i}`);
  });
});

test('the CLI refuses a wrong key and an unreachable server with one line and exit 2', async () => {
  const sample = join(FIXTURES, 'sample.ts');
  const spec = `openai:${server.url}#lens-lm`;
  const wrong = await cli({ ...process.env, MODEL_LENS_API_KEY: 'sk-wrong' }, 'surprisal', sample, '--model', spec);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr.trim(), /^[^\n]*refused the API key \(HTTP 401\)[^\n]*$/u);
});

test('dependencies --at on a remote model: ablation only, on the actual token, run on the server', async () => {
  const sample = join(FIXTURES, 'sample.ts');
  const spec = `openai:${server.url}#lens-lm`;
  const env = { ...process.env, MODEL_LENS_API_KEY: KEY };
  const r = await cli(env, 'dependencies', sample, '--at', '3:10', '--json', '--model', spec);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as DependenciesResult;
  assert.deepEqual(out.methods, ['ablation']);
  assert.equal(out.device, 'server');
  assert.equal(out.ablation?.measure, 'surprisal');
  assert.ok(out.notes?.some((n) => /remote model.*only ablation ran/u.test(n)));
  const weights = (out.at?.ablation ?? []).map((d) => d.weight);
  assert.ok(weights.length > 0 && weights.every((w, i) => i === 0 || w <= (weights[i - 1] ?? 0)));
  const text = await cli(env, 'dependencies', sample, '--at', '3:10', '--model', spec);
  assert.match(text.stdout, /change in the surprisal of the actual next token/u);
});
