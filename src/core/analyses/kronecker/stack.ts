/**
 * @file Checks a gradient stack before the analysis allocates anything for it, and gives its factors: the
 * matrices whose rows are the examples (rank-1: U [count × m] and V [count × n]; dense: the stack as [count ×
 * m·n]), so ⟨G_i, G_j⟩ is the product over factors of the rows' dot products.
 */
import { LensError } from '../../errors';
import { allFinite, type Dense } from '../../numerics/types';
import { KRON_OPTIONS } from '../../../shared/kronecker';
import { quote } from '../../../shared/schema';
import type { GradientStack } from './types';

/** Most numbers a dense stack may hold: the analysis keeps two copies of it and two of the same size. */
export const MAX_DENSE_ELEMENTS = 2 ** 27;

const whole = (x: number, min: number): boolean => Number.isSafeInteger(x) && x >= min;

/** The sizes of a stack, before its numbers are read. */
export type StackShape = Pick<GradientStack, 'kind' | 'name' | 'm' | 'n' | 'count'>;

/** Throws `bad-input` or `too-long` for sizes the analysis cannot take (called before reading or allocating). */
export function checkSizes(s: StackShape): void {
  const name = quote(s.name);
  if (!whole(s.count, 0) || !whole(s.m, 1) || !whole(s.n, 1))
    throw new LensError('bad-input', `Layer "${name}" has shape ${s.count} × ${s.m} × ${s.n}; give whole sizes ≥ 1.`);
  if (s.count === 0)
    throw new LensError('bad-input', `Layer "${name}" has no gradients (an empty set). Give at least one example.`);
  const side = KRON_OPTIONS.maxSide;
  if (s.m > side || s.n > side)
    throw new LensError(
      'too-long',
      `Layer "${name}" is ${s.m} × ${s.n}; L and R are at most ${side} × ${side}. Analyse a smaller layer.`,
    );
  if (s.kind === 'dense' && s.count * s.m * s.n > MAX_DENSE_ELEMENTS)
    throw new LensError(
      'too-long',
      `Layer "${name}" holds ${s.count} dense ${s.m} × ${s.n} gradients, more than ${MAX_DENSE_ELEMENTS} numbers. ` +
        'Give fewer examples, or rank-1 factors (u, v).',
    );
}

/** Throws `bad-input` or `too-long` for a stack the analysis cannot take: sizes, lengths, NaN, all zero. */
export function checkStack(s: GradientStack): void {
  checkSizes(s);
  const name = quote(s.name);
  const parts: [string, Float64Array, number][] =
    s.kind === 'rank1'
      ? [
          ['u', s.u, s.count * s.m],
          ['v', s.v, s.count * s.n],
        ]
      : [['the gradients', s.data, s.count * s.m * s.n]];
  for (const [what, data, length] of parts) {
    if (data.length !== length)
      throw new LensError(
        'bad-input',
        `Layer "${name}": ${what} holds ${data.length} numbers, not ${length} for its shape; the shapes mismatch.`,
      );
    if (!allFinite(data))
      throw new LensError('bad-input', `Layer "${name}": ${what} holds NaN or Infinity. Give finite gradients.`);
  }
  if (parts.some(([, data]) => data.every((x) => x === 0)))
    throw new LensError('bad-input', `Layer "${name}": every gradient is zero, so H is zero. Give nonzero gradients.`);
}

/** The stack's factors: rows are examples, and ⟨G_i, G_j⟩ = Π over factors of (row i · row j). */
export function factorsOf(s: GradientStack): Dense<Float64Array>[] {
  if (s.kind === 'rank1')
    return [
      { rows: s.count, cols: s.m, data: s.u },
      { rows: s.count, cols: s.n, data: s.v },
    ];
  return [{ rows: s.count, cols: s.m * s.n, data: s.data }];
}
