/**
 * @file Bad input of the fits, refused with a message naming the run or row: too few points for the parameters,
 * a NaN or infinite value, a non-positive N, D, C or loss, a loss at or below its given E.
 */
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';
import type { LawPoint } from './computeFit';
import type { PairPoint } from './l2l';

/** Parameters of each fit (the least points it needs). */
export const PARAMETERS = { compute: 5, power: 3, fixed: 2, 'e1-free': 3, 'both-free': 4 } as const;

/** Refuses fewer points than parameters. */
export function requireCount(fit: keyof typeof PARAMETERS, count: number, what: string, unit: string): void {
  const need = PARAMETERS[fit];
  if (count < need) {
    throw new LensError(
      'bad-input',
      `${what} has ${count} ${unit}${count === 1 ? '' : 's'}, fewer than the ${need} parameters of the ` +
        `${fit} fit. Log more runs, or choose a fit with fewer parameters.`,
    );
  }
}

function requirePositive(value: number | undefined, name: string, where: string): void {
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    const shown = value === undefined ? 'missing' : quote(String(value));
    throw new LensError(
      'bad-input',
      `${where}: ${name} is ${shown}; it must be a finite number above 0. Fix or drop it.`,
    );
  }
}

/** Checks runs for a compute law (N, D, loss) or a power law (C, loss); `what` names the set in messages. */
export function checkLawPoints(points: readonly LawPoint[], law: 'compute' | 'power', what: string): void {
  requireCount(law, points.length, what, 'run');
  for (const p of points) {
    if (law === 'compute') {
      requirePositive(p.N, 'N (parameters)', p.where);
      requirePositive(p.D, 'D (tokens)', p.where);
    }
    requirePositive(p.C, 'C (compute)', p.where);
    requirePositive(p.loss, 'the loss', p.where);
  }
}

/** Checks pairs of losses for a loss-to-loss fit: finite, positive, above the given E's. */
export function checkPairs(points: readonly PairPoint[], fit: keyof typeof PARAMETERS, e0?: number, e1?: number): void {
  requireCount(fit, points.length, 'The paired losses', 'pair');
  for (const p of points) {
    requirePositive(p.x, 'the x loss', p.where);
    requirePositive(p.y, 'the y loss', p.where);
    for (const [value, e, side] of [[p.x, e0, 'x'] as const, [p.y, e1, 'y'] as const]) {
      if (e !== undefined && value <= e) {
        throw new LensError(
          'bad-input',
          `${p.where}: the ${side} loss ${quote(String(value))} is not above its E = ${quote(String(e))}, ` +
            'so (L − E)^κ is undefined. ' +
            `Give a smaller E for ${side}, or let the fit choose it.`,
        );
      }
    }
  }
}
