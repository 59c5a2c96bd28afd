import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadForDependencies } from '../../../src/core/analyses/dependencies/loadForDependencies';
import { releaseDependencyModel } from '../../../src/core/analyses/dependencies/dependencyModel';
import { zooFromLensLm } from '../helpers';

test('an embedded language model with only its lm graph (the recurrent copy model) is read from it', async () => {
  const dir = zooFromLensLm((lens) => [
    { ...lens, name: 'lens-lm-only', task: 'copy', context: 64, graphs: { lm: lens.graphs.lm } },
  ]);
  const loaded = await loadForDependencies('lens-lm-only', {
    modelsDir: dir,
    cacheDir: mkdtempSync(join(tmpdir(), 'lens-lm-only-cache-')),
    allowLocalFiles: false,
  });
  try {
    // Context and start token come from the manifest entry; the tokens are lens-lm's bytes after it.
    assert.equal(loaded.model.context, 64);
    assert.equal(loaded.model.bosId, 256);
    const tokens = await loaded.encode('ab', 0, { maxTokens: 10 });
    assert.deepEqual([...tokens.ids], [256, 97, 98]);
  } finally {
    await releaseDependencyModel(loaded.model);
  }
});
