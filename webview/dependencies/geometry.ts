/** @file Geometry of the attention map that needs no DOM (so unit tests can run it in Node). */

/** The first and last visible row (or column) of a map of `size` along an axis. */
export function visibleRange(
  origin: number,
  start: number,
  extent: number,
  cell: number,
  size: number,
): [number, number] {
  const lo = Math.max(0, Math.floor((start - origin) / cell));
  const hi = Math.min(size - 1, Math.ceil((start + extent - origin) / cell));
  return [lo, hi];
}
