/**
 * @file Reads router logits for `moe routing-stats`: a JSON array of rows of numbers, checked for what a person
 * can get wrong (not JSON, not rows, a number that is not finite, too many) with one line saying where.
 */
import { LensError } from '../../core/errors';
import { ROUTING_LIMITS } from '../../shared/routing';
import { quote } from '../../shared/schema';
import { readInput } from '../input';

const USAGE = 'Give a JSON file of router logits: an array of rows, one number per expert.';

function checkRow(row: unknown, t: number): readonly number[] {
  if (!Array.isArray(row))
    throw new LensError('bad-input', `Row ${t} of the router logits is not an array of numbers. ${USAGE}`);
  row.forEach((x: unknown, e) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new LensError(
        'bad-input',
        `Row ${t}, expert ${e} of the router logits is ${quote(x)}, not a finite number. ${USAGE}`,
      );
  });
  return row as number[];
}

/** The rows of a router-logits file, checked; a file over the size limit is never read. */
export async function readLogitRows(file: string | undefined): Promise<number[][]> {
  const bytes = ROUTING_LIMITS.maxNumbers * 4;
  const text = await readInput(file, USAGE, { bytes, fix: '. Give fewer rows.' });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LensError('bad-input', `${file ?? ''} is not JSON (${why}). ${USAGE}`);
  }
  if (!Array.isArray(raw) || raw.length === 0)
    throw new LensError('bad-input', `The router logits are empty or not an array. ${USAGE}`);
  if (raw.length > ROUTING_LIMITS.maxRows)
    throw new LensError('too-long', `${raw.length} rows of router logits are more than ${ROUTING_LIMITS.maxRows}.`);
  return raw.map((row: unknown, t) => [...checkRow(row, t)]);
}
