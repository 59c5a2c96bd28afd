/**
 * @file Axis titles, tick labels and the diagonal of the attention map, drawn on its canvas. Zoomed
 * in far enough, rows read `#12 foo` and columns (turned upright) the key token's text.
 */
import type { MapView } from './mapPaint';
import type { MapSource } from './mapSource';
import { visibleRange } from './geometry';

/** Left and top margins of the plot area, in CSS pixels (room for the tick labels). */
export const MAP_MARGIN = { left: 86, top: 46, right: 4, bottom: 4 } as const;

/** Titles of the map's axes. */
export const MAP_AXIS_TITLES = { rows: '← predicting token (query)', cols: 'attended token (key) →' } as const;

/** Cell size (CSS px) from which rows and columns show token text. */
export const TEXT_CELL = 13;

/** The smallest step of 1, 2 or 5 times a power of ten that is at least `min`. */
export function niceStep(min: number): number {
  if (min <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(min));
  for (const m of [1, 2, 5, 10]) if (m * power >= min) return m * power;
  return 10 * power;
}

/** Text of a row or column's token: its index, or (zoomed in far enough) its text. */
type AxisLabel = (token: number, withText: boolean, axis: 'row' | 'col') => string;

/** Draws the axis titles: keys along the top, queries down the left (turned upright). */
function drawTitles(ctx: CanvasRenderingContext2D, v: MapView): void {
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.fillText(MAP_AXIS_TITLES.cols, v.left + v.width / 2, 2, v.width);
  ctx.translate(2, v.top + v.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(MAP_AXIS_TITLES.rows, 0, 0, v.height);
  ctx.restore();
}

/** Draws the column label of token `text` upright, ending just above the plot. */
function drawColumnText(ctx: CanvasRenderingContext2D, text: string, x: number, v: MapView): void {
  ctx.save();
  ctx.translate(x, v.top - 4);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'left';
  ctx.fillText(text, 0, 0, v.top - 20);
  ctx.restore();
}

/** Draws index ticks along the top (keys) and the left (queries); rows show token text when cells are tall. */
export function drawAxes(
  ctx: CanvasRenderingContext2D,
  source: MapSource,
  v: MapView,
  label: AxisLabel,
  colour: string,
): void {
  const step = niceStep(56 / v.cell);
  const withText = v.cell >= TEXT_CELL;
  ctx.fillStyle = colour;
  drawTitles(ctx, v);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  const [c0, c1] = visibleRange(v.x0, v.left, v.width, v.cell, source.size);
  const from = (lo: number, by: number): number => Math.ceil((source.first + lo) / by) * by - source.first;
  for (let col = from(c0, withText ? 1 : step); col <= c1; col += withText ? 1 : step) {
    const x = v.x0 + (col + 0.5) * v.cell;
    if (x < v.left || x > v.left + v.width) continue;
    if (withText) drawColumnText(ctx, label(source.first + col, true, 'col'), x, v);
    else ctx.fillText(label(source.first + col, false, 'col'), x, v.top - 8);
  }
  ctx.textAlign = 'right';
  const rowStep = withText ? 1 : step;
  const [r0, r1] = visibleRange(v.y0, v.top, v.height, v.cell, source.size);
  for (let row = from(r0, rowStep); row <= r1; row += rowStep) {
    const y = v.y0 + (row + 0.5) * v.cell;
    if (y >= v.top && y <= v.top + v.height)
      ctx.fillText(label(source.first + row, withText, 'row'), v.left - 4, y, v.left - 20);
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
