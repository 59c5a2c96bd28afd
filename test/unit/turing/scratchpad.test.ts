import assert from 'node:assert/strict';
import { test } from 'node:test';
import { additionInput, additionMachine } from '../../../src/core/analyses/turing/additionMachine';
import type { Config } from '../../../src/core/analyses/turing/machine';
import { machineParse } from '../../../src/core/analyses/turing/machineParse';
import { configParse, scratchpadParse, turingScratchpad } from '../../../src/core/analyses/turing/scratchpad';
import { scratchpadCheck } from '../../../src/core/analyses/turing/scratchpadCheck';
import { scratchpadIds } from '../../../src/core/analyses/turing/scratchpadIds';
import { rngSeeded } from '../../../src/core/random/rng';
import { LensError } from '../../../src/core/errors';
import { INCREMENT } from './machines';

const HAND = ['[q0|1] 1', '1 [q0|1]', '1 1 [q0|_]', '1 [q1|1] _', '[q1|1] 0 _', '[q1|_] 0 0 _', '[qa|1] 0 0 _'].join(
  '\n',
);

test('the scratchpad text of the 3-state machine on 11, one step per line', () => {
  const s = turingScratchpad(machineParse(INCREMENT), '11');
  assert.equal(s.text, HAND);
  assert.equal(s.output, '100');
  assert.equal(s.halt, 'accept');
});

test('the checker accepts the hand-written scratchpad (blank lines and CRLF allowed)', () => {
  const r = scratchpadCheck(machineParse(INCREMENT), `\n${HAND.replaceAll('\n', '\r\n\r\n')}\n`);
  assert.ok(r.ok);
  assert.equal(r.steps.length, 7);
  assert.equal(r.halt, 'accept');
  const partial = scratchpadCheck(machineParse(INCREMENT), HAND.split('\n').slice(0, 3).join('\n'));
  assert.ok(partial.ok && partial.halt === undefined);
});

test('the checker reports the first wrong step with what differs and the expected line', () => {
  const m = machineParse(INCREMENT);
  const lines = HAND.split('\n');
  const corrupt = (i: number, line: string) => scratchpadCheck(m, lines.map((l, j) => (j === i ? line : l)).join('\n'));
  const r = corrupt(4, '[q1|1] 1 _');
  assert.ok(!r.ok);
  assert.equal(r.step, 4);
  assert.equal(r.line, 5);
  assert.match(r.message, /^Step 4 \(line 5\): cell 2 should be "0", not "1"/);
  assert.equal(r.expected, '[q1|1] 0 _');
  assert.equal(r.steps.length, 4);
  const moved = corrupt(2, '1 [q0|1] _');
  assert.ok(!moved.ok && moved.step === 2 && /the head should be on cell 3, not 2/.test(moved.message));
  const state = corrupt(6, '[qb|1] 0 0 _');
  assert.ok(!state.ok && /the state should be qa, not qb/.test(state.message));
  const malformed = corrupt(3, '1 [q1|1 _');
  assert.ok(!malformed.ok && malformed.step === 3 && /malformed cell "\[q1\|1"/.test(malformed.message));
  const start = corrupt(0, '1 [q0|1]');
  assert.ok(!start.ok && start.step === 0 && /head on the first cell in the start state q0/.test(start.message));
  const after = scratchpadCheck(m, `${HAND}\n[qa|1] 0 0 _`);
  assert.ok(!after.ok && after.step === 7 && /accepting state qa, so nothing follows/.test(after.message));
});

test('configParse refuses lines without exactly one head cell', () => {
  assert.deepEqual(configParse('1 [q1|1] _'), { cells: ['1', '1', '_'], head: 1, state: 'q1' });
  assert.throws(
    () => configParse('1 1 _'),
    (e: unknown) => e instanceof LensError && /no head cell/.test(e.message),
  );
  assert.throws(
    () => configParse('[a|1] [b|1]'),
    (e: unknown) => e instanceof LensError && /second head cell/.test(e.message),
  );
});

test('coupled IDs: each cell keeps the ID of the cell it copies, so IDs repeat every step', () => {
  const s = turingScratchpad(machineParse(INCREMENT), '11');
  const ids = scratchpadIds(s.configs);
  // the tape grows left at step 5, so the leftmost cell ever (absolute −1) gets ID 1, the input cells 2 and 3
  assert.deepEqual(ids.cellIds, [
    [2, 3],
    [2, 3],
    [2, 3, 4],
    [2, 3, 4],
    [2, 3, 4],
    [1, 2, 3, 4],
    [1, 2, 3, 4],
  ]);
  assert.deepEqual(ids.tokens.slice(0, 6), ['[q0|1]', '1', '\n', '1', '[q0|1]', '\n']);
  assert.deepEqual(ids.ids.slice(0, 6), [2, 3, 0, 2, 3, 0]);
  assert.deepEqual(scratchpadIds(s.configs, 10).ids.slice(0, 3), [12, 13, 10]);
  // the shapes alone give the same origins, so a typed scratchpad gets the same IDs without a machine
  assert.deepEqual(scratchpadIds(scratchpadParse(HAND)).ids, ids.ids);
});

/** Rendered cells by absolute index, to compare neighbouring steps. */
const byCell = (c: Config): Map<number, string> =>
  new Map(c.cells.map((x, i) => [c.origin + i, i === c.head ? `[${c.state}|${x}]` : x]));

for (const base of [10, 2]) {
  test(`the addition machine adds random base-${base} numbers; scratchpads check, edits are local, IDs repeat`, () => {
    const m = additionMachine(base);
    const rng = rngSeeded(base);
    const num = () =>
      Array.from({ length: 1 + Math.floor(rng() * 8) }, () => String(Math.floor(rng() * base))).join('');
    for (let seed = 0; seed < 40; seed++) {
      const a = num();
      const b = num();
      const s = turingScratchpad(m, additionInput(a, b, base));
      assert.equal(s.halt, 'accept');
      assert.equal(
        BigInt(`0${base === 2 ? 'b' : ''}${s.output}`),
        BigInt(`0${base === 2 ? 'b' : ''}${a}`) + BigInt(`0${base === 2 ? 'b' : ''}${b}`),
        `${a}+${b}`,
      );
      const check = scratchpadCheck(m, s.text);
      assert.ok(check.ok && check.halt === 'accept');
      const { cellIds } = scratchpadIds(s.configs);
      for (let t = 1; t < s.configs.length; t++) {
        const [x, y] = [byCell(s.configs[t - 1]!), byCell(s.configs[t]!)];
        const changed = [...y.keys()].filter((k) => x.get(k) !== y.get(k)).length;
        assert.ok(changed <= 3, `step ${t} changes ${changed} cells`);
        const prev = cellIds[t - 1]!;
        const row = cellIds[t]!;
        assert.ok(row.every((id, i) => i === 0 || id === row[i - 1]! + 1));
        assert.ok(row.length - prev.length <= 1 && (prev[0] === row[0] || prev[0] === row[1]));
      }
    }
  });
}

test('the addition scratchpad for 57+68 ends with 125 on the tape', () => {
  const s = turingScratchpad(additionMachine(), '57+68');
  const lines = s.text.split('\n');
  assert.equal(lines[0], '[right|5] 7 + 6 8');
  assert.equal(lines[9], '5 [a8|7] + 6 _ _');
  assert.equal(lines[10], '[inc|5] f + 6 _ _');
  assert.equal(lines.at(-1), '[done|_] 1 2 5 _ _ _ _');
  assert.equal(s.output, '125');
  assert.equal(turingScratchpad(additionMachine(), '57 + 68').text, s.text);
  assert.throws(
    () => additionInput('12', '3a'),
    (e: unknown) => e instanceof LensError && /digits 0-9/.test(e.message),
  );
  assert.throws(() => additionMachine(11), LensError);
});
