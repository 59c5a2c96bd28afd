/**
 * @file The length probe's scorer of a positions model: each problem coupled at offset 0 and
 * decoded greedily, the way the model's method feeds positions (ppc: its own predicted IDs; coupled:
 * the rule's; absolute: 0 … T-1), in batches of at most DECODE_TOKENS tokens so a cancel is quick.
 */
import { throwIfCancelled } from '../../errors';
import { MODE_OF_METHOD } from '../../../shared/positions';
import { couple } from './couple';
import type { CoupledProblem } from './couplingTypes';
import { DECODE_TOKENS, positionsDecodeBatch, topPositionId } from './decode';
import type { PositionModel } from './positionModel';
import type { ProbeOutcome, ProbeScorer } from './probeScorer';
import { problemRandom } from './problemRandom';

const coupled = (text: string, model: PositionModel): CoupledProblem =>
  couple(text, model.config.task, { offset: 0, maxPosition: Number.MAX_SAFE_INTEGER });

/** Problems of `length` fit when the largest position ID one needs is within the model's embedding. */
function fitsModel(model: PositionModel, length: number): boolean {
  const p = coupled(
    problemRandom(model.config.task, length, () => 0.5),
    model,
  );
  return topPositionId(model, p) < model.config.maxPosition;
}

/**
 * A probe scorer for `model`, decoding at most `batchSize` problems together (fewer when they pass DECODE_TOKENS
 * tokens). Problems scored together must have one length, as the probe's do.
 */
export function positionScorer(model: PositionModel, batchSize = 50): ProbeScorer {
  const mode = MODE_OF_METHOD[model.config.method];
  return {
    method: model.config.method,
    model: model.name,
    task: model.config.task,
    trainMaxLength: model.config.trainMaxLength,
    fits: (length) => fitsModel(model, length),
    async score(texts, signal, onProgress) {
      const problems = texts.map((t) => coupled(t, model));
      const rows = Math.max(1, Math.min(batchSize, Math.floor(DECODE_TOKENS / (problems[0]?.tokens.length ?? 1))));
      const out: ProbeOutcome[] = [];
      for (let k = 0; k < problems.length; k += rows) {
        throwIfCancelled(signal);
        const part = problems.slice(k, k + rows);
        for (const d of await positionsDecodeBatch(model, part, mode, signal)) {
          const ids = mode === 'ppc' ? { idMatches: d.idMatches, idTotal: d.answerIndices.length } : {};
          out.push({ correct: d.correct, ...ids });
        }
        onProgress?.(part.length);
      }
      return out;
    },
  };
}
