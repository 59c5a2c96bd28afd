import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from '../../../src/core/analyses/serving/simulate';
import { summarize } from '../../../src/core/analyses/serving/summary';
import type { BatchedModel, PolicySpec, SimOptions, Workload } from '../../../src/core/analyses/serving/types';
import { LensError } from '../../../src/core/errors';

// A (t 0, 3 tokens), B (t 0, 2 tokens), C (t 0.5, 1 token), each with a 1-token prompt; two requests a batch.
const W: Workload = {
  arrival: Float64Array.of(0, 0, 0.5),
  prompt: Float64Array.of(1, 1, 1),
  size: Float64Array.of(3, 2, 1),
};
const COST: BatchedModel = {
  mode: 'batched',
  prefillPerToken: 0,
  decodePerToken: 0,
  stepOverhead: 1,
  kvCapacity: 100,
  maxBatch: 2,
};

function opts(cost: Partial<BatchedModel> = {}): SimOptions {
  return { cost: { ...COST, ...cost }, predictions: { kind: 'perfect' }, seed: 1 };
}

function close(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)) < 1e-9, `${what}[${i}]: ${String(actual[i])}`);
}

async function memory(spec: PolicySpec, o: SimOptions): Promise<string[]> {
  const r = await simulate(W, spec, o);
  return Array.from(r.memory.t, (t, k) => `${t}:${r.memory.paused[k]}+${r.memory.running[k]}`);
}

test('fcfs (and sjf, and trail at c = 0.3): A and B fill the batch and run on; C waits for B', async () => {
  for (const spec of [{ policy: 'fcfs' }, { policy: 'sjf' }, { policy: 'trail', c: 0.3 }] as const) {
    const r = await simulate(W, spec, opts());
    close(r.firstToken, [1, 1, 3], `${spec.policy} first`);
    close(r.finish, [3, 2, 3], `${spec.policy} finish`);
    close(r.preemptions, [0, 0, 0], `${spec.policy} preemptions`);
  }
});

test('sprpt: at t 1 C (1 left) outranks A (2 left), which pauses keeping 2 tokens of KV', async () => {
  const r = await simulate(W, { policy: 'sprpt' }, opts());
  close(r.firstToken, [1, 1, 2], 'first');
  close(r.finish, [4, 2, 2], 'finish');
  close(r.preemptions, [1, 0, 0], 'preemptions');
  close(r.evictions, [0, 0, 0], 'evictions');
  // Held during each iteration: batch members prompt + generated + 1; paused ones prompt + generated.
  assert.deepEqual(await memory({ policy: 'sprpt' }, opts()), ['0:0+4', '1:2+5', '2:0+3', '3:0+4', '4:0+0']);
});

test('sprpt with prefill costs and a 6-token cache: the paused A is evicted and recomputes 2 tokens', async () => {
  const o = opts({ prefillPerToken: 0.5, kvCapacity: 6 });
  const r = await simulate(W, { policy: 'sprpt' }, o);
  // t 0: A and B prefill 2 tokens (1 + 2·0.5 = 2); t 2: B decodes, C prefills 1 (1.5); A's 2 + 3 + 2 > 6.
  // t 3.5: A prefills prompt + 1 generated (2); t 5.5: A decodes its last token (1).
  close(r.firstToken, [2, 2, 3.5], 'first');
  close(r.finish, [6.5, 3.5, 3.5], 'finish');
  close(r.preemptions, [1, 0, 0], 'preemptions');
  close(r.evictions, [1, 0, 0], 'evictions');
  assert.deepEqual(await memory({ policy: 'sprpt' }, o), ['0:0+4', '2:0+5', '3.5:0+3', '5.5:0+4', '6.5:0+0']);
});

test('with a 7-token cache nothing is evicted: paused KV averages 2 tokens over 1.5 of 5.5', async () => {
  const w = W;
  const r = await simulate(w, { policy: 'sprpt' }, opts({ prefillPerToken: 0.5, kvCapacity: 7 }));
  close(r.finish, [5.5, 3.5, 3.5], 'finish');
  close(r.evictions, [0, 0, 0], 'evictions');
  const s = summarize(w, r);
  assert.ok(Math.abs((s.meanPausedKv ?? NaN) - (2 * 1.5) / 5.5) < 1e-12, String(s.meanPausedKv));
  assert.equal(s.peakPausedKv, 2);
});

test('with a 4-token cache, batch members are dropped lowest priority first', async () => {
  const r = await simulate(W, { policy: 'sprpt' }, opts({ prefillPerToken: 0.5, kvCapacity: 4 }));
  // t 2: A (paused) evicted, C not admitted; B alone to 3. t 3: C (1) admitted, A (2) not: C prefills to 4.5.
  close(r.firstToken, [2, 2, 4.5], 'first');
  close(r.finish, [7.5, 3, 4.5], 'finish');
  close(r.evictions, [1, 0, 0], 'evictions');
});

test('a request whose prompt and output cannot fit the cache is refused by line', async () => {
  await assert.rejects(
    simulate(W, { policy: 'fcfs' }, opts({ kvCapacity: 3 })),
    (e: unknown) => e instanceof LensError && e.code === 'bad-input' && /Request 1 needs 4 tokens/u.test(e.message),
  );
});
