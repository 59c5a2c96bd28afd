import assert from 'node:assert/strict';
import { test } from 'node:test';
import { additionMachine } from '../../../src/core/analyses/turing/additionMachine';
import { machineStep, turingOutput, turingRun, type TuringMachine } from '../../../src/core/analyses/turing/machine';
import { machineParse } from '../../../src/core/analyses/turing/machineParse';
import { turingScratchpad } from '../../../src/core/analyses/turing/scratchpad';
import { LensError } from '../../../src/core/errors';
import { INCREMENT } from './machines';

const isBad = (pattern: RegExp) => (e: unknown) =>
  e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message);

test('the text table gives the 3-state machine', () => {
  const m = machineParse(INCREMENT);
  assert.equal(m.name, 'binary increment');
  assert.deepEqual(m.states, ['q0', 'qa', 'q1']);
  assert.deepEqual([...m.alphabet].sort(), ['0', '1', '_']);
  assert.deepEqual(m.delta['q1']?.['_'], { next: 'qa', write: '1', move: 'S' });
});

test('the 3-state machine run by hand on 11: seven configurations, the tape grows on the left', () => {
  const m = machineParse(INCREMENT);
  const run = turingRun(m, '11');
  // (cells, head, state, origin), worked by hand:
  // 0: [q0|1] 1        q0 reads 1 → R
  // 1: 1 [q0|1]        q0 reads 1 → R, off the right end: a blank is added
  // 2: 1 1 [q0|_]      q0 reads _ → q1, L
  // 3: 1 [q1|1] _      q1 reads 1 → writes 0, L
  // 4: [q1|1] 0 _      q1 reads 1 → writes 0, L, off the left end: a blank is added, origin −1
  // 5: [q1|_] 0 0 _    q1 reads _ → writes 1, qa
  // 6: [qa|1] 0 0 _
  assert.deepEqual(
    run.configs.map((c) => [c.cells.join(''), c.head, c.state, c.origin]),
    [
      ['11', 0, 'q0', 0],
      ['11', 1, 'q0', 0],
      ['11_', 2, 'q0', 0],
      ['11_', 1, 'q1', 0],
      ['10_', 0, 'q1', 0],
      ['_00_', 0, 'q1', -1],
      ['100_', 0, 'qa', -1],
    ],
  );
  assert.equal(run.halt, 'accept');
  assert.equal(turingOutput(run.configs[6]!, '_'), '100');
  assert.equal(machineStep(m, run.configs[6]!), undefined);
});

test('halting: stuck without a transition, and the step limit', () => {
  const m = machineParse(INCREMENT);
  assert.equal(turingRun(m, '').halt, 'accept');
  const loop: TuringMachine = {
    states: ['s', 'h'],
    alphabet: ['_'],
    blank: '_',
    start: 's',
    accept: ['h'],
    delta: { s: { _: { next: 's', write: '_', move: 'R' } } },
  };
  const run = turingRun(loop, '', { maxSteps: 50 });
  assert.equal(run.halt, 'limit');
  assert.equal(run.configs.length, 51);
  assert.throws(
    () => turingScratchpad(loop, '', { maxSteps: 50 }),
    (e: unknown) => e instanceof LensError && e.code === 'too-long',
  );
  const stuck = machineParse('start: s\naccept: h\ns 0 -> s 1 R');
  assert.equal(turingRun(stuck, '00').halt, 'stuck');
  assert.throws(() => turingRun(m, '12'), isBad(/"2" is not in the machine's alphabet/));
});

test('bad tables are refused with the line and the expected form', () => {
  assert.throws(() => machineParse('accept: h\ns 0 -> s 1 R'), isBad(/"start:" line is missing/));
  assert.throws(() => machineParse('start: s\naccept: h\ns 0 -> s 1 X'), isBad(/line 3: the move "X"/));
  assert.throws(
    () => machineParse('start: s\naccept: h\ns 0 s 1 R'),
    isBad(/line 3: expected "state symbol -> next write move"/),
  );
  assert.throws(
    () => machineParse('start: s\naccept: h\ns 0 -> s 1 R\ns 0 -> h 1 R'),
    isBad(/δ\(s, 0\) is given twice/),
  );
  assert.throws(() => machineParse('start: s\nfoo: 1\naccept: h'), isBad(/unknown heading "foo:"/));
  assert.throws(() => machineParse('{"states": 3}'), isBad(/string arrays "states".*; states: Invalid type/));
  const json = (patch: object) => JSON.stringify({ ...additionMachine(), ...patch });
  assert.throws(() => machineParse(json({ accept: 'done' })), isBad(/; accept: Invalid type/));
  assert.throws(
    () => machineParse(json({ delta: { right: { 0: { next: 'right', write: '0', move: 'X' } } } })),
    isBad(/; delta\.right\.0\.move: /),
  );
  assert.throws(
    () => machineParse(json({ delta: { right: { 0: { next: 'right', move: 'R' } } } })),
    isBad(/; delta\.right\.0\.write: /),
  );
  assert.throws(() => machineParse('{"states":'), isBad(/JSON does not parse/));
  const bad = { ...additionMachine(), blank: '#' };
  assert.throws(() => machineParse(JSON.stringify(bad)), isBad(/blank "#" is not in the alphabet/));
});

test('a machine saved as JSON reads back and runs the same', () => {
  const m = additionMachine();
  const back = machineParse(JSON.stringify(m));
  assert.equal(turingScratchpad(back, '99+1').text, turingScratchpad(m, '99+1').text);
});
