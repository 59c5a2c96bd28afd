/**
 * @file The CUDA path the README documents: `.npmrc` skips onnxruntime-node's CUDA download so installs work
 * offline, `ONNXRUNTIME_NODE_INSTALL=cuda12` overrides that skip for a GPU user, and a model asked to run on cuda
 * where the CUDA provider is absent runs on the CPU with a line saying why (on a machine with it: on cuda).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModel } from '../../../src/core/model/loadModel';
import { MODELS, ROOT } from '../helpers';

/**
 * What onnxruntime-node's installer would install under `env`, from its own flag parser and metadata, run in a child
 * process: none when the flag is false (skip), the named installs for a string, the platform's default list when
 * the flag is undefined.
 */
function installs(env: Record<string, string>): unknown {
  const script = [
    "const flag = require('onnxruntime-node/script/install-utils.js').parseInstallFlag();",
    "const meta = require('onnxruntime-node/script/install-metadata.js');",
    "const list = flag === false ? [] : typeof flag === 'string' ? flag.split(',') : meta.requirements['linux/x64'];",
    "console.log(JSON.stringify({ list, known: list.every((n) => meta.manifests['linux/x64:' + n] !== undefined) }));",
  ].join('\n');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/onnxruntime_node_install/iu.test(k)));
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as unknown;
}

test('.npmrc skips the CUDA download; ONNXRUNTIME_NODE_INSTALL=cuda12 overrides it', () => {
  assert.match(readFileSync(join(ROOT, '.npmrc'), 'utf8'), /^onnxruntime-node-install=skip$/mu);
  // npm passes .npmrc's setting to install scripts as npm_config_onnxruntime_node_install.
  const skip = { npm_config_onnxruntime_node_install: 'skip' };
  assert.deepEqual(installs(skip), { list: [], known: true });
  assert.deepEqual(installs({ ...skip, ONNXRUNTIME_NODE_INSTALL: 'cuda12' }), { list: ['cuda12'], known: true });
});

test('a model asked to run on cuda runs there, or on the CPU with one warn line naming cuda', async () => {
  const lines: { level: string; message: string }[] = [];
  const lm = await loadModel('lens-lm', {
    modelsDir: MODELS,
    device: 'cuda',
    log: (level, message) => void lines.push({ level, message }),
  });
  try {
    if (lm.device === 'cuda') return;
    assert.equal(lm.device, 'cpu');
    const warns = lines.filter((l) => l.level === 'warn');
    assert.equal(warns.length, 1, JSON.stringify(lines));
    assert.match(warns[0]!.message, /^Running on cpu: cuda: /u);
  } finally {
    await lm.dispose();
  }
});
