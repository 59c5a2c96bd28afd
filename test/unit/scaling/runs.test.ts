/**
 * @file Mapping a log's columns to runs: the guesses from column names and contents, and each run's last point
 * (C = 6·N·D when absent) with bad values refused naming the run, the row and the column.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { columnKinds } from '../../../src/core/analyses/scaling/mapping';
import { guessMapping, runsOf, type ColumnMapping } from '../../../src/core/analyses/scaling/runs';
import { ColumnMappingSchema } from '../../../src/shared/scaling';
import { v } from '../../../src/shared/schema';
import { LensError } from '../../../src/core/errors';
import { readDelimited } from '../../../src/core/formats/logs/delimited';
import { readLog } from '../../../src/core/formats/logs/index';
import type { LogTable } from '../../../src/core/formats/logs/types';
import { FIXTURES } from '../helpers';

const csv = (text: string): LogTable => readDelimited(text, 'log.csv', false);
const lens = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message);

test('mapping guesses from column names', () => {
  const cases: [string, ColumnMapping][] = [
    ['Name,params,tokens,loss\na,1,2,3', { run: 'Name', N: 'params', D: 'tokens', losses: ['loss'] }],
    [
      'run,n_params,D,flops,dataset,train/loss,eval/loss,eval/runtime,lr\na,1,2,3,code,4,5,6,7',
      { run: 'run', N: 'n_params', D: 'D', C: 'flops', dataset: 'dataset', losses: ['train/loss', 'eval/loss'] },
    ],
    ['N,D,C,_step,val_loss\n1,2,3,4,5', { step: '_step', N: 'N', D: 'D', C: 'C', losses: ['val_loss'] }],
    [
      'global_step,config/model_size,data,compute,data_name,test/ppl\n1,2,3,4,web,6',
      {
        step: 'global_step',
        N: 'config/model_size',
        D: 'data',
        C: 'compute',
        dataset: 'data_name',
        losses: ['test/ppl'],
      },
    ],
    ['code_loss,prose_loss\n3.1,3.4', { losses: ['code_loss', 'prose_loss'] }],
    ['x,y,lr,epoch\n1,2,3,4', { losses: ['x', 'y'] }],
    // A numeric "dataset" column is no dataset name; a text "params" column is no N.
    ['dataset,params,loss\n1,big,2', { losses: ['loss'] }],
  ];
  for (const [text, want] of cases) assert.deepEqual(guessMapping(csv(text)), want, text.split('\n')[0]);
});

test("the mapping of the W&B runs table and of the Python writer's event files", async () => {
  const wandb = await readLog(join(FIXTURES, 'scaling', 'wandb-runs.csv'));
  assert.deepEqual(guessMapping(wandb), {
    run: 'Name',
    step: '_step',
    N: 'params',
    D: 'tokens',
    dataset: 'dataset',
    losses: ['train/loss', 'eval/loss'],
  });
  const events = await readLog(join(FIXTURES, 'scaling', 'tb', 'runs'));
  const mapping = guessMapping(events);
  assert.deepEqual(mapping, {
    run: 'run',
    step: 'step',
    N: 'params',
    D: 'tokens',
    losses: ['eval/loss', 'train/loss'],
  });
  const runs = runsOf(events, mapping);
  assert.deepEqual(
    runs.map((r) => [r.run, r.dataset, r.N, r.D, r.C, r.losses, r.where]),
    [
      [
        'code-s1',
        'all',
        1.25e6,
        1228800,
        6 * 1.25e6 * 1228800,
        { 'eval/loss': Math.fround(2.8), 'train/loss': Math.fround(2.7) },
        'run code-s1, step 300',
      ],
      ['prose-s1', 'all', 1.25e6, 1228800, 9.216e12, { 'train/loss': 3.0000001 }, 'run prose-s1, step 300'],
    ],
  );
});

test('each run at its last step (by step, not file order); C from its column, else 6ND; sizes like 125M', () => {
  const table = csv(
    'run,step,N,D,C,loss\n' +
      'a,300,1e6,2e7,,2.5\n' +
      'a,100,1e6,1e7,,3.5\n' +
      'b,100,125M,1.5B,,4\n' +
      'b,200,,,,3.25\n',
  );
  const runs = runsOf(table, { run: 'run', step: 'step', N: 'N', D: 'D', losses: ['loss'] });
  // 6 · 1e6 · 2e7 = 1.2e14; 6 · 1.25e8 · 1.5e9 = 1.125e18 (N and D are the last values each run logged).
  assert.deepEqual(runs, [
    { run: 'a', dataset: 'all', N: 1e6, D: 2e7, C: 1.2e14, losses: { loss: 2.5 }, where: 'row 1' },
    { run: 'b', dataset: 'all', N: 1.25e8, D: 1.5e9, C: 1.125e18, losses: { loss: 3.25 }, where: 'row 4' },
  ]);
  const withC = csv('run,N,D,C,loss\nx,1e6,2e7,5e13,2');
  assert.equal(runsOf(withC, { run: 'run', N: 'N', D: 'D', C: 'C', losses: ['loss'] })[0]?.C, 5e13);
});

test('without a run column: one run with a step column, else a run per row; C is NaN without N, D or C', () => {
  const history = csv('_step,loss\n1,4\n2,3\n');
  assert.deepEqual(runsOf(history, { step: '_step', losses: ['loss'] }), [
    { run: 'log.csv', dataset: 'all', C: NaN, losses: { loss: 3 }, where: 'row 2' },
  ]);
  const paired = csv('code_loss,prose_loss\n3.1,3.4\n2.9,3.2\n');
  const runs = runsOf(paired, guessMapping(paired));
  assert.deepEqual(
    runs.map((r) => [r.run, r.losses]),
    [
      ['row 1', { code_loss: 3.1, prose_loss: 3.4 }],
      ['row 2', { code_loss: 2.9, prose_loss: 3.2 }],
    ],
  );
});

test('the dataset from its column, else from the first part of a run path', () => {
  const byColumn = csv('run,set,loss\na,code,2\nb,prose,3\n');
  assert.deepEqual(
    runsOf(byColumn, { run: 'run', dataset: 'set', losses: ['loss'] }).map((r) => r.dataset),
    ['code', 'prose'],
  );
  const byPath = csv('run,loss\ncode/s1,2\nprose/s1,3\n');
  assert.deepEqual(
    runsOf(byPath, { run: 'run', losses: ['loss'] }).map((r) => r.dataset),
    ['code', 'prose'],
  );
});

test('bad values are refused naming the run, the row and the column', () => {
  const mapping = { run: 'run', N: 'N', D: 'D', losses: ['loss'] };
  const refusals: [string, RegExp][] = [
    ['a,0,10,2', /^Run "a" at row 1 of log\.csv: parameters N \(column "N"\) is 0; it must be above 0/u],
    ['a,5,-3,2', /^Run "a" at row 1 of log\.csv: tokens D \(column "D"\) is -3; it must be above 0/u],
    ['a,NaN,3,2', /parameters N \(column "N"\) is NaN/u],
    ['a,big,3,2', /parameters N \(column "N"\) holds "big", not a number/u],
    ['a,5,3,NaN', /^Run "a" at row 1 of log\.csv: the loss \(column "loss"\) is NaN \(the run may have diverged\)/u],
    ['a,5,3,', /^Run "a" of log\.csv has no value in the loss column "loss"/u],
    ['a,,3,2', /^Run "a" at row 1 of log\.csv: parameters N \(column "N"\) is empty/u],
    [',5,3,2', /^row 1 of log\.csv has no run name/u],
  ];
  for (const [row, pattern] of refusals)
    assert.throws(() => runsOf(csv(`run,N,D,loss\n${row}\n`), mapping), lens(pattern), row);
  const table = csv('run,N,loss\na,1,2\n');
  assert.throws(() => runsOf(table, { run: 'run', N: 'params', losses: ['loss'] }), lens(/has no column "params"/u));
  assert.throws(() => runsOf(table, { run: 'run', losses: [] }), lens(/No loss column is chosen/u));
  assert.throws(() => runsOf(table, { run: 'run', N: 'N', losses: ['N'] }), lens(/"N" is mapped to two roles/u));
  const second = csv('run,N,loss\na,1,2\nb,1,2\nb,1,NaN\n');
  assert.throws(() => runsOf(second, { run: 'run', N: 'N', losses: ['loss'] }), lens(/^Run "b" at row 3 of log\.csv/u));
});

test('N, D or C in mixed units (two groups over 1e4 apart, no run between) is refused naming both runs', () => {
  const mixed = csv('run,N,loss\na,125,3\nb,350,2.9\nc,1.3e8,2.5\nd,1e9,2.3\n');
  assert.throws(
    () => runsOf(mixed, { run: 'run', N: 'N', losses: ['loss'] }),
    lens(/^parameters N \(column "N"\) may mix units: run "b" \(row 2 of log\.csv\) has 350 and run "c" \(row 3/u),
  );
  // A sweep spread evenly on a log scale over six decades is not mixed: no neighbours 1e4 apart.
  const wide = csv('run,N,loss\na,1e3,3\nb,5e5,2.9\nc,2e8,2.5\nd,1e9,2.3\n');
  assert.equal(runsOf(wide, { run: 'run', N: 'N', losses: ['loss'] }).length, 4);
});

test('a stored mapping is checked by its schema; column kinds for a quick pick', () => {
  const stored: unknown = { run: 'run', N: 'params', losses: ['train/loss'] };
  const parsed = v.parse(ColumnMappingSchema, stored);
  const mapping: ColumnMapping = parsed;
  assert.deepEqual(mapping, stored);
  assert.equal(v.safeParse(ColumnMappingSchema, { run: '', losses: [] }).success, false);
  assert.equal(v.safeParse(ColumnMappingSchema, { N: 'params' }).success, false);
  const table = csv('run,N,odd,blank,loss\na,1,x,,2\nb,2,3,,NaN\n');
  assert.deepEqual(columnKinds(table), { run: 'text', N: 'number', odd: 'mixed', blank: 'empty', loss: 'number' });
});
