/**
 * Bounded passes and cancellation inside the positions loops: the length probe's batches hold at
 * most DECODE_TOKENS tokens, a cancel from its progress callback stops it before the next batch,
 * and a cancel during decoding stops it before the next step.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DECODE_TOKENS, positionsDecodeBatch } from '../../../src/core/analyses/positions/decode';
import { lengthProbe, probeProblems } from '../../../src/core/analyses/positions/lengthProbe';
import { positionScorer } from '../../../src/core/analyses/positions/positionScorer';
import {
  positionModelLoad,
  positionModelName,
  type PositionModel,
} from '../../../src/core/analyses/positions/positionModel';
import { LensError } from '../../../src/core/errors';
import { countedSession, MODELS } from '../helpers';

let ppc: PositionModel;
before(async () => {
  ppc = await positionModelLoad(positionModelName('addition', 'ppc'), { modelsDir: MODELS });
});
after(async () => {
  await ppc.session.release();
});

const isCancelled = (e: unknown) => e instanceof LensError && e.code === 'cancelled';

/** The model with its session's runs counted; the controller aborts after `abortAfter` runs. */
function counted(model: PositionModel, abortAfter: number, controller: AbortController) {
  const { session, runs } = countedSession(model.session, abortAfter, controller);
  return { model: { ...model, session }, runs };
}

test('the probe decodes at most DECODE_TOKENS tokens per batch', async () => {
  const T = probeProblems('addition', 8, 1, 1)[0]?.tokens.length ?? 0;
  const rows = Math.floor(DECODE_TOKENS / T);
  assert.ok(rows >= 1 && rows < 50, `${T} tokens: ${rows} problems a batch`);
  const done: number[] = [];
  await lengthProbe([positionScorer(ppc)], {
    task: 'addition',
    maxLength: 8,
    lengths: [8],
    samples: 50,
    onProgress: (d) => done.push(d),
  });
  const sizes = done.map((d, i) => d - (done[i - 1] ?? 0));
  assert.ok(
    sizes.every((s) => s <= rows),
    `batches ${sizes.join(', ')}`,
  );
  assert.equal(done.at(-1), 50);
  assert.equal(sizes[0], rows);
});

test('a cancel from the probe progress callback stops it before the next batch', async () => {
  const controller = new AbortController();
  const c = counted(ppc, Infinity, controller);
  let calls = 0;
  let runsAtAbort = -1;
  const probe = lengthProbe([positionScorer(c.model)], {
    task: 'addition',
    maxLength: 8,
    samples: 50,
    signal: controller.signal,
    onProgress: () => {
      calls++;
      runsAtAbort = c.runs();
      controller.abort();
    },
  });
  await assert.rejects(probe, isCancelled);
  assert.equal(calls, 1);
  assert.equal(c.runs(), runsAtAbort, 'no pass after the cancel');
});

test('a cancel during decoding stops it before the next step', async () => {
  const controller = new AbortController();
  const c = counted(ppc, 2, controller);
  const problems = probeProblems('addition', 8, 4, 1);
  assert.ok((problems[0]?.answerIndices.length ?? 0) > 3, 'more steps than the abort');
  await assert.rejects(positionsDecodeBatch(c.model, problems, 'ppc', controller.signal), isCancelled);
  assert.equal(c.runs(), 2);
});
