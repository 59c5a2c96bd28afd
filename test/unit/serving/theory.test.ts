import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mg1MeanResponse } from '../../../src/core/analyses/serving/theory';
import { sizeTable } from '../../../src/core/analyses/serving/sizeLaw';
import type { PolicySpec, Predictions } from '../../../src/core/analyses/serving/types';
import type { SizeLaw } from '../../../src/core/analyses/serving/workload';
import { LensError } from '../../../src/core/errors';

const EXP: SizeLaw = { kind: 'exponential' };
// One value: spread over a cell as wide as itself, scaled to mean 1, it is uniform on [0.5, 1.5].
const UNIFORM: SizeLaw = { kind: 'empirical', values: Float64Array.of(4, 4, 4) };
const PERFECT: Predictions = { kind: 'perfect' };

const mean = (spec: PolicySpec, rho: number, sizes: SizeLaw = EXP, predictions: Predictions = PERFECT): number =>
  mg1MeanResponse(spec, { rho, sizes, predictions });

function near(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) < rel, `${what}: ${actual} against ${expected}`);
}

test('fcfs is Pollaczek–Khinchine: 1 + ρE[S²]/(2(1 − ρ))', () => {
  near(mean({ policy: 'fcfs' }, 0.5), 2, 1e-12, 'M/M/1 at 0.5');
  near(mean({ policy: 'fcfs' }, 0.8), 5, 1e-12, 'M/M/1 at 0.8');
  // Uniform on [0.5, 1.5]: E[S²] = 1 + 1/12.
  near(mean({ policy: 'fcfs' }, 0.5, UNIFORM), 1 + 13 / 24, 1e-12, 'uniform at 0.5');
});

test('sjf and srpt against the classic one-dimensional integrals (scipy quad, computed apart)', () => {
  // SJF: E[T] = ∫ f(x)[x + λE[S²]/(2(1 − ρ_x)²)] dx.
  // SRPT: E[T] = ∫ f(x)[λ(∫₀ˣy²f + x²F̄(x))/(2(1 − ρ_x)²) + ∫₀ˣ dt/(1 − ρ_t)] dx.
  const cases: [SizeLaw, number, number, number][] = [
    [EXP, 0.5, 1.7126863319388927, 1.4253726638777857],
    [EXP, 0.8, 2.882218616239775, 2.352773270299722],
    [UNIFORM, 0.5, 1.4858350406207665, 1.4615016040672684],
    [UNIFORM, 0.8, 2.730793059295685, 2.686492657745166],
  ];
  for (const [law, rho, sjf, srpt] of cases) {
    near(mean({ policy: 'sjf' }, rho, law), sjf, 2e-5, `sjf ${law.kind} ${rho}`);
    near(mean({ policy: 'sprpt' }, rho, law), srpt, 2e-5, `srpt ${law.kind} ${rho}`);
  }
});

test('limited preemption runs from sjf (c → 0) to sprpt (c = 1), better with more preemption', () => {
  for (const rho of [0.5, 0.8]) {
    near(mean({ policy: 'trail', c: 1e-9 }, rho), mean({ policy: 'sjf' }, rho), 1e-6, 'c → 0');
    near(mean({ policy: 'trail', c: 1 }, rho), mean({ policy: 'sprpt' }, rho), 1e-12, 'c = 1');
    const at = [0.2, 0.5, 0.8].map((c) => mean({ policy: 'trail', c }, rho));
    assert.ok(mean({ policy: 'sprpt' }, rho) < (at[2] ?? 0) && (at[2] ?? 0) < (at[1] ?? 0), `${at}`);
    assert.ok((at[1] ?? 0) < (at[0] ?? 0) && (at[0] ?? 0) < mean({ policy: 'sjf' }, rho), `${at}`);
  }
});

test('noisy predictions: σ → 0 gives the perfect value; noise costs latency; fcfs ignores it', () => {
  const tiny: Predictions = { kind: 'noisy', sigma: 1e-6 };
  const noisy: Predictions = { kind: 'noisy', sigma: 0.5 };
  for (const spec of [{ policy: 'sjf' }, { policy: 'trail', c: 0.5 }] as const) {
    near(mean(spec, 0.8, EXP, tiny), mean(spec, 0.8), 2e-4, `${spec.policy} σ 1e-6`);
    assert.ok(mean(spec, 0.8, EXP, noisy) > mean(spec, 0.8) * 1.02, spec.policy);
  }
  near(mean({ policy: 'fcfs' }, 0.8, EXP, noisy), 5, 1e-12, 'fcfs');
});

test('loads ≥ 1 are unstable; model predictions and bad values are refused', () => {
  const refused = (f: () => unknown, pattern: RegExp): void =>
    assert.throws(f, (e: unknown) => e instanceof LensError && e.code === 'bad-input' && pattern.test(e.message));
  refused(() => mean({ policy: 'fcfs' }, 1), /load ≥ 1: the queue is unstable/u);
  refused(() => mean({ policy: 'trail', c: 0.5 }, 1.5), /unstable/u);
  refused(() => mean({ policy: 'sjf' }, 0), /not above 0/u);
  refused(() => mg1MeanResponse({ policy: 'sjf' }, { rho: 0.5, sizes: EXP, predictions: { kind: 'model' } }), /model/u);
  refused(() => mean({ policy: 'trail', c: 2 }, 0.5), /not in \[0, 1\]/u);
  refused(() => mean({ policy: 'sjf' }, 0.5, { kind: 'empirical', values: Float64Array.of(3, 0) }), /value 2/u);
});

test('the empirical law: cells as wide as the smallest gap, scaled to mean 1, moments exact', () => {
  // Values 1, 1, 3: cells [0.5, 1.5] (mass 2/3) and [2.5, 3.5] (1/3), then ÷ 5/3.
  const t = sizeTable({ kind: 'empirical', values: Float64Array.of(1, 1, 3) });
  near(t.moment(1, Infinity), 1, 1e-12, 'mean 1');
  near(t.quantile(1 / 3), 0.6, 1e-12, 'quantile in the first cell');
  near(t.moment(0, 0.6), 1 / 3, 1e-12, 'mass below 0.6');
  // E[S²] = (2/3·(1 + 1/12) + 1/3·(9 + 1/12)) / (5/3)².
  near(t.second, ((2 / 3) * (13 / 12) + (1 / 3) * (109 / 12)) / (25 / 9), 1e-12, 'E[S²]');
});
