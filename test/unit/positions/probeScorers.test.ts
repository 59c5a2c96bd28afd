/**
 * The probe over scorers: every scorer gets the same problems, a length a scorer cannot fit is a null point, and the
 * carry-chain counts follow the outcomes (checked with small fake scorers whose answers depend on the chain, and with
 * the zoo's ppc addition model on carry-heavy problems against decoding each problem on its own).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { longestCarryChain } from '../../../src/core/analyses/positions/carryChain';
import { couple } from '../../../src/core/analyses/positions/couple';
import { positionsDecode } from '../../../src/core/analyses/positions/decode';
import { lengthProbe, probeTexts } from '../../../src/core/analyses/positions/lengthProbe';
import { positionModelLoad, type PositionModel } from '../../../src/core/analyses/positions/positionModel';
import { positionScorer } from '../../../src/core/analyses/positions/positionScorer';
import type { ProbeScorer } from '../../../src/core/analyses/positions/probeScorer';
import { LensError } from '../../../src/core/errors';
import { check } from '../../../src/shared/schema';
import { LengthProbeResultSchema, type ChainCount } from '../../../src/shared/lengthProbe';
import { MODELS } from '../helpers';

/** A scorer that answers `right(problem)` and fits lengths up to `fitsUpTo`, remembering what it was given. */
function fake(method: string, right: (p: string) => boolean, fitsUpTo = Infinity, task = 'addition' as const) {
  const seen: string[][] = [];
  const scorer: ProbeScorer = {
    method,
    model: `fake-${method}`,
    task,
    trainMaxLength: 3,
    fits: (n) => n <= fitsUpTo,
    score: (problems, _signal, onProgress) => {
      seen.push([...problems]);
      onProgress?.(problems.length);
      return Promise.resolve(problems.map((p) => ({ correct: right(p) })));
    },
  };
  return { scorer, seen };
}

const short = (p: string): boolean => (longestCarryChain(p) ?? 0) < 2;
const sum = (cs: readonly ChainCount[] | null | undefined, k: 'problems' | 'correct'): number =>
  (cs ?? []).reduce((s, c) => s + c[k], 0);

test('carry-heavy: every scorer gets the same problems; accuracy and chain counts follow its outcomes', async () => {
  const a = fake('turing-program', short);
  const b = fake('no-scratchpad', () => true, 4);
  const r = await lengthProbe([a.scorer, b.scorer], {
    task: 'addition',
    maxLength: 6,
    lengths: [3, 6],
    samples: 40,
    seed: 5,
    carryHeavy: true,
  });
  assert.ok(check(LengthProbeResultSchema, r).ok);
  assert.equal(r.carryHeavy, true);
  assert.deepEqual(a.seen[0], b.seen[0], 'the same problems for both');
  assert.equal(b.seen.length, 1, 'length 6 does not fit b: it is not scored');
  const [ca, cb] = r.curves;
  assert.deepEqual(cb?.accuracy, [1, null]);
  assert.equal(cb?.byLengthChain?.[1], null);
  a.seen.forEach((problems, i) => {
    assert.equal(ca?.accuracy[i], problems.filter(short).length / 40);
    const perChain = ca?.byLengthChain?.[i] ?? [];
    assert.equal(sum(perChain, 'problems'), 40);
    for (const c of perChain) assert.equal(c.correct, c.chain < 2 ? c.problems : 0, `chain ${c.chain}`);
  });
  const chains = ca?.byChain ?? [];
  assert.deepEqual(
    chains.map((c) => c.chain),
    [0, 1, 2, 3, 4, 5, 6],
    'carry-heavy draws hold every chain',
  );
  assert.equal(sum(chains, 'problems'), 80);
  assert.equal(sum(chains, 'correct'), a.seen.flat().filter(short).length);
});

test('random and carry-heavy problems come from different streams, each with its measured chain', () => {
  const random = probeTexts('addition', 8, 30, 1);
  const heavy = probeTexts('addition', 8, 30, 1, true);
  assert.notDeepEqual(
    random.map((p) => p.text),
    heavy.map((p) => p.text),
  );
  for (const p of [...random, ...heavy]) assert.equal(p.chain, longestCarryChain(p.text));
  const longRandom = random.filter((p) => (p.chain ?? 0) >= 4).length;
  const longHeavy = heavy.filter((p) => (p.chain ?? 0) >= 4).length;
  assert.ok(longHeavy > longRandom, `chains of 4 or more: ${longHeavy} carry-heavy, ${longRandom} random`);
});

test('copy curves have no carry chains; a scorer of an unknown method is a bug', async () => {
  const copy = fake('ppc', () => true, Infinity, 'copy' as 'addition');
  const r = await lengthProbe([copy.scorer], { task: 'copy', maxLength: 2, samples: 3 });
  assert.equal(r.curves[0]?.byChain, undefined);
  assert.equal(r.curves[0]?.byLengthChain, undefined);
  const odd = fake('rope', () => true);
  await assert.rejects(
    lengthProbe([odd.scorer], { task: 'addition', maxLength: 2, samples: 3 }),
    (e: unknown) => e instanceof LensError && e.code === 'internal',
  );
});

let ppc: PositionModel;
before(async () => {
  ppc = await positionModelLoad('positions-addition-ppc', { modelsDir: MODELS });
});
after(async () => {
  await ppc.session.release();
});

test('ppc addition, carry-heavy length 12: the chain counts equal decoding each problem on its own', async () => {
  const r = await lengthProbe([positionScorer(ppc)], {
    task: 'addition',
    maxLength: 12,
    lengths: [12],
    samples: 26,
    seed: 3,
    carryHeavy: true,
  });
  const want = new Map<number, { problems: number; correct: number }>();
  for (const p of probeTexts('addition', 12, 26, 3, true)) {
    const c = couple(p.text, 'addition', { offset: 0, maxPosition: Number.MAX_SAFE_INTEGER });
    const d = await positionsDecode(ppc, c, 'ppc');
    const w = want.get(p.chain ?? 0) ?? { problems: 0, correct: 0 };
    want.set(p.chain ?? 0, { problems: w.problems + 1, correct: w.correct + (d.correct ? 1 : 0) });
  }
  const expected = [...want.entries()].sort((x, y) => x[0] - y[0]).map(([chain, w]) => ({ chain, ...w }));
  assert.deepEqual(r.curves[0]?.byChain, expected);
  assert.equal(r.curves[0]?.accuracy[0], sum(expected, 'correct') / 26);
});
