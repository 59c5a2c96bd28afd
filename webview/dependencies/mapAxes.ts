/** @file Tick labels and the diagonal of the attention map, drawn on its canvas. */
import type { MapView } from './mapPaint';
import type { MapSource } from './mapSource';
import { visibleRange } from './geometry';

/** Left and top margins of the plot area, in CSS pixels (room for the tick labels). */
export const MAP_MARGIN = { left: 68, top: 18, right: 4, bottom: 4 } as const;

/** The smallest step of 1, 2 or 5 times a power of ten that is at least `min`. */
export function niceStep(min: number): number {
  if (min <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(min));
  for (const m of [1, 2, 5, 10]) if (m * power >= min) return m * power;
  return 10 * power;
}

/** Text of row `row`: its token index, or (zoomed in far enough) its quoted text. */
type RowLabel = (token: number, withText: boolean) => string;

/** Draws index ticks along the top (keys) and the left (queries); rows show token text when cells are tall. */
export function drawAxes(
  ctx: CanvasRenderingContext2D,
  source: MapSource,
  v: MapView,
  label: RowLabel,
  colour: string,
): void {
  const step = niceStep(56 / v.cell);
  const withText = v.cell >= 13;
  ctx.fillStyle = colour;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  const [c0, c1] = visibleRange(v.x0, v.left, v.width, v.cell, source.size);
  const from = (lo: number, by: number): number => Math.ceil((source.first + lo) / by) * by - source.first;
  for (let col = from(c0, step); col <= c1; col += step) {
    const x = v.x0 + (col + 0.5) * v.cell;
    if (x >= v.left && x <= v.left + v.width) ctx.fillText(label(source.first + col, false), x, v.top - 8);
  }
  ctx.textAlign = 'right';
  const rowStep = withText ? 1 : step;
  const [r0, r1] = visibleRange(v.y0, v.top, v.height, v.cell, source.size);
  for (let row = from(r0, rowStep); row <= r1; row += rowStep) {
    const y = v.y0 + (row + 0.5) * v.cell;
    if (y >= v.top && y <= v.top + v.height)
      ctx.fillText(label(source.first + row, withText), v.left - 4, y, v.left - 6);
  }
}

/** Draws the diagonal (each query's own position), faint, inside the plot area. */
export function drawDiagonal(ctx: CanvasRenderingContext2D, source: MapSource, v: MapView, colour: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(v.left, v.top, v.width, v.height);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.globalAlpha = 0.35;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(v.x0, v.y0);
  ctx.lineTo(v.x0 + source.size * v.cell, v.y0 + source.size * v.cell);
  ctx.stroke();
  ctx.restore();
}
