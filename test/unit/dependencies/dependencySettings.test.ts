import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ablationCut, dependencySettingsOf, type DependenciesResult } from '../../../src/shared/dependencies';
import { ROOT } from '../helpers';

test('dependency settings: valid values are kept, anything else falls back to p 0.9, k 32, both, reach 512', () => {
  assert.deepEqual(dependencySettingsOf({}), { p: 0.9, k: 32, method: 'both', reach: 512 });
  assert.deepEqual(dependencySettingsOf({ p: 0.5, k: 8, method: 'ablation', reach: 64 }), {
    p: 0.5,
    k: 8,
    method: 'ablation',
    reach: 64,
  });
  assert.deepEqual(dependencySettingsOf({ p: 1, k: 64, method: 'attention' }), {
    p: 1,
    k: 64,
    method: 'attention',
    reach: 512,
  });
  for (const bad of [{ reach: 0 }, { reach: 2.5 }, { reach: '64' }, { reach: -1 }])
    assert.equal(dependencySettingsOf(bad).reach, 512, JSON.stringify(bad));
  for (const bad of [{ p: 0 }, { p: 1.5 }, { p: '0.5' }, { p: NaN }])
    assert.equal(dependencySettingsOf(bad).p, 0.9, JSON.stringify(bad));
  for (const bad of [{ k: 0 }, { k: 65 }, { k: 2.5 }, { k: '8' }])
    assert.equal(dependencySettingsOf(bad).k, 32, JSON.stringify(bad));
  assert.equal(dependencySettingsOf({ method: 'telepathy' }).method, 'both');
});

test('package.json documents the dependency settings with the same defaults', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default: unknown; markdownDescription?: string }> } };
  };
  const props = pkg.contributes.configuration.properties;
  const defaults = dependencySettingsOf({});
  assert.equal(props['modelLens.dependencies.p']?.default, defaults.p);
  assert.equal(props['modelLens.dependencies.k']?.default, defaults.k);
  assert.equal(props['modelLens.dependencies.method']?.default, defaults.method);
  assert.equal(props['modelLens.dependencies.ablationReach']?.default, defaults.reach);
  for (const key of ['p', 'k', 'method', 'ablationReach'])
    assert.ok((props[`modelLens.dependencies.${key}`]?.markdownDescription ?? '').length > 40, key);
});

test('ablationCut: the reach only where it left tokens of the window before the token unablated', () => {
  const result = (reach?: number, context?: number): DependenciesResult =>
    ({
      ...(reach !== undefined ? { ablation: { delta: 0.1, method: 'm', runs: 1, reach } } : {}),
      ...(context !== undefined ? { at: { index: context, context } } : {}),
    }) as unknown as DependenciesResult;
  assert.equal(ablationCut(result(512, 1019)), 512);
  assert.equal(ablationCut(result(512, 512)), undefined, 'every token before it was ablated');
  assert.equal(ablationCut(result(undefined, 1019)), undefined, 'the whole window was ablated');
  assert.equal(ablationCut(result(512)), undefined, 'not a single token');
});
