/**
 * @file The live length probe: the host asks for one length at a time and shows the curves so far;
 * `probeMerge` appends the curves of the lengths just probed to those probed before and sums the
 * carry-chain counts again (no vscode use, so unit tests load it).
 */
import { LensError } from '../../core/errors';
import { chainTotals, type LengthProbeCurve, type LengthProbeResult } from '../../shared/lengthProbe';

function mergeCurve(a: LengthProbeCurve, b: LengthProbeCurve | undefined): LengthProbeCurve {
  if (b === undefined || b.method !== a.method || b.model !== a.model) {
    throw new LensError('internal', `The probe's models changed between lengths (${a.model}).`);
  }
  const ids = a.idAccuracy !== undefined && b.idAccuracy !== undefined;
  const perLength = a.byLengthChain !== undefined && b.byLengthChain !== undefined;
  const byLengthChain = [...(a.byLengthChain ?? []), ...(b.byLengthChain ?? [])];
  return {
    ...a,
    accuracy: [...a.accuracy, ...b.accuracy],
    ...(ids ? { idAccuracy: [...(a.idAccuracy ?? []), ...(b.idAccuracy ?? [])] } : {}),
    ...(perLength ? { byLengthChain, byChain: chainTotals(byLengthChain) } : {}),
  };
}

/**
 * The curves of `before` followed by those of `part` (the same task, models, samples and seed), marked as
 * running up to `upTo` while lengths remain (no `upTo` once the last length is in).
 */
export function probeMerge(
  before: LengthProbeResult | undefined,
  part: LengthProbeResult,
  upTo: number,
): LengthProbeResult {
  const merged =
    before === undefined
      ? part
      : {
          ...before,
          lengths: [...before.lengths, ...part.lengths],
          curves: before.curves.map((c, i) => mergeCurve(c, part.curves[i])),
          trainMaxLength: Math.max(before.trainMaxLength, part.trainMaxLength),
        };
  const { task, carryHeavy, lengths, curves, trainMaxLength, samples, seed } = merged;
  const rest = { task, carryHeavy, lengths, curves, trainMaxLength, samples, seed };
  return Math.max(...lengths) >= upTo ? rest : { ...rest, upTo };
}
