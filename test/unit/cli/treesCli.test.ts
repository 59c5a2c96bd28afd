import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { check } from '../../../src/shared/schema';
import { quoteToken, showToken } from '../../../src/shared/tokenText';
import { treesAutomataRequest, TreesModelSummarySchema, type TreesTraceResult } from '../../../src/shared/trees';
import { ensureBuilt, FIXTURES, ROOT } from '../helpers';

const work = mkdtempSync(join(tmpdir(), 'lens-trees-cli-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: work });

let summary = '';

before(() => {
  ensureBuilt();
  copyFileSync(join(FIXTURES, 'trees', 'corpus.txt'), join(work, 'corpus.txt'));
  copyFileSync(join(FIXTURES, 'sample.ts'), join(work, 'sample.ts'));
  const r = cli('trees', 'train', 'corpus.txt', 'sample.ts', '--out', 'model.json', '--json');
  assert.equal(r.status, 0, r.stderr);
  summary = r.stdout;
});

test('trees train --json prints the summary; --out is the model file itself', () => {
  assert.ok(check(TreesModelSummarySchema, JSON.parse(summary)).ok, summary);
  const model = JSON.parse(readFileSync(join(work, 'model.json'), 'utf8')) as { format: string; summary: unknown };
  assert.equal(model.format, 'model-lens/ardt');
  assert.deepEqual(model.summary, JSON.parse(summary));
  const text = cli('trees', 'train', 'corpus.txt', '--window', '4', '--learner', 'boosted', '--depth', '3');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Trained a boosted tree LM on \d+ tokens \(token identities, window 4\)/u);
});

test('trees train writes a model; trace at LINE:COL resolves every tested token to its source text', () => {
  const r = cli('trees', 'trace', 'sample.ts', '--at', '8:3', '--model', 'model.json', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as TreesTraceResult;
  const text = readFileSync(join(work, 'sample.ts'), 'utf8');
  assert.equal(out.replayed, true);
  assert.deepEqual([out.position.line, out.position.character], [7, 2]);
  assert.equal(out.actual, text[out.position.start]);
  assert.ok(out.tested.length > 0);
  for (const t of out.tested) {
    assert.ok(t.end <= out.position.start, 'only tokens before the prediction are tested');
    assert.match(t.label, new RegExp(escape(quoteToken(showToken(text.slice(t.start, t.end)))), 'u'));
  }
});

test('trees generate continues a prompt from the saved model, reproducibly', () => {
  const a = cli('trees', 'generate', '--model', 'model.json', '--prompt', 'export class ', '--tokens', '20');
  const b = cli('trees', 'generate', '--model', 'model.json', '--prompt', 'export class ', '--tokens', '20');
  assert.equal(a.status, 0, a.stderr);
  assert.ok(a.stdout.startsWith('export class '));
  assert.ok(a.stdout.length > 'export class '.length + 10);
  assert.equal(a.stdout, b.stdout);
  const json = cli(
    'trees',
    'generate',
    '--model',
    'model.json',
    '--prompt',
    'export class ',
    '--tokens',
    '20',
    '--json',
  );
  assert.equal(json.status, 0, json.stderr);
  assert.equal(
    a.stdout,
    `${['prompt', 'text'].map((k) => (JSON.parse(json.stdout) as Record<string, string>)[k]).join('')}\n`,
  );
});

test('trees automata prints the table, and --json its rows', () => {
  const text = cli('trees', 'automata');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^automaton\s+layout\s+depth/u);
  assert.equal(text.stdout.trim().split('\n').length, 7);
  const json = cli('trees', 'automata', '--json');
  assert.equal(json.status, 0, json.stderr);
  assert.ok(check(treesAutomataRequest.result, JSON.parse(json.stdout)).ok, json.stdout);
});

test('bad input: cursor at the start, corrupt or foreign model, too little text', () => {
  writeFileSync(join(work, 'foreign.json'), JSON.stringify({ format: 'something-else', version: 1 }));
  writeFileSync(join(work, 'corrupt.json'), readFileSync(join(work, 'model.json'), 'utf8').slice(0, 500));
  writeFileSync(join(work, 'tiny.txt'), 'ab');
  const cases: [string[], RegExp][] = [
    [['trees', 'trace', 'sample.ts', '--at', '1:1', '--model', 'model.json'], /start of the file/u],
    [
      ['trees', 'trace', 'sample.ts', '--at', '1:1', '--model', 'foreign.json'],
      /not a Model Lens decision-tree model/u,
    ],
    [['trees', 'trace', 'sample.ts', '--at', '2:1', '--model', 'corrupt.json'], /not JSON/u],
    [['trees', 'trace', 'sample.ts', '--at', '99:1', '--model', 'model.json'], /outside the file/u],
    [['trees', 'train', 'tiny.txt'], /at least/u],
    [['trees', 'train', join(FIXTURES, 'binary.bin')], /binary/u],
    [['trees', 'train', 'sample.ts', '--learner', 'forest'], /--learner must be one of cart, boosted/u],
    [['trees', 'train', 'sample.ts', '--window', '0'], /--window must be an integer from 1 to 4096/u],
    [['trees', 'generate', '--prompt', 'x'], /--model model\.json/u],
    [['trees', 'generate', '--model', 'model.json', '--temperature', 'hot'], /--temperature/u],
    [['trees', 'compare', 'sample.ts'], /--held-out/u],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
