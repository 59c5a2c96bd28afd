import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DependenciesResultSchema, type DependenciesResult } from '../../../src/shared/dependencies';
import { check } from '../../../src/shared/schema';
import { readManifest } from '../../../src/core/model/manifest';
import { ensureBuilt, FIXTURES, MODELS, ROOT } from '../helpers';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
const sample = join(FIXTURES, 'sample.ts');

before(() => ensureBuilt());

test('dependencies --json: per-token k, per-head statistics, and ranked dependencies with source places', () => {
  // Line 39 repeats the random string of line 37: the "7" at 39:25 copies the "7" at 37:18.
  const r = cli('dependencies', sample, '--at', '39:25', '--method', 'both', '--json');
  assert.equal(r.status, 0, r.stderr);
  const parsed: unknown = JSON.parse(r.stdout);
  const checked = check(DependenciesResultSchema, parsed);
  assert.ok(checked.ok, checked.ok ? '' : `--json is not the request's result: ${checked.message}`);
  const out: DependenciesResult = checked.value;
  const text = readFileSync(sample, 'utf8');
  // --at reads only the window that ends at the token: the token and at most context - 1 tokens before it (the
  // 1,019 bytes before it, all of them, in lens-lm's window of 1,024).
  const before = Buffer.byteLength(readFileSync(sample, 'utf8').slice(0, out.tokens[out.at?.index ?? -1]?.start));
  const context = Math.min(before, (readManifest(MODELS).find((m) => m.name === 'lens-lm')?.context ?? 0) - 1);
  assert.equal(out.scope, 'token');
  assert.equal(out.tokens.length, context + 1);
  assert.equal(out.at?.context, context);
  assert.equal(out.kAttention?.length, out.tokens.length);
  assert.equal(out.kLayers?.length, 4);
  assert.equal(out.headStats?.length, 24);
  assert.ok(out.headStats?.every((h) => h.meanK >= 1 && h.sinkShare >= 0 && h.sinkShare <= 1));
  const at = out.at;
  assert.ok(at !== undefined);
  assert.equal(out.tokens[at.index]?.text, '7');
  for (const d of [...(at.attention ?? []), ...(at.ablation ?? [])]) {
    assert.equal(d.text, text.slice(d.start, d.end));
    assert.ok(d.start < (out.tokens[at.index]?.start ?? 0), 'dependencies come before the token');
  }
  const copySource = at.ablation?.find((d) => d.line === 36 && d.character === 17);
  assert.ok(copySource !== undefined && copySource.text === '7', 'ablation finds the first copy of the string');
  // The first copy ("qZ7vK2pW9xL4mR8t" at 36:15) ranks among the top three: its "7", or the "Z" the "7" follows.
  const firstCopy = (d: { line: number; character: number }) => d.line === 36 && d.character >= 15 && d.character < 31;
  assert.ok(at.ablation?.slice(0, 3).some(firstCopy), 'and ranks the first copy among the top three');
  assert.ok(out.agreement !== undefined);
});

test('dependencies without --at reads the whole file; with --at a file past --max-tokens works', () => {
  const r = cli('dependencies', sample, '--json');
  assert.equal(r.status, 0, r.stderr);
  const whole = JSON.parse(r.stdout) as DependenciesResult;
  assert.equal(whole.scope, undefined);
  assert.equal(whole.tokens.length, Buffer.byteLength(readFileSync(sample, 'utf8')));
  const big = join(mkdtempSync(join(tmpdir(), 'lens-deps-')), 'big.py');
  writeFileSync(big, `${'x = 1  # a line of a long file\n'.repeat(40_000)}y = x\n`);
  const refused = cli('dependencies', big, '--method', 'attention', '--json');
  assert.equal(refused.status, 2, 'the whole file is too long');
  const one = cli('dependencies', big, '--at', '40001:5', '--method', 'attention', '--json');
  assert.equal(one.status, 0, one.stderr);
  const out = JSON.parse(one.stdout) as DependenciesResult;
  assert.equal(out.tokens[out.at?.index ?? -1]?.text, 'x');
  assert.ok(out.at?.attention?.every((d) => d.line >= 40_000 - 10 && d.line <= 40_000));
});

test('dependencies --reach ablates only that many tokens before the one asked about, and says so', () => {
  const r = cli('dependencies', sample, '--at', '39:25', '--method', 'ablation', '--reach', '8', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as DependenciesResult;
  const at = out.at?.index ?? -1;
  assert.equal(out.ablation?.reach, 8);
  assert.equal(out.at?.ablation?.length, 8, 'the 8 nearest tokens, each with its effect');
  assert.ok(out.at?.ablation?.every((d) => d.index >= at - 8 && d.index < at));
  assert.ok(out.notes?.some((n) => /only the 8 tokens before each prediction/u.test(n)));
  const summary = cli('dependencies', sample, '--at', '39:25', '--method', 'ablation', '--reach', '8');
  assert.match(summary.stdout, /from the 1019 tokens before it, the nearest 8 ablated/u);
});

test('dependencies --out report.html draws the result with the dependencies view', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'lens-deps-')), 'report.html');
  const r = cli('dependencies', sample, '--at', '39:25', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Wrote /u);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /id="map-canvas"/u, 'the dependencies view body');
  assert.match(html, /"kind":"dependencies"/u, 'a show message of the dependencies kind');
  assert.match(html, /"windowMaps":\{/u, 'a report carries the dense maps');
});

test('dependencies bad input exits 2 with a message', () => {
  const cases: [string[], RegExp][] = [
    [['dependencies', join(FIXTURES, 'empty.txt')], /empty/u],
    [['dependencies', join(FIXTURES, 'binary.bin')], /binary/u],
    [['dependencies', sample, '--method', 'telepathy'], /--method must be one of/u],
    [['dependencies', sample, '--at', '500:1'], /outside the file/u],
    [['dependencies', sample, '--p', '2'], /--p must be a number in \(0, 1\]/u],
    [['dependencies', sample, '--k', '65'], /--k must be an integer from 1 to 64/u],
    [['dependencies', sample, '--reach', '0'], /--reach must be an integer from 1/u],
    [['dependencies', sample, '--model', 'nope'], /No model "nope"/u],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});
