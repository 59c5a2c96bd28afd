/**
 * The length probe draws the problems the model cards were measured on (same seeded streams per
 * length), so on a few lengths it reproduces the cards' PyTorch exact-match numbers; it reports
 * progress, refuses bad options, marks lengths a model cannot hold and stops on its signal.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { lengthProbe, probeProblems } from '../../../src/core/analyses/positions/lengthProbe';
import { positionScorer } from '../../../src/core/analyses/positions/positionScorer';
import type { ProbeScorer } from '../../../src/core/analyses/positions/probeScorer';
import {
  positionModelLoad,
  positionModelName,
  type PositionModel,
} from '../../../src/core/analyses/positions/positionModel';
import { MODEL_TASKS, POSITION_METHODS, type PositionTask } from '../../../src/shared/positions';
import { LensError } from '../../../src/core/errors';
import { MODELS } from '../helpers';

interface Evaluation {
  lengths: number[];
  samples: number;
  seed: number;
  exactMatch: (number | null)[];
  idAccuracy?: (number | null)[];
}

const models = new Map<PositionTask, PositionModel[]>();
const scorers = (task: PositionTask): ProbeScorer[] => (models.get(task) ?? []).map((m) => positionScorer(m));
const card = (name: string): Evaluation =>
  (JSON.parse(readFileSync(join(MODELS, name, 'model-card.json'), 'utf8')) as { evaluation: Evaluation }).evaluation;

before(async () => {
  for (const task of MODEL_TASKS) {
    const list: PositionModel[] = [];
    for (const method of POSITION_METHODS)
      list.push(await positionModelLoad(positionModelName(task, method), { modelsDir: MODELS }));
    models.set(task, list);
  }
});
after(async () => {
  for (const list of models.values()) for (const m of list) await m.session.release();
});

for (const task of MODEL_TASKS) {
  test(`${task}: on lengths 3, 10 and 20 the probe agrees with the model cards (200 problems per length)`, async () => {
    const list = scorers(task);
    const lengths = [3, 10, 20];
    const ev = card(positionModelName(task, 'ppc'));
    const r = await lengthProbe(list, { task, maxLength: 30, lengths, samples: ev.samples, seed: ev.seed });
    assert.deepEqual(r.lengths, lengths);
    assert.deepEqual(
      r.curves.map((m) => m.method),
      ['ppc', 'coupled', 'absolute'],
    );
    for (const method of r.curves) {
      const want = card(method.model);
      lengths.forEach((n, i) => {
        const expected = want.exactMatch[want.lengths.indexOf(n)];
        const got = method.accuracy[i];
        assert.ok(typeof expected === 'number' && typeof got === 'number');
        // Same problems; onnxruntime and PyTorch may differ on a rare exact tie of two logits.
        assert.ok(
          Math.abs(got - expected) <= 1 / ev.samples + 1e-9,
          `${method.model} at ${n}: ${got} vs card ${expected}`,
        );
      });
    }
    const ids = r.curves[0]?.idAccuracy;
    assert.ok(ids !== undefined && ev.idAccuracy !== undefined);
    assert.ok(Math.abs((ids[0] ?? 0) - (ev.idAccuracy[2] ?? 0)) < 0.01);
  });
}

test("progress runs to the total; a length that passes the absolute model's 128 positions is null for it", async () => {
  const list = scorers('addition');
  const seen: [number, number][] = [];
  const r = await lengthProbe(list, {
    task: 'addition',
    maxLength: 42,
    lengths: [1, 42],
    samples: 2,
    seed: 3,
    onProgress: (d, t) => seen.push([d, t]),
  });
  assert.deepEqual(seen.at(-1), [12, 12]);
  for (let i = 1; i < seen.length; i++) assert.ok((seen[i]?.[0] ?? 0) >= (seen[i - 1]?.[0] ?? 0));
  const absolute = r.curves.find((m) => m.method === 'absolute');
  assert.equal(absolute?.accuracy[1], null);
  assert.equal(typeof r.curves[0]?.accuracy[1], 'number');
  assert.equal(absolute?.byLengthChain?.[1], null, 'no chain counts where the length does not fit');
});

test('problems of one length do not depend on which other lengths are probed', () => {
  const a = probeProblems('copy', 7, 5, 9);
  const b = probeProblems('copy', 7, 5, 9);
  assert.deepEqual(
    a.map((p) => p.tokens.join('')),
    b.map((p) => p.tokens.join('')),
  );
  assert.ok(a.every((p) => p.tokens.length === 15 && p.offset === 0));
  assert.notDeepEqual(
    probeProblems('copy', 7, 5, 10).map((p) => p.answer),
    a.map((p) => p.answer),
  );
});

test('bad options and a fired signal are refused with the right codes', async () => {
  const list = scorers('copy');
  const code =
    (c: string) =>
    (e: unknown): boolean =>
      e instanceof LensError && e.code === c;
  await assert.rejects(lengthProbe(list, { task: 'copy', maxLength: 0 }), code('bad-input'));
  await assert.rejects(lengthProbe(list, { task: 'copy', maxLength: 5, lengths: [6] }), code('bad-input'));
  await assert.rejects(lengthProbe(list, { task: 'addition', maxLength: 5 }), code('bad-input'));
  await assert.rejects(lengthProbe(list, { task: 'copy', maxLength: 5, carryHeavy: true }), code('bad-input'));
  await assert.rejects(lengthProbe([], { task: 'copy', maxLength: 5 }), code('bad-input'));
  const huge = { task: 'copy', maxLength: 1000, lengths: [1000], samples: 5001 } as const;
  await assert.rejects(lengthProbe(list, huge), code('bad-input'));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(lengthProbe(list, { task: 'copy', maxLength: 3, signal: controller.signal }), code('cancelled'));
});
