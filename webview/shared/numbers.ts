/** @file Number formatting the views share. */

/** A number in `digits` significant figures, in exponent form beyond 1e5 or below 1e-3. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(digits - 1).replace('e+', 'e');
  return Number(x.toPrecision(digits)).toString();
}

/** 10^k as "1e12" (k beyond ±2) or plainly ("100", "0.01"). */
export function decadeLabel(k: number): string {
  return Math.abs(k) > 2 ? `1e${k}` : String(10 ** k);
}
