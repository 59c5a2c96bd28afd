import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ensureBuilt, FIXTURES, ROOT } from '../helpers';

const work = mkdtempSync(join(tmpdir(), 'lens-cli-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: work });
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

before(() => {
  ensureBuilt();
  copyFileSync(join(FIXTURES, 'sample.ts'), join(work, 'sample.ts'));
});

test('surprisal --json prints model, device, tokens with ranges and bits, and bits per byte', () => {
  const before = sha(join(work, 'sample.ts'));
  const r = cli('surprisal', 'sample.ts', '--json', '--device', 'cpu');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    model: string;
    device: string;
    bitsPerByte: number;
    tokens: { text: string; start: number; end: number; surprisal: number }[];
  };
  const text = readFileSync(join(work, 'sample.ts'), 'utf8');
  assert.equal(out.model, 'lens-lm');
  assert.equal(out.device, 'cpu');
  assert.ok(out.tokens.every((t) => t.text === text.slice(t.start, t.end)));
  const total = out.tokens.reduce((a, t) => a + t.surprisal, 0);
  assert.ok(Math.abs(total / Buffer.byteLength(text) - out.bitsPerByte) < 1e-9);
  assert.equal(sha(join(work, 'sample.ts')), before, 'the input file is untouched');
});

test('--out report.html writes a self-contained report holding the same result', () => {
  const r = cli('surprisal', 'sample.ts', '--out', 'report.html', '--device', 'cpu');
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(join(work, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /(src|href)=["']?https?:/u);
  assert.match(html, /Content-Security-Policy/u);
  const data = /<script type="application\/json" id="model-lens-data"[^>]*>([\s\S]*?)<\/script>/u.exec(html)?.[1] ?? '';
  const embedded = JSON.parse(data) as { result: { bitsPerByte: number; tokens: unknown[] } };
  const json = JSON.parse(cli('surprisal', 'sample.ts', '--json', '--device', 'cpu').stdout) as {
    bitsPerByte: number;
    tokens: unknown[];
  };
  assert.equal(embedded.result.bitsPerByte, json.bitsPerByte);
  assert.equal(embedded.result.tokens.length, json.tokens.length);
});

test('bad input exits 2 with a message on stderr and writes nothing', () => {
  writeFileSync(join(work, 'huge.txt'), 'x'.repeat(300));
  const cases: [string[], RegExp][] = [
    [['surprisal', join(FIXTURES, 'empty.txt')], /empty/u],
    [['surprisal', join(FIXTURES, 'binary.bin')], /binary/u],
    [['surprisal', 'huge.txt', '--max-tokens', '100'], /maxTokens/u],
    [['surprisal', 'sample.ts', '--model', join(FIXTURES, 'bad-onnx')], /not a valid ONNX model/u],
    [['surprisal', 'sample.ts', '--model', join(FIXTURES, 'no-logits')], /no output named "logits"/u],
    [['surprisal', 'sample.ts', '--model', join(FIXTURES, 'sample.ts')], /not an ONNX model/u],
    [['surprisal', 'missing.ts'], /does not exist/u],
    [['surprisal', 'sample.ts', '--device', 'tpu'], /--device must be/u],
    [['frobnicate', 'sample.ts'], /Unknown analysis/u],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args, '--device', args.includes('--device') ? 'tpu' : 'cpu');
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
});
