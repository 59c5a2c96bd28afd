import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cliRefuses, ensureBuilt, FIXTURES, runCli } from '../helpers';

const cli = runCli;
const refuses = cliRefuses;

before(() => ensureBuilt());

test('parity --json on n = 10, k = 2: width 1 fails, width 32 succeeds; the rewind check and the estimate', () => {
  const grid = ['--n', '10', '--k', '2', '--widths', '1,32', '--samples', 'online', '--seeds', '2'];
  const args = ['--init', 'sparse2', '--steps', '2000', '--eval-every', '50', '--test-size', '400', '--json'];
  const out = cli('parity', ...grid, ...args);
  assert.equal(out.status, 0, out.stderr);
  const json = JSON.parse(out.stdout) as {
    cells: { width: number; successes: number; runs: number; init: string }[];
    rewind?: { keep: number };
    estimate: { seconds: number; runs: number };
    curves?: unknown;
  };
  assert.deepEqual(
    json.cells.map((c) => [c.init, c.width, c.successes, c.runs]),
    [
      ['sparse', 1, 0, 2],
      ['sparse', 32, 2, 2],
    ],
  );
  assert.equal(json.rewind?.keep, 4);
  assert.equal(json.estimate.runs, 4);
  assert.equal(json.curves, undefined);
});

test('parity refuses bad flags and a grid estimated too long, with one line and exit 2', () => {
  refuses(['parity', '--k', '20'], /--k must be an integer from 1 to 10/u);
  refuses(['parity', '--n', '3', '--k', '4'], /--k 4 is more than --n 3/u);
  refuses(['parity', '--init', 'sparse2,sparse3'], /--init takes dense, sparse or sparseS/u);
  refuses(['parity', '--widths', '10,x'], /--widths takes integers/u);
  refuses(['parity', '--samples', '10,online,2000000'], /--samples takes integers/u);
  refuses(
    ['parity', '--widths', '20000', '--seeds', '200', '--steps', '1000000'],
    /would take up to about .* Add --yes to run it/u,
  );
});

test('mlp-vs-trees --json scores the three methods per fraction; bad input exits 2 with one line', () => {
  const table = join(FIXTURES, 'parity', 'three-classes.csv');
  const r = cli('mlp-vs-trees', table, '--fractions', '1', '--width', '50', '--steps', '300', '--json');
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { label: string; scores: { method: string; testAccuracy: number }[] };
  assert.equal(json.label, 'kind');
  assert.deepEqual(
    json.scores.map((s) => s.method),
    ['mlp', 'cart', 'boosted'],
  );
  refuses(['mlp-vs-trees'], /needs a CSV file/u);
  refuses(['mlp-vs-trees', table, '--label', 'nope'], /no column "?nope"?/u);
  refuses(['mlp-vs-trees', table, '--fractions', '0,1'], /--fractions takes/u);
});
