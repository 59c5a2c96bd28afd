/**
 * @file Gradients from JSON: an array of matrices (arrays of rows) for one layer, `{name: matrices}` for several,
 * or `{name: {u: [[...]], v: [[...]]}}` for rank-1 factors (rows are examples). Every matrix of a layer has the
 * same shape; every entry is a finite number (JSON has no NaN: `JSON.stringify` writes it as null).
 */
import { LensError } from '../../../errors';
import { jsonParse } from '../../../parse';
import { quote } from '../../../../shared/schema';
import type { GradientStack } from '../types';

/** The name of the one layer of a file that holds a bare array of matrices. */
export const UNNAMED_LAYER = 'gradients';

const bad = (where: string, what: string): LensError =>
  new LensError('bad-input', `${where}: ${what}. Give an array of matrices (arrays of rows) or {name: matrices}.`);

const kind = (x: unknown): string => (Array.isArray(x) ? 'an array' : x === null ? 'null' : typeof x);

/** Appends the rows of `matrix` (rows × cols, checked) to `out`; returns [rows, cols]. */
function rowsInto(matrix: unknown, where: string, out: number[], shape?: readonly [number, number]): [number, number] {
  if (!Array.isArray(matrix) || matrix.length === 0) throw bad(where, `is ${kind(matrix)}, not a non-empty matrix`);
  const first: unknown = matrix[0];
  const cols = Array.isArray(first) ? first.length : 0;
  if (shape !== undefined && (matrix.length !== shape[0] || cols !== shape[1]))
    throw bad(where, `is ${matrix.length} × ${cols}, not ${shape[0]} × ${shape[1]} as the first: the shapes mismatch`);
  for (let r = 0; r < matrix.length; r++) {
    const row: unknown = matrix[r];
    if (!Array.isArray(row) || row.length !== cols || cols === 0)
      throw bad(`${where}, row ${r}`, `is ${kind(row)} of ${Array.isArray(row) ? row.length : 0} entries, not ${cols}`);
    for (let c = 0; c < cols; c++) {
      const x: unknown = row[c];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw bad(`${where}, row ${r}, column ${c}`, `holds ${quote(x)}, not a finite number (NaN is written null)`);
      out.push(x);
    }
  }
  return [matrix.length, cols];
}

function denseLayer(name: string, value: unknown[], where: string): GradientStack {
  const out: number[] = [];
  let shape: [number, number] | undefined;
  for (let i = 0; i < value.length; i++) shape = rowsInto(value[i], `${where}, matrix ${i}`, out, shape);
  if (shape === undefined) throw bad(where, 'is an empty set of gradients');
  return { kind: 'dense', name, m: shape[0], n: shape[1], count: value.length, data: Float64Array.from(out) };
}

function rank1Layer(name: string, value: Record<string, unknown>, where: string): GradientStack {
  const u: number[] = [];
  const v: number[] = [];
  const [count, m] = rowsInto(value['u'], `${where}.u`, u);
  const [countV, n] = rowsInto(value['v'], `${where}.v`, v);
  if (count !== countV) throw bad(where, `u has ${count} rows and v ${countV}: the shapes mismatch`);
  return { kind: 'rank1', name, m, n, count, u: Float64Array.from(u), v: Float64Array.from(v) };
}

function layerOf(name: string, value: unknown, where: string): GradientStack {
  if (Array.isArray(value)) {
    if (value.length === 0) throw bad(where, 'is an empty set of gradients');
    return denseLayer(name, value, where);
  }
  if (typeof value === 'object' && value !== null && 'u' in value && 'v' in value)
    return rank1Layer(name, value as Record<string, unknown>, where);
  throw bad(where, `is ${kind(value)}`);
}

/** The gradient stacks of JSON text (`file` names it in messages); sizes are checked by the analysis. */
export function gradientsFromJson(text: string, file: string): GradientStack[] {
  const value = jsonParse(text, file, { maxDepth: 8 });
  if (Array.isArray(value)) return [layerOf(UNNAMED_LAYER, value, file)];
  if (typeof value !== 'object' || value === null) throw bad(file, `is ${kind(value)}`);
  const names = Object.keys(value);
  if (names.length === 0) throw bad(file, 'names no layer (an empty object)');
  const record = value as Record<string, unknown>;
  return names.map((name) => layerOf(name, record[name], `${file}, layer "${quote(name)}"`));
}
