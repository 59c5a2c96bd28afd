/**
 * @file The Debian packages of the benchmarks' peers: module → package mapping, the one install command, the
 * import scan of a Python source, and every bench/*.py checked against the runner's module lists (a peer that
 * imports a module nobody maps, or that no benchmark runs, fails here).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BENCHES } from '../../../bench/benches';
import {
  debianPackages,
  installCommand,
  MODULE_PACKAGES,
  missingMessage,
  PEER_STDLIB,
  pythonImports,
} from '../../../bench/peerPackages';
import { ROOT } from '../helpers';

const BENCH_DIR = join(ROOT, 'bench');

test('modules map to their Debian packages, sorted and without repeats', () => {
  assert.deepEqual(debianPackages(['torch', 'numpy', 'onnx', 'numpy', 'sklearn']), [
    'python3-numpy',
    'python3-onnx',
    'python3-sklearn',
    'python3-torch',
  ]);
  assert.deepEqual(debianPackages([]), []);
  assert.throws(() => debianPackages(['numpy', 'pandas']), /"pandas"/u);
});

test('the install command: sudo unless root', () => {
  assert.equal(
    installCommand(['python3-numpy', 'python3-onnx'], false),
    'sudo apt-get install -y --no-install-recommends python3-numpy python3-onnx',
  );
  assert.equal(installCommand(['python3-torch'], true), 'apt-get install -y --no-install-recommends python3-torch');
});

test('the one-line message names the missing modules and one command for them and the optional ones', () => {
  const m = missingMessage(['onnx', 'sklearn'], ['threadpoolctl'], false);
  assert.equal(
    m,
    "npm run bench: the peers' Python lacks onnx, sklearn: install with " +
      '`sudo apt-get install -y --no-install-recommends python3-onnx python3-sklearn python3-threadpoolctl`.',
  );
  assert.equal(m.includes('\n'), false);
  assert.match(
    missingMessage(['torch'], [], true),
    /`apt-get install -y --no-install-recommends python3-torch`, or rerun with BENCH_INSTALL=1\.$/u,
  );
});

test("with MODEL_LENS_PEER_PYTHON the message says to install into it, or to go back to Debian's", () => {
  assert.equal(
    missingMessage(['torch'], [], true, '/opt/py/bin/python3'),
    'npm run bench: "/opt/py/bin/python3" (MODEL_LENS_PEER_PYTHON) lacks torch: install them into it, or unset ' +
      "MODEL_LENS_PEER_PYTHON and run `apt-get install -y --no-install-recommends python3-torch` for Debian's Python.",
  );
});

test('pythonImports reads plain, dotted, aliased, from- and indented imports, and skips relative ones', () => {
  const source = [
    'import json',
    'import os, sys as system',
    'import torch.nn.functional as F',
    'from sklearn.tree import DecisionTreeClassifier',
    'from . import sibling',
    'from .data import VOCAB',
    'def f():',
    '    import onnx  # lazily',
    '    from onnx import numpy_helper',
    '# import pandas',
    'x = "import nothing"',
  ].join('\n');
  assert.deepEqual(pythonImports(source), ['json', 'os', 'sys', 'torch', 'sklearn', 'onnx']);
});

/** Modules of this repository a peer imports: the peers beside it, tools/zoo, and lens-lm's model.py. */
function localModules(): Set<string> {
  const stems = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.py'))
    .map((f) => f.slice(0, -3));
  return new Set([...stems, 'tools', 'model']);
}

test('every module a bench/*.py imports is local, standard library, or mapped and listed for its benchmark', () => {
  const local = localModules();
  const peers = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.py'));
  assert.ok(peers.length >= 5);
  for (const peer of peers) {
    const runners = BENCHES.filter((b) => b.peers.includes(peer));
    assert.ok(runners.length > 0, `bench/${peer} is no benchmark's peer in bench/benches.ts`);
    for (const m of pythonImports(readFileSync(join(BENCH_DIR, peer), 'utf8'))) {
      if (local.has(m) || PEER_STDLIB.includes(m)) continue;
      assert.ok(m in MODULE_PACKAGES, `bench/${peer} imports ${m}: map it in bench/peerPackages.ts`);
      for (const b of runners) assert.ok(b.modules.includes(m), `bench ${b.name} does not list ${m} (bench/${peer})`);
    }
  }
});

test("the positions peer's onnx import (inside tools/zoo) is listed", () => {
  const zoo = readFileSync(join(ROOT, 'tools', 'zoo', 'zoo_files.py'), 'utf8');
  assert.ok(pythonImports(zoo).includes('onnx'));
  assert.ok(BENCHES.find((b) => b.name === 'positions')?.modules.includes('onnx'));
});

test('every mapped package is a python3-* package name', () => {
  for (const p of Object.values(MODULE_PACKAGES)) assert.match(p, /^python3-[a-z0-9.+-]+$/u);
});
