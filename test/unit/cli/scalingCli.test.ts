import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { translateLaw } from '../../../src/core/analyses/scaling/laws';
import { check } from '../../../src/shared/schema';
import {
  ScalingFitResultSchema,
  ScalingL2lResultSchema,
  ScalingTranslateResultSchema,
} from '../../../src/shared/scaling';
import { ensureBuilt, FIXTURES, ROOT } from '../helpers';

const work = mkdtempSync(join(tmpdir(), 'lens-scaling-cli-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: work });
const paper = JSON.parse(readFileSync(join(FIXTURES, 'scaling', 'paper-expected.json'), 'utf8')) as {
  fits: Record<string, { E: number }>;
  l2l: { e0: number; e1: number };
};

function json<T>(schema: Parameters<typeof check>[0], args: string[]): T {
  const r = cli(...args, '--json');
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  const parsed = check(schema, JSON.parse(r.stdout));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return parsed.value as T;
}

before(() => {
  ensureBuilt();
  for (const f of ['paper-pairs.csv', 'paper-sweep.csv']) copyFileSync(join(FIXTURES, 'scaling', f), join(work, f));
});

test("scaling l2l on a CSV of two loss columns: the paper's κ ≈ 1.10 and K ≈ 0.63, and a prediction", () => {
  const { e0, e1 } = paper.l2l;
  const args = ['scaling', 'l2l', 'paper-pairs.csv', '--x', 'fineweb_edu', '--y', 'starcoder'];
  const r = json<{ kappa: number; K: number; e0: number; e1: number; r2: number; mode: string; prediction: unknown[] }>(
    ScalingL2lResultSchema,
    [...args, '--e0', String(e0), '--e1', String(e1), '--predict', '2.2,2.05', '--bootstrap', '20'],
  );
  assert.deepEqual([r.kappa.toFixed(2), r.K.toFixed(2), r.mode, r.e0, r.e1], ['1.10', '0.63', 'fixed', e0, e1]);
  assert.ok(r.r2 > 0.99);
  assert.equal(r.prediction.length, 2);
  const free = json<{ mode: string }>(ScalingL2lResultSchema, [...args, '--bootstrap', '0']);
  assert.equal(free.mode, 'both-free');
  const text = cli(...args, '--e0', String(e0), '--bootstrap', '0');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^starcoder = K·\(fineweb_edu − e0\)\^kappa \+ e1 \(e1-free, 80 pairs\), R² = 0\.99/u);
});

test('scaling translate prints the closed-form translation', () => {
  const law = { A: 6.68e7, B: 8.9e8, E: 1.9669, alpha: 0.4129, beta: 0.4556 };
  const flags = Object.entries({ ...law, kappa: 1.1, K: 0.63, e1: 0.8452 }).flatMap(([k, x]) => [`--${k}`, String(x)]);
  const r = json<{ law: Record<string, number> }>(ScalingTranslateResultSchema, ['scaling', 'translate', ...flags]);
  assert.deepEqual(r.law, translateLaw(law, { kappa: 1.1, K: 0.63, e1: 0.8452 }));
});

test("scaling fit: a law per dataset, the held-out run predicted; l2l across datasets with E's from the fits", () => {
  const r = json<{ fits: { dataset: string; law: { params: { E: number } }; heldOut?: { relativeError?: number } }[] }>(
    ScalingFitResultSchema,
    ['scaling', 'fit', 'paper-sweep.csv', '--bootstrap', '0', '--hold-out', 'largest'],
  );
  assert.deepEqual(
    r.fits.map((f) => f.dataset),
    ['fineweb-edu-100b', 'starcoder'],
  );
  for (const f of r.fits) {
    assert.ok(Math.abs(f.law.params.E - (paper.fits[f.dataset]?.E ?? 0)) < 0.01, f.dataset);
    assert.ok(Math.abs(f.heldOut?.relativeError ?? 1) < 0.01);
  }
  const power = json<{ fits: { law: { kind: string } }[] }>(ScalingFitResultSchema, [
    'scaling',
    'fit',
    'paper-sweep.csv',
    '--law',
    'power',
    '--bootstrap',
    '0',
  ]);
  assert.deepEqual(
    power.fits.map((f) => f.law.kind),
    ['power', 'power'],
  );
  const l2l = json<{ kappa: number; heldOut?: { loss?: number } }>(ScalingL2lResultSchema, [
    'scaling',
    'l2l',
    'paper-sweep.csv',
    '--x',
    'val_loss',
    '--y',
    'val_loss',
    '--x-dataset',
    'fineweb-edu-100b',
    '--y-dataset',
    'starcoder',
    '--e-from-fits',
    '--hold-out',
    'largest',
    '--bootstrap',
    '0',
  ]);
  assert.ok(Math.abs(l2l.kappa - 1.1) < 0.03 && l2l.heldOut?.loss !== undefined);
  assert.deepEqual(readdirSync(work).sort(), ['paper-pairs.csv', 'paper-sweep.csv'], 'nothing written beside the logs');
});

test('bad input: exit 2 with one line naming the flag, row or run', () => {
  writeFileSync(join(work, 'nan.csv'), 'a,b\n2.5,1.2\n2.7,1.3\nnan,1.4\n3.1,1.5\n3.3,1.6\n');
  writeFileSync(join(work, 'few.csv'), 'run,params,tokens,loss\na,1e7,1e9,3.1\nb,2e7,1e9,3.0\nc,4e7,1e9,2.9\n');
  writeFileSync(
    join(work, 'zero.csv'),
    'run,params,tokens,loss\na,1e7,1e9,3.1\nb,2e7,1e9,3\nc,4e7,1e9,2.9\nd,8e7,1e9,2.8\ne,0,1e9,2.7\nf,3e8,1e9,2.6\n',
  );
  writeFileSync(
    join(work, 'apart.csv'),
    'run,dataset,params,tokens,loss\na,code,1e7,1e9,2\nb,code,2e7,1e9,1.9\nc,prose,3e7,1e9,3\nd,prose,4e7,1e9,2.9\n',
  );
  const pairs = ['scaling', 'l2l', 'paper-pairs.csv', '--x', 'fineweb_edu', '--y', 'starcoder'];
  const cases: [string[], RegExp][] = [
    [['scaling', 'l2l', 'paper-pairs.csv', '--y', 'starcoder'], /--x COL/u],
    [[...pairs, '--e1', '0.8'], /--e1 needs --e0/u],
    [[...pairs, '--e0', '2.5', '--e1', '0.8'], /row \d+: the x loss [\d.]+ is not above its E = 2\.5/u],
    [[...pairs, '--e0', 'two'], /--e0 must be a finite number, not "two"/u],
    [[...pairs, '--predict', '2,x'], /--predict must be x losses/u],
    [['scaling', 'l2l', 'paper-pairs.csv', '--x', 'nope', '--y', 'starcoder'], /no column "nope"/u],
    [['scaling', 'l2l', 'nan.csv', '--x', 'a', '--y', 'b', '--e0', '2', '--e1', '1'], /the x loss is NaN/u],
    [['scaling', 'translate', '--A', '1'], /Give --B/u],
    [['scaling', 'translate', '--A=-1'], /--A must be a number above 0/u],
    [['scaling', 'fit', 'paper-sweep.csv', '--law', 'chinchilla'], /--law must be one of compute, power/u],
    [['scaling', 'fit', 'few.csv'], /has 3 runs, fewer than the 5 parameters/u],
    [['scaling', 'fit'], /Name the log/u],
    [
      ['scaling', 'l2l', 'apart.csv', '--x', 'loss', '--y', 'loss', '--x-dataset', 'code', '--y-dataset', 'prose'],
      /No run of "code" has the \(N, D\) of a run of "prose"/u,
    ],
    [['scaling', 'l2l', 'paper-sweep.csv', '--x', 'val_loss', '--y', 'val_loss', '--x-dataset', 'starcoder'], /both/u],
    [
      [
        'scaling',
        'l2l',
        'paper-sweep.csv',
        '--x',
        'val_loss',
        '--y',
        'val_loss',
        '--x-dataset',
        'starcoder',
        '--y-dataset',
        'starcoder',
        '--e0',
        '3',
        '--e1',
        '1',
      ],
      /row \d+ & row \d+: the x loss [\d.]+ is not above its E = 3/u,
    ],
    [
      [
        'scaling',
        'l2l',
        'paper-sweep.csv',
        '--x',
        'val_loss',
        '--y',
        'val_loss',
        '--x-dataset',
        'code',
        '--y-dataset',
        'starcoder',
      ],
      /No runs of dataset "code"\. The log has "fineweb-edu-100b", "starcoder"/u,
    ],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const zero = cli('scaling', 'fit', 'zero.csv');
  assert.equal(zero.status, 2, zero.stderr);
  assert.match(zero.stderr, /\be\b.*(params|N)|(params|N).*\be\b/u);
});

test('scaling l2l --hold-out largest holds out the largest-compute row of a table with a compute column', () => {
  const rows = [
    [2.9, 1.0e18],
    [2.7, 3.0e18],
    [2.5, 9.0e19],
    [2.6, 1.0e19],
    [2.4, 3.0e19],
    [2.8, 2.0e18],
  ].map(([x = 0, C = 0]) => `${x},${0.63 * (x - 1.97) ** 1.1 + 0.845},${C}`);
  writeFileSync(join(work, 'with-c.csv'), ['x_loss,y_loss,C', ...rows].join('\n'));
  const r = json<{ heldOut?: { x?: number; C?: number } }>(ScalingL2lResultSchema, [
    'scaling',
    'l2l',
    'with-c.csv',
    '--x',
    'x_loss',
    '--y',
    'y_loss',
    '--e0',
    '1.97',
    '--e1',
    '0.845',
    '--hold-out',
    'largest',
    '--bootstrap',
    '0',
  ]);
  assert.deepEqual([r.heldOut?.x, r.heldOut?.C], [2.5, 9e19]);
});

test('the shipped sweep folder reads as two datasets; l2l on a few runs of one (--y-runs) fits E1 on those', () => {
  const sweep = join(ROOT, 'media', 'scaling-sweep');
  const fit = json<{ fits: { dataset: string; points: unknown[] }[] }>(ScalingFitResultSchema, [
    'scaling',
    'fit',
    sweep,
    '--loss',
    'eval/code',
    '--bootstrap',
    '0',
  ]);
  assert.deepEqual(
    fit.fits.map((f) => [f.dataset, f.points.length]),
    [
      ['code', 15],
      ['prose', 15],
    ],
  );
  const few = ['prose-d16-l2-D250k', 'prose-d16-l2-D500k', 'prose-d32-l2-D250k', 'prose-d32-l2-D500k'];
  const base = ['scaling', 'l2l', sweep, '--x', 'eval/code', '--y', 'eval/prose', '--x-dataset', 'code'];
  const args = [...base, '--y-dataset', 'prose', '--e0', '0', '--bootstrap', '0'];
  const r = json<{ points: unknown[]; mode: string }>(ScalingL2lResultSchema, [...args, '--y-runs', few.join(',')]);
  assert.equal(r.points.length, 4, 'only the chosen runs are paired');
  assert.equal(r.mode, 'e1-free');
  const all = json<{ points: unknown[] }>(ScalingL2lResultSchema, args);
  assert.equal(all.points.length, 15);
  const bad = cli(...args, '--y-runs', 'prose-nope');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /No run "prose-nope" in dataset "prose"/);
  const noDataset = cli('scaling', 'l2l', sweep, '--x', 'eval/code', '--y', 'eval/prose', '--y-runs', few[0] ?? '');
  assert.equal(noDataset.status, 2);
  assert.match(noDataset.stderr, /--y-runs picks runs of a dataset: give --y-dataset too/);
});
