/**
 * @file The paper's objective as least squares. Its fits minimise the mean Huber loss ρ(r) (δ = 1e-3) of
 * r = log prediction − log loss. With s(r) = r for |r| ≤ δ and sign(r)·√(2δ|r| − δ²) beyond,
 * s²/2 = ρ exactly and s is continuously differentiable (ds/dr = 1 inside, δ/|s| outside, both 1 at
 * |r| = δ), so a least-squares solver (Levenberg–Marquardt) on the residuals s minimises exactly the
 * paper's Huber objective; scipy's least_squares(loss='huber', f_scale=δ) minimises the same sum.
 */

/** The paper's Huber δ on log losses. */
export const HUBER_DELTA = 1e-3;

/** ρ(r): r²/2 within δ, δ(|r| − δ/2) beyond. */
export function huber(r: number, delta = HUBER_DELTA): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/** s(r) with s²/2 = ρ(r), and ds/dr. */
export function huberRoot(r: number, delta = HUBER_DELTA): { s: number; ds: number } {
  const a = Math.abs(r);
  if (a <= delta) return { s: r, ds: 1 };
  const s = Math.sqrt(2 * delta * a - delta * delta);
  return { s: r < 0 ? -s : s, ds: delta / s };
}
