import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DependenciesJobs } from '../../../src/engine/dependencies/jobs';
import { DependenciesResultSchema, type DependencyMethod, type DependencyView } from '../../../src/shared/dependencies';
import { check } from '../../../src/shared/schema';
import { withAblation } from '../../../src/shared/withAblation';
import { FIXTURES, MODELS } from '../helpers';

const sample = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
const never = new AbortController().signal;
const jobs = new DependenciesJobs(MODELS, mkdtempSync(join(tmpdir(), 'lens-attn-cache-')));

function run(method: DependencyMethod) {
  const at = sample.indexOf('return') + 3;
  const params = { text: sample, source: 'sample.ts', model: 'lens-lm', device: 'cpu' as const, at };
  const rest = { allowLocalFiles: true, p: 0.9, k: 8, maxTokens: 16384, maps: false, scope: 'token' as const };
  return jobs.run({ ...params, ...rest, method }, never, () => undefined);
}

test('attention then ablation, merged, give what one run of both methods gives for the token', async () => {
  const both = await run('both');
  const merged = withAblation(await run('attention'), await run('ablation'));
  assert.ok(check(DependenciesResultSchema, merged).ok);
  const i = both.at?.index ?? -1;
  assert.ok(i > 0 && (both.at?.ablation?.length ?? 0) > 0, 'the token has ablation dependencies');
  // Ablation's passes are batched by time, so weights may differ in the last float digits between runs.
  const near = (ds: readonly DependencyView[] | undefined) => ds?.map((d) => ({ ...d, weight: d.weight.toFixed(4) }));
  assert.equal(merged.at?.index, i);
  assert.deepEqual(near(merged.at?.attention), near(both.at?.attention));
  assert.deepEqual(merged.at?.ablation?.map((d) => d.start).sort(), both.at?.ablation?.map((d) => d.start).sort());
  assert.deepEqual(
    near(merged.at?.ablation)
      ?.map((d) => d.weight)
      .sort(),
    near(both.at?.ablation)
      ?.map((d) => d.weight)
      .sort(),
  );
  assert.equal(merged.kAblation?.[i], both.kAblation?.[i]);
  assert.equal(merged.kAttention?.[i], both.kAttention?.[i]);
  assert.deepEqual({ ...merged.ablation, runs: 0 }, { ...both.ablation, runs: 0 }, 'runs count batched passes');
  assert.deepEqual([...merged.methods].sort(), [...both.methods].sort());
});

test('runs over different tokens are not merged', async () => {
  const a = await run('attention');
  const shorter = { ...a, tokens: a.tokens.slice(1) };
  assert.throws(() => withAblation(a, shorter), /different tokens/);
});
