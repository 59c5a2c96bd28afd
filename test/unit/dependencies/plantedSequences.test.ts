import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  plantedRule,
  plantedSequences,
  type PlantedSequence,
} from '../../../src/core/analyses/dependencies/plantedSequences';

/** Every offset set of size k from 1..maxOffset under which each target is f of its sources. */
function consistentOffsetSets(
  seqs: readonly PlantedSequence[],
  k: number,
  maxOffset: number,
  rule: 'sum' | 'xor',
  vocab: number,
): number[][] {
  const found: number[][] = [];
  const choose = (from: number, chosen: number[]): void => {
    if (chosen.length === k) {
      if (seqs.every((s) => explains(s, chosen, rule, vocab))) found.push([...chosen]);
      return;
    }
    for (let o = from; o <= maxOffset; o++) choose(o + 1, [...chosen, o]);
  };
  choose(1, []);
  return found;
}

function explains(s: PlantedSequence, offsets: readonly number[], rule: 'sum' | 'xor', vocab: number): boolean {
  for (const t of s.targets) {
    if (t - Math.max(...offsets) < 0) continue;
    if (
      s.tokens[t] !==
      plantedRule(
        rule,
        vocab,
        offsets.map((o) => s.tokens[t - o] ?? 0),
      )
    )
      return false;
  }
  return true;
}

test('the planted positions determine every target (sum mod V and XOR)', () => {
  for (const rule of ['sum', 'xor'] as const) {
    const offsets = [1, 4, 6];
    const seqs = plantedSequences(20, { vocab: 16, length: 40, offsets, rule, every: 3, seed: 7 });
    for (const s of seqs) {
      assert.equal(s.tokens.length, 40);
      assert.deepEqual(
        [...s.targets],
        Array.from({ length: 12 }, (_, i) => 6 + 3 * i),
      ); // 6, 9, …, 39
      assert.ok(s.tokens.every((x) => x >= 0 && x < 16));
      s.targets.forEach((t, i) => {
        const src = [...s.sources.subarray(i * 3, i * 3 + 3)];
        assert.deepEqual(
          src,
          offsets.map((o) => t - o),
        );
        assert.equal(
          s.tokens[t],
          plantedRule(
            rule,
            16,
            src.map((p) => s.tokens[p] ?? 0),
          ),
        );
      });
    }
  }
});

test('hand-worked rules', () => {
  assert.equal(plantedRule('sum', 10, [7, 5, 9]), 1); // 21 mod 10
  assert.equal(plantedRule('xor', 16, [0b1010, 0b0110, 0b0001]), 0b1101);
});

test('a brute-force search over offset sets recovers exactly the planted offsets', () => {
  for (const rule of ['sum', 'xor'] as const) {
    const seqs = plantedSequences(10, { vocab: 8, length: 32, offsets: [2, 5], rule, seed: 3 });
    assert.deepEqual(consistentOffsetSets(seqs, 2, 8, rule, 8), [[2, 5]]);
  }
  const three = plantedSequences(10, { vocab: 8, length: 32, offsets: [7, 1, 3], seed: 11 });
  assert.deepEqual(consistentOffsetSets(three, 3, 8, 'sum', 8), [[1, 3, 7]]);
});

test('seeded: the same seed gives the same sequences, another seed others', () => {
  const o = { vocab: 32, length: 24, offsets: [3, 5] };
  assert.deepEqual(plantedSequences(3, { ...o, seed: 5 }), plantedSequences(3, { ...o, seed: 5 }));
  assert.notDeepEqual(plantedSequences(3, { ...o, seed: 5 }), plantedSequences(3, { ...o, seed: 6 }));
  const single = plantedSequences(1, { ...o, every: 1000 })[0];
  assert.deepEqual([...(single?.targets ?? [])], [5]);
});

test('refuses malformed formats', () => {
  assert.throws(() => plantedSequences(1, { vocab: 12, length: 10, offsets: [1], rule: 'xor' }), RangeError);
  assert.throws(() => plantedSequences(1, { vocab: 8, length: 10, offsets: [1, 1] }), RangeError);
  assert.throws(() => plantedSequences(1, { vocab: 8, length: 10, offsets: [0] }), RangeError);
  assert.throws(() => plantedSequences(1, { vocab: 8, length: 4, offsets: [4] }), RangeError);
  assert.throws(() => plantedSequences(1, { vocab: 1, length: 10, offsets: [1] }), RangeError);
});
