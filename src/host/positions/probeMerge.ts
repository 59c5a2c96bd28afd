/**
 * @file The live length probe: the host asks for one length at a time and shows the curves so far;
 * `probeMerge` appends the curves of the lengths just probed to those probed before (no vscode use,
 * so unit tests load it).
 */
import { LensError } from '../../core/errors';
import type { LengthProbeResult } from '../../shared/positions';

type Method = LengthProbeResult['methods'][number];

function mergeMethod(a: Method, b: Method | undefined): Method {
  if (b === undefined || b.name !== a.name) {
    throw new LensError('internal', `The probe's methods changed between lengths (${a.name}).`);
  }
  const ids = a.idAccuracy !== undefined && b.idAccuracy !== undefined;
  return {
    ...a,
    accuracy: [...a.accuracy, ...b.accuracy],
    ...(ids ? { idAccuracy: [...(a.idAccuracy ?? []), ...(b.idAccuracy ?? [])] } : {}),
  };
}

/**
 * The curves of `before` followed by those of `part` (the same task, methods, samples and seed), marked as
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
          methods: before.methods.map((m, i) => mergeMethod(m, part.methods[i])),
          trainMaxLength: Math.max(before.trainMaxLength, part.trainMaxLength),
        };
  const { task, lengths, methods, trainMaxLength, samples, seed, offset } = merged;
  const rest = { task, lengths, methods, trainMaxLength, samples, seed, offset };
  return Math.max(...lengths) >= upTo ? rest : { ...rest, upTo };
}
