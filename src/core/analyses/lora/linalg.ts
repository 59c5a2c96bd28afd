/**
 * @file The two dense factorisations the merges need, in float64 on column arrays: a thin QR by
 * modified Gram–Schmidt with one re-orthogonalisation pass (stable to working precision for the
 * tall, thin factors of LoRA), and a one-sided (Hestenes) Jacobi SVD, which is accurate to
 * working precision in every singular value and is used on small matrices only.
 */

/** A matrix stored as its columns. */
export type Columns = Float64Array[];

/** The columns of a row-major rows × cols matrix, as float64. */
export function columnsOf(data: ArrayLike<number>, rows: number, cols: number, transpose = false): Columns {
  const out: Columns = [];
  if (!transpose) {
    for (let j = 0; j < cols; j++) {
      const c = new Float64Array(rows);
      for (let i = 0; i < rows; i++) c[i] = data[i * cols + j] ?? 0;
      out.push(c);
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const c = new Float64Array(cols);
      for (let j = 0; j < cols; j++) c[j] = data[i * cols + j] ?? 0;
      out.push(c);
    }
  }
  return out;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] ?? 0) * (y[i] ?? 0);
  return s;
}

function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] ?? 0) + a * (x[i] ?? 0);
}

/** Thin QR of the matrix with columns `cols` (each of the same length): Q (columns), R (row-major n × n). */
export function qrThin(cols: Columns): { q: Columns; r: Float64Array } {
  const n = cols.length;
  const r = new Float64Array(n * n);
  const q: Columns = [];
  for (let j = 0; j < n; j++) {
    const v = Float64Array.from(cols[j] ?? []);
    const norm0 = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = q[i] as Float64Array;
        const c = dot(qi, v);
        r[i * n + j] = (r[i * n + j] ?? 0) + c;
        axpy(v, -c, qi);
      }
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm <= 1e-13 * norm0 || norm === 0) {
      r[j * n + j] = 0;
      q.push(new Float64Array(v.length));
    } else {
      r[j * n + j] = norm;
      for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
      q.push(v);
    }
  }
  return { q, r };
}

/** A thin SVD: U (columns), singular values in descending order, V (columns). */
export interface Svd {
  readonly u: Columns;
  readonly s: Float64Array;
  readonly v: Columns;
}

function rotateColumns(cols: Columns, p: number, q: number, c: number, s: number): void {
  const x = cols[p] as Float64Array;
  const y = cols[q] as Float64Array;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    const yi = y[i] ?? 0;
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

/** One-sided Jacobi sweeps until every pair of columns is orthogonal to working precision. */
function jacobiSweeps(a: Columns, v: Columns): void {
  const n = a.length;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const ap = a[p] as Float64Array;
        const aq = a[q] as Float64Array;
        const alpha = dot(ap, ap);
        const beta = dot(aq, aq);
        const gamma = dot(ap, aq);
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateColumns(a, p, q, c, s);
        rotateColumns(v, p, q, c, s);
      }
    }
    if (!rotated) return;
  }
}

/** The thin SVD of the row-major rows × cols matrix `data`, by one-sided Jacobi. */
export function jacobiSvd(data: ArrayLike<number>, rows: number, cols: number): Svd {
  if (rows < cols) {
    const t = jacobiSvd(transposeData(data, rows, cols), cols, rows);
    return { u: t.v, s: t.s, v: t.u };
  }
  const a = columnsOf(data, rows, cols);
  const v: Columns = [];
  for (let j = 0; j < cols; j++) {
    const e = new Float64Array(cols);
    e[j] = 1;
    v.push(e);
  }
  jacobiSweeps(a, v);
  const norms = a.map((c) => Math.sqrt(dot(c, c)));
  const order = norms.map((_, i) => i).sort((i, j) => (norms[j] ?? 0) - (norms[i] ?? 0));
  const s = Float64Array.from(order, (i) => norms[i] ?? 0);
  const u = order.map((i) => {
    const c = a[i] as Float64Array;
    const n = norms[i] ?? 0;
    return n > 0 ? c.map((x) => x / n) : new Float64Array(rows);
  });
  return { u, s, v: order.map((i) => v[i] as Float64Array) };
}

function transposeData(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j] ?? 0;
  return out;
}
