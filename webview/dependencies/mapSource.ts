/**
 * @file What the attention map shows: a square of query rows by key columns over a run of tokens,
 * either the aggregated sparse rows of the whole text or the dense per-head maps of one window,
 * averaged over the heads and layers the filter leaves in.
 */
import type { DependenciesResult } from '../../src/shared/dependencies';
import { weightLevel } from './colour';

/** The map's layer and head filter; `all` averages over every layer or head. */
export interface MapFilter {
  readonly layer: number | 'all';
  readonly head: number | 'all';
}

/**
 * A square attention map: row and column `i` are token `first + i` (token -1 is the start of text).
 * Stored entries are compressed rows: row `r` holds `cols[j]`, `weights[j]` and colour `levels[j]`
 * for `offsets[r] <= j < offsets[r + 1]`, so painting reads typed arrays only.
 */
export interface MapSource {
  readonly size: number;
  readonly first: number;
  /** What is shown, in words (e.g. `attention rollout, top 32 per token, whole text`). */
  readonly label: string;
  readonly offsets: Int32Array;
  readonly cols: Int32Array;
  readonly weights: Float32Array;
  readonly levels: Uint8Array;
}

/** Compressed rows: the stored entries of a {@link MapSource}. */
type Rows = Pick<MapSource, 'offsets' | 'cols' | 'weights' | 'levels'>;

/** Visits the stored entries of one row, calling `add` for each. */
type RowWalk = (row: number, add: (col: number, weight: number) => void) => void;

/** Builds the compressed rows of a `size`-row map with at most `count` entries. */
function compress(size: number, count: number, each: RowWalk): Rows {
  const offsets = new Int32Array(size + 1);
  const cols = new Int32Array(count);
  const weights = new Float32Array(count);
  const levels = new Uint8Array(count);
  let j = 0;
  for (let row = 0; row < size; row++) {
    offsets[row] = j;
    each(row, (col, w) => {
      cols[j] = col;
      weights[j] = w;
      levels[j] = weightLevel(w);
      j++;
    });
  }
  offsets[size] = j;
  return { offsets, cols: cols.subarray(0, j), weights: weights.subarray(0, j), levels: levels.subarray(0, j) };
}

/** The weight at (row, col), 0 where nothing is stored. */
export function weightAt(source: MapSource, row: number, col: number): number {
  for (let j = source.offsets[row] ?? 0; j < (source.offsets[row + 1] ?? 0); j++) {
    if (source.cols[j] === col) return source.weights[j] ?? 0;
  }
  return 0;
}

/** The sparse aggregated rows over the whole text (a start-of-text column when any row uses it). */
export function sparseSource(r: DependenciesResult, rows: NonNullable<DependenciesResult['rows']>): MapSource {
  const first = rows.some((row) => row.some(([key]) => key < 0)) ? -1 : 0;
  const size = rows.length - first;
  const count = rows.reduce((n, row) => n + row.length, 0);
  return {
    size,
    first,
    label: `${r.aggregate.split(/[(:]/)[0]?.trim() ?? 'aggregate'}, top ${r.k} per token, whole text`,
    ...compress(size, count, (row, add) => {
      for (const [key, w] of rows[row + first] ?? []) add(key - first, w);
    }),
  };
}

/** The mean over the filter's layers and heads of the dense window maps, as a T×T array. */
export function windowMean(r: DependenciesResult, filter: MapFilter): Float32Array {
  const maps = r.windowMaps;
  const T = maps?.T ?? 0;
  const out = new Float32Array(T * T);
  if (!maps) return out;
  const layers = filter.layer === 'all' ? Array.from({ length: r.layers }, (_, l) => l) : [filter.layer];
  const heads = filter.head === 'all' ? Array.from({ length: r.heads }, (_, h) => h) : [filter.head];
  for (const l of layers) {
    for (const h of heads) {
      const base = (l * r.heads + h) * T * T;
      for (let i = 0; i < T * T; i++) out[i] = (out[i] ?? 0) + (maps.data[base + i] ?? 0);
    }
  }
  const count = layers.length * heads.length;
  if (count > 1) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / count;
  return out;
}

function filterWords(filter: MapFilter): string {
  const layer = filter.layer === 'all' ? 'mean of layers' : `layer ${filter.layer}`;
  const head = filter.head === 'all' ? 'mean of heads' : `head ${filter.head}`;
  return `${layer}, ${head}`;
}

/** The dense window of `r` under `filter` (undefined when the result has no window maps). */
export function windowSource(r: DependenciesResult, filter: MapFilter): MapSource | undefined {
  const maps = r.windowMaps;
  if (!maps || maps.T === 0 || r.layers === 0 || r.heads === 0) return undefined;
  const T = maps.T;
  const mean = windowMean(r, filter);
  const last = maps.first + T - 1;
  return {
    size: T,
    first: maps.first,
    label: `${filterWords(filter)}, tokens ${Math.max(0, maps.first)}–${last}`,
    ...compress(T, T * T, (row, add) => {
      for (let col = 0; col < T; col++) {
        const w = mean[row * T + col] ?? 0;
        if (w > 0) add(col, w);
      }
    }),
  };
}

/** The map for a filter: sparse rows when both are `all` (and rows exist), else the dense window. */
export function mapSource(r: DependenciesResult, filter: MapFilter): MapSource | undefined {
  const all = filter.layer === 'all' && filter.head === 'all';
  if (all && r.rows) return sparseSource(r, r.rows);
  return windowSource(r, filter) ?? (r.rows ? sparseSource(r, r.rows) : undefined);
}
