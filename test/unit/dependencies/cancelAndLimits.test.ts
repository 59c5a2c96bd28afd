import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ablationEffects } from '../../../src/core/analyses/dependencies/ablationEffects';
import { attentionDependencies } from '../../../src/core/analyses/dependencies/attentionDependencies';
import { byteTokens } from '../../../src/core/analyses/dependencies/byteTokens';
import { loadDependencyModel, type DependencyModel } from '../../../src/core/analyses/dependencies/dependencyModel';
import { LensError } from '../../../src/core/errors';
import { DependenciesJobs } from '../../../src/engine/dependencies/jobs';
import { MODELS } from '../helpers';

let model: DependencyModel;
before(async () => {
  model = await loadDependencyModel(MODELS, 'lens-lm');
});
after(async () => model.session.release());

/** The model with a session that counts its forward passes. */
function counted(): { model: DependencyModel; passes: () => number } {
  let passes = 0;
  const session = new Proxy(model.session, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (key === 'run') {
        return (...args: Parameters<typeof target.run>) => {
          passes++;
          return target.run(...args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { model: { ...model, session }, passes: () => passes };
}

const isCode =
  (code: string, message = /./u) =>
  (e: unknown) =>
    e instanceof LensError && e.code === code && message.test(e.message);
const text = 'function add(a, b) {\n  return a + b;\n}\nadd(1, 2);\n'.repeat(12); // 564 bytes: 5 windows

test('a cancel from the progress of an ablation batch stops the window: no pass runs after it', async () => {
  const c = counted();
  const controller = new AbortController();
  let seen = -1;
  const run = ablationEffects(c.model, byteTokens(text.slice(0, 200), model.bosId).ids, {
    batch: 4,
    signal: controller.signal,
    onProgress: () => {
      if (seen < 0) seen = c.passes();
      controller.abort();
    },
  });
  await assert.rejects(run, isCode('cancelled'));
  assert.equal(seen, 2, 'the baseline and one batch ran before the abort');
  assert.equal(c.passes(), 2);
});

test('a cancel from the progress of an attention window stops the read: no window runs after it', async () => {
  const c = counted();
  const controller = new AbortController();
  const run = attentionDependencies(c.model, text, { signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(run, isCode('cancelled'));
  assert.equal(c.passes(), 1);
});

test('the dependencies job refuses a text by bytes before it loads a model or tokenizes', async () => {
  const jobs = new DependenciesJobs(join(tmpdir(), 'no-models-here'), mkdtempSync(join(tmpdir(), 'lens-attn-')));
  const params = {
    text: 'x'.repeat(16 * 100 + 1),
    source: 'big.txt',
    model: 'lens-lm',
    device: 'cpu' as const,
    allowLocalFiles: false,
    method: 'ablation' as const,
    p: 0.9,
    k: 8,
    maxTokens: 100,
    maps: false,
  };
  const never = new AbortController().signal;
  await assert.rejects(
    jobs.run(params, never, () => undefined),
    isCode('too-long', /1601 bytes, more than 1600/u),
  );
  const lens = new DependenciesJobs(MODELS, mkdtempSync(join(tmpdir(), 'lens-attn-')));
  const over = { ...params, text: 'é'.repeat(51) }; // 102 bytes, one token each
  await assert.rejects(
    lens.run(over, never, () => undefined),
    isCode('too-long', /modelLens\.maxTokens \(100\)/u),
  );
  const cap = { ...params, text: 'x'.repeat(20_001), maxTokens: 1_000_000 };
  await assert.rejects(
    lens.run(cap, never, () => undefined),
    isCode('too-long', /cover at most 20000/u),
  );
});
