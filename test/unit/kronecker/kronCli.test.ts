import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { KronResultSchema } from '../../../src/shared/kronecker';
import { check } from '../../../src/shared/schema';
import { cliRefuses, ensureBuilt, runCli } from '../helpers';
import { withSingularValues } from './kronFixtures';

const cli = (...args: string[]) => runCli('kron', ...args);
const dir = mkdtempSync(join(tmpdir(), 'lens-kron-cli-'));
const file = (name: string, content: string): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const sum = (xs: readonly number[], p: number): number => xs.reduce((s, x) => s + x ** p, 0);

before(() => ensureBuilt());

test('kron --gradients <json> --json prints the closed-form cosines of one gradient at the top level', () => {
  const sigma = [2, 1.5, 1];
  const g = withSingularValues(3, 4, sigma);
  const rows = [0, 1, 2].map((i) => [...g.subarray(i * 4, i * 4 + 4)]);
  const r = cli('--gradients', file('one.json', JSON.stringify([rows])), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.ok(Math.abs((out['cosOptimal'] as number) - 4 / sum(sigma, 2)) < 1e-6);
  assert.ok(Math.abs((out['cosShampooSquared'] as number) - sum(sigma, 6) / (sum(sigma, 4) * sum(sigma, 2))) < 1e-6);
  assert.ok(Math.abs((out['cosShampoo'] as number) - sum(sigma, 4) / sum(sigma, 2) ** 2) < 1e-6);
  assert.ok(Array.isArray(out['powerSteps']) && out['powerSteps'].length > 1);
  const whole = check(KronResultSchema, out);
  assert.ok(whole.ok && whole.value.layers[0]?.name === 'gradients', r.stdout);
});

test('kron without --json prints a table of the cosines per layer', () => {
  const r = cli('--gradients', file('two.json', '{"a": [[[1, 0], [0, 2]], [[1, 1], [0, 1]]], "b": [[[3]], [[1]]]}'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /layer\s+m × n\s+count\s+optimal\s+Shampoo²\s+Shampoo\n/u);
  assert.match(r.stdout, /^a\s+2 × 2\s+2\s+/mu);
  assert.match(r.stdout, /^b\s+1 × 1\s+2\s+1\.0000\s+1\.0000\s+1\.0000/mu);
});

test('kron --out report.html writes a self-contained report drawn by the panel view', () => {
  const out = join(dir, 'report.html');
  const r = cli('--gradients', file('r.json', '[[[1, 2], [3, 4]], [[0, 1], [1, 0]]]'), '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /Kronecker Preconditioner/u);
  assert.match(html, /kronAnalyze/u);
});

test('kron bad input exits 2 with one line', () => {
  const cases: [string[], RegExp][] = [
    [['--gradients', file('mismatch.json', '[[[1, 2]], [[1], [2]]]')], /mismatch/u],
    [['--gradients', file('empty.json', '[]')], /empty set/u],
    [['--gradients', file('nan.json', '[[[1, null]]]')], /not a finite number/u],
    [['--gradients', join(dir, 'nowhere.json')], /does not exist/u],
    [['--gradients', file('layers.json', '{"a": [[[1]]]}'), '--layer', 'zz'], /no layer "zz"\. Its layers: "a"/u],
    [[], /Give --gradients <file>, or --model M --data/u],
    [['--gradients', file('x.json', '[[[1]]]'), '--h-norm', 'sometimes'], /--h-norm must be one of/u],
    [['--gradients', file('y.json', '[[[1]]]'), '--steps', '0'], /--steps must be an integer/u],
    [['--gradients', file('z.json', '[[[1]]]'), '--model', 'lens-lm'], /not both/u],
    [['--model', 'kron-mlp', '--data', file('t.txt', 'some text to read'), '--layer', 'fc9'], /fc9.*output/u],
  ];
  for (const [args, message] of cases) cliRefuses(['kron', ...args], message);
});

test('kron --data alone reads the text with lens-lm (its output layer)', () => {
  const text = file('plain.txt', 'A short text, read by the default model. '.repeat(2));
  const r = cli('--data', text, '--max-examples', '40', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = check(KronResultSchema, JSON.parse(r.stdout));
  assert.ok(out.ok && out.value.model === 'lens-lm' && out.value.layers[0]?.name === 'output', r.stdout.slice(0, 300));
  assert.equal(out.value.layers[0]?.count, 40);
});

test('kron --model kron-mlp --layer output: optimal ≥ Shampoo² ≥ Shampoo on a short text', () => {
  const text = file('text.txt', 'The Kronecker factors of a preconditioner are found by power iteration. '.repeat(3));
  const r = cli('--model', 'kron-mlp', '--data', text, '--layer', 'output', '--labels', 'true', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = check(KronResultSchema, JSON.parse(r.stdout));
  assert.ok(out.ok, r.stdout.slice(0, 300));
  const [layer] = out.value.layers;
  assert.ok(layer !== undefined && layer.name === 'output' && layer.m === 257 && layer.count > 100);
  assert.ok(layer.cosOptimal >= layer.cosShampooSquared && layer.cosShampooSquared >= layer.cosShampoo);
  assert.equal(out.value.labels, 'true');
});
