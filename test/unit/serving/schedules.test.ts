import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from '../../../src/core/analyses/serving/simulate';
import type { PolicySpec, SimOptions, SimRun, Workload } from '../../../src/core/analyses/serving/types';

const MG1: SimOptions = { cost: { mode: 'mg1', rate: 1 }, predictions: { kind: 'perfect' }, seed: 1 };

function jobs(list: readonly [number, number][], prompt = 0): Workload {
  return {
    arrival: Float64Array.from(list, (j) => j[0]),
    prompt: Float64Array.from(list, () => prompt),
    size: Float64Array.from(list, (j) => j[1]),
  };
}

function close(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)) < 1e-9, `${what}[${i}]: ${String(actual[i])}`);
}

async function run(w: Workload, spec: PolicySpec, opts = MG1): Promise<SimRun> {
  return simulate(w, spec, opts);
}

// A (t 0, size 4), B (t 1, size 2), C (t 2, size 1).
const ABC = jobs([
  [0, 4],
  [1, 2],
  [2, 1],
]);

test('fcfs: A 0–4, B 4–6, C 6–7', async () => {
  const r = await run(ABC, { policy: 'fcfs' });
  close(r.firstToken, [0, 4, 6], 'first');
  close(r.finish, [4, 6, 7], 'finish');
  close(r.preemptions, [0, 0, 0], 'preemptions');
});

test('sjf: A runs to 4 unpreempted, then C (1) before B (2)', async () => {
  const r = await run(ABC, { policy: 'sjf' });
  close(r.firstToken, [0, 5, 4], 'first');
  close(r.finish, [4, 7, 5], 'finish');
  close(r.preemptions, [0, 0, 0], 'preemptions');
});

test('sprpt: B (2) preempts A (3 left) at 1; C (1) ties B (1 left) at 2 and waits; A last', async () => {
  const r = await run(ABC, { policy: 'sprpt' });
  close(r.firstToken, [0, 1, 3], 'first');
  close(r.finish, [7, 3, 4], 'finish');
  close(r.preemptions, [1, 0, 0], 'preemptions');
});

test('sprpt: a request arriving as the server frees up is queued first, so no zero-length preemption', async () => {
  // A (t 0, 4), B (t 1, 1) preempts A and finishes at 2, when C (t 2, 1) arrives: C runs before A resumes.
  const r = await run(
    jobs([
      [0, 4],
      [1, 1],
      [2, 1],
    ]),
    { policy: 'sprpt' },
  );
  close(r.firstToken, [0, 1, 2], 'first');
  close(r.finish, [6, 2, 3], 'finish');
  close(r.preemptions, [1, 0, 0], 'preemptions');
});

// A (t 0, size 4: trail's limit at c = 0.5 is age 2), B (t 1, size 1), C (t 3.5, size 1.2).
const LIMIT = jobs([
  [0, 4],
  [1, 1],
  [3.5, 1.2],
]);

test('sprpt preempts A twice: at 1 by B, at 3.5 (age 2.5, 1.5 left) by C (1.2)', async () => {
  const r = await run(LIMIT, { policy: 'sprpt' });
  close(r.firstToken, [0, 1, 3.5], 'first');
  close(r.finish, [6.2, 2, 4.7], 'finish');
  close(r.preemptions, [2, 0, 0], 'preemptions');
});

test('trail c = 0.5: B preempts A at age 1 < 2; at 3.5 A is 2.5 ≥ 2 old, so C waits until 5', async () => {
  const r = await run(LIMIT, { policy: 'trail', c: 0.5 });
  close(r.firstToken, [0, 1, 5], 'first');
  close(r.finish, [5, 2, 6.2], 'finish');
  close(r.preemptions, [1, 0, 0], 'preemptions');
});

test('trail with the window records running and paused segments, clipped to it', async () => {
  const r = await run(LIMIT, { policy: 'trail', c: 0.5 }, { ...MG1, window: [0.5, 5.5] });
  const seen = r.segments.map((s) => `${s.job} ${s.state} ${s.start}-${s.end}`);
  assert.deepEqual(seen, ['0 running 0.5-1', '1 running 1-2', '0 paused 1-2', '0 running 2-5', '2 running 5-5.5']);
});

test('noisy predictions rank by the noisy value: the same seed gives the same schedule', async () => {
  const opts: SimOptions = { ...MG1, predictions: { kind: 'noisy', sigma: 1 }, seed: 9 };
  const a = await run(ABC, { policy: 'sprpt' }, opts);
  const b = await run(ABC, { policy: 'sprpt' }, opts);
  assert.deepEqual(a.finish, b.finish);
});

test('model predictions: the predicted column ranks sjf; refined ranks re-checked at every token', async () => {
  // True sizes 4, 2, 1 but predicted 1, 5, 3: sjf then serves A, C (3) before B (5).
  const w: Workload = { ...ABC, predicted: Float64Array.of(1, 5, 3) };
  const sjf = await run(w, { policy: 'sjf' }, { ...MG1, predictions: { kind: 'model' } });
  close(sjf.finish, [4, 7, 5], 'sjf finish');
  // Two jobs at t 0 and 0.5, sizes 3 and 1, predicted 3 and 5. A's refined remaining jumps to 9 at age 1 (a
  // bad guess): B (5) does not beat A (3 − 0.5) at its arrival, but beats A's 9 at A's token boundary, t 1.
  const refinedA = Float32Array.of(3, 9, 8);
  const w2: Workload = {
    arrival: Float64Array.of(0, 0.5),
    prompt: Float64Array.of(0, 0),
    size: Float64Array.of(3, 1),
    predicted: Float64Array.of(3, 5),
    refined: [refinedA, undefined],
  };
  const model = await run(w2, { policy: 'sprpt' }, { ...MG1, predictions: { kind: 'model' } });
  close(model.firstToken, [0, 1], 'first');
  close(model.finish, [4, 2], 'finish');
  close(model.preemptions, [1, 0], 'preemptions');
  const plain = await run({ ...w2, refined: [] }, { policy: 'sprpt' }, { ...MG1, predictions: { kind: 'model' } });
  close(plain.finish, [3, 4], 'without refinement A runs on');
});
