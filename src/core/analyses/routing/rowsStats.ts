/**
 * @file `routing-stats`: the statistics of router logits given as rows [T][E] (checked: every row as long as the
 * first, k from 1 to E), per token as nested arrays.
 */
import { LensError } from '../../errors';
import { ROUTING_LIMITS, type RoutingStatsResult } from '../../../shared/routing';
import { routeLayer } from './routingStats';

/** Routing and statistics of `rows` with `k` experts per token (at most `maxNumbers` scores in all). */
export function rowsStats(
  rows: readonly (readonly number[])[],
  k: number,
  maxNumbers: number = ROUTING_LIMITS.maxNumbers,
): RoutingStatsResult {
  const T = rows.length;
  const E = rows[0]?.length ?? 0;
  if (T === 0 || E === 0) throw new LensError('bad-input', 'The router logits are empty: give at least one row.');
  if (T * E > maxNumbers)
    throw new LensError('too-long', `${T} rows × ${E} experts are more than ${maxNumbers} router scores. Give fewer.`);
  const flat = new Float64Array(T * E);
  rows.forEach((row, t) => {
    if (row.length !== E)
      throw new LensError(
        'bad-input',
        `Row ${t} of the router logits has ${row.length} numbers, but row 0 has ${E}: every row holds one score ` +
          'per expert.',
      );
    flat.set(row, t * E);
  });
  if (k > E)
    throw new LensError('bad-input', `--top-k ${k} is more than the ${E} experts of each row. Give 1 to ${E}.`);
  const r = routeLayer(flat, T, E, k);
  const perToken = (a: ArrayLike<number>): number[][] =>
    Array.from({ length: T }, (_, t) => Array.from({ length: k }, (_, j) => a[t * k + j] ?? 0));
  const { counts, fractions, meanProb, auxLoss, cv, entropy, dead } = r;
  return { topk: perToken(r.topk), gates: perToken(r.gates), counts, fractions, meanProb, auxLoss, cv, entropy, dead };
}
