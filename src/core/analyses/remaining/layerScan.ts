/**
 * @file The paper's layer scan: the mean absolute error of each layer's probe estimate of the remaining length.
 */
import type { LayerScanEntry } from '../../../shared/remaining';

/**
 * Per layer, the MAE of its estimates after each generated token against the truth (the answer ran `length`
 * tokens, so after token j, length − j remained); without a length only the held-out MAEs are given.
 */
export function layerScan(
  estimates: readonly (readonly number[])[],
  length: number | undefined,
  heldOut?: readonly number[],
): LayerScanEntry[] {
  return estimates.map((est, layer) => {
    const held = heldOut?.[layer];
    const entry: LayerScanEntry = { layer, ...(held === undefined ? {} : { heldOutMae: held }) };
    if (length === undefined || est.length === 0) return entry;
    let sum = 0;
    est.forEach((e, i) => (sum += Math.abs(e - (length - 1 - i))));
    return { ...entry, mae: sum / est.length };
  });
}
