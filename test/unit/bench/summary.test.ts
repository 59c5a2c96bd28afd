/**
 * @file The summary of `npm run bench`: a row's line and its parsing back, the time ratio of times and rates, the
 * formatting of values, ratios and goals, and the table with failed, skipped and silent benchmarks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BenchOutcome,
  type BenchRow,
  formatGoal,
  formatRatio,
  formatValue,
  markdownTable,
  parseLine,
  rowLine,
  summaryTable,
  timeRatio,
} from '../../../bench/summary';

const ties: BenchRow = { bench: 'lora', step: 'ties', ours: 0.519, peer: 0.135, unit: 's', goal: 1.5 };

test('a row prints as one BENCH-ROW line and parses back', () => {
  const line = rowLine(ties);
  assert.equal(line, 'BENCH-ROW {"bench":"lora","step":"ties","ours":0.519,"peer":0.135,"unit":"s","goal":1.5}');
  assert.deepEqual(parseLine(line), { kind: 'row', row: ties });
});

test('NaN and Infinity become null; a row without a peer has no peer', () => {
  const line = rowLine({ bench: 'cancel', step: 'x', ours: NaN, peer: Infinity, unit: 'ms' });
  assert.equal(line, 'BENCH-ROW {"bench":"cancel","step":"x","ours":null,"peer":null,"unit":"ms"}');
  assert.equal(
    rowLine({ bench: 'c', step: 'y', ours: 3, unit: 'ms' }),
    'BENCH-ROW {"bench":"c","step":"y","ours":3,"unit":"ms"}',
  );
});

test('a row that breaks the schema is refused when printed', () => {
  assert.throws(() => rowLine({ ...ties, bench: '' }));
  assert.throws(() => rowLine({ ...ties, goal: 0 }));
});

test('other lines are text; malformed rows are reported with what is wrong', () => {
  assert.deepEqual(parseLine('  ratio 2.0x'), { kind: 'text' });
  assert.deepEqual(parseLine('BENCH-ROW {oops'), { kind: 'bad', error: 'not JSON' });
  assert.deepEqual(parseLine('BENCH-ROW {"bench":"a","step":"b","unit":"s"}'), { kind: 'bad', error: 'ours' });
  const extra = parseLine('BENCH-ROW {"bench":"a","step":"b","ours":1,"unit":"s","speed":2}');
  assert.equal(extra.kind, 'bad');
});

test('the time ratio: ours over the peer for times, the peer over ours for rates', () => {
  assert.equal(timeRatio({ bench: 'a', step: 'b', ours: 0.021, peer: 0.01, unit: 's' }), 2.1);
  assert.equal(timeRatio({ bench: 'a', step: 'b', ours: 1000, peer: 4000, unit: 'tokens/s' }), 4);
  assert.equal(timeRatio({ bench: 'a', step: 'b', ours: 2, peer: 8, unit: 'x', better: 'higher' }), 4);
  assert.equal(timeRatio({ bench: 'a', step: 'b', ours: 2, unit: 's' }), undefined);
  assert.equal(timeRatio({ bench: 'a', step: 'b', ours: null, peer: 1, unit: 's' }), undefined);
  assert.equal(timeRatio({ bench: 'a', step: 'b', ours: 1, peer: 0, unit: 's' }), undefined);
});

test('values to about 3 significant digits with their unit', () => {
  assert.equal(formatValue(0.021, 's'), '0.0210 s');
  assert.equal(formatValue(4.25, 's'), '4.25 s');
  assert.equal(formatValue(31.84, 's'), '31.8 s');
  assert.equal(formatValue(1234.4, 'tokens/s'), '1234 tokens/s');
  assert.equal(formatValue(null, 's'), 'n/a');
  assert.equal(formatValue(undefined, 's'), '');
});

test('ratios read as slower or faster; goals as met or MISSED', () => {
  assert.equal(formatRatio(2.2), '2.20 (2.20× slower)');
  assert.equal(formatRatio(0.25), '0.25 (4.00× faster)');
  assert.equal(formatRatio(1.001), '1.00 (same)');
  assert.equal(formatRatio(undefined), '');
  assert.equal(formatGoal(1.5, 1.4), '≤ 1.5×: met');
  assert.equal(formatGoal(1.5, 1.5), '≤ 1.5×: met');
  assert.equal(formatGoal(1.5, 3.8), '≤ 1.5×: MISSED');
  assert.equal(formatGoal(1.5, undefined), '≤ 1.5×');
  assert.equal(formatGoal(undefined, 2), '');
});

test('markdownTable pads the columns and escapes |', () => {
  assert.equal(
    markdownTable(['a', 'bb'], [['x|y', '1']]),
    ['| a    | bb  |', '|------|-----|', '| x\\|y | 1   |'].join('\n'),
  );
});

test('the summary: rows in run order, then a line for a failed, a skipped and a silent benchmark', () => {
  const outcomes: BenchOutcome[] = [
    { name: 'lora', status: 'ok', seconds: 20, rows: [ties] },
    { name: 'trees', status: 'failed', reason: 'exit 1', seconds: 3.4, rows: [] },
    { name: 'numerics', status: 'skipped', reason: 'not here', seconds: 0, rows: [] },
    { name: 'deps', status: 'ok', seconds: 12, rows: [] },
  ];
  const lines = summaryTable(outcomes, ['# head']).split('\n');
  assert.equal(lines[0], '# head');
  assert.equal(lines[1], '');
  assert.match(
    lines[2] ?? '',
    /^\| bench +\| step +\| ours +\| peer +\| time ratio ours\/peer +\| goal +\| note +\|$/u,
  );
  const cells = (i: number): string[] => (lines[i] ?? '').split(' | ').map((c) => c.replace(/^\| |\|$/gu, '').trim());
  assert.deepEqual(cells(4), ['lora', 'ties', '0.519 s', '0.135 s', '3.84 (3.84× slower)', '≤ 1.5×: MISSED', '']);
  assert.deepEqual(cells(5).slice(0, 2), ['trees', 'FAILED (exit 1, after 3 s)']);
  assert.deepEqual(cells(6).slice(0, 2), ['numerics', 'skipped: not here']);
  assert.deepEqual(cells(7), ['deps', 'no summary rows (see its output above)', '', '', '', '', 'ran 12 s']);
  assert.equal(lines.at(-1), 'FAILED: trees');
  assert.equal(summaryTable(outcomes.slice(0, 1), []).split('\n').at(-1), 'every benchmark ran');
});
