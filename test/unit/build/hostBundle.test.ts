import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { ROOT } from '../helpers';

const MODEL_RUNTIMES = ['onnxruntime-node', 'onnxruntime-web', '@huggingface/transformers'];

async function bundleHost(): Promise<esbuild.BuildResult & { metafile: esbuild.Metafile }> {
  const config = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as { hostBuild: esbuild.BuildOptions };
  return esbuild.build({ ...config.hostBuild, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' });
}

test('the extension host bundle, built with the project settings, requires no model runtime', async () => {
  const result = await bundleHost();
  const code = result.outputFiles?.find((f) => f.path.endsWith('.js'))?.text ?? '';
  assert.ok(code.includes('registerWebviewViewProvider'), 'the bundle is the extension host');
  for (const runtime of MODEL_RUNTIMES) {
    assert.ok(!code.includes(`require("${runtime}")`), `extension.js requires ${runtime}`);
  }
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(ROOT, join(ROOT, p)));
  const analyses = inputs.filter(
    (p) => p.startsWith(join('src', 'core', 'analyses')) || p.startsWith(join('src', 'engine')),
  );
  assert.deepEqual(analyses, [], 'the host bundles no analysis or engine module');
  assert.ok(inputs.includes(join('src', 'host', 'extension.ts')));
});
