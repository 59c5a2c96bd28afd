/**
 * @file Painting the attention map on a canvas, visible cells only. Zoomed out (cells under
 * 3 device pixels) every stored entry sets pixels of one `ImageData`; zoomed in each entry is one
 * `fillRect`. Either way the cost is the visible rows times their stored entries.
 */
import { LEVELS, type MapPalette } from './colour';
import type { MapSource } from './mapSource';
import { visibleRange } from './geometry';

/** Where the map lies on the canvas, in CSS pixels: column `c` starts at `x0 + c·cell`. */
export interface MapView {
  readonly x0: number;
  readonly y0: number;
  readonly cell: number;
  /** The plot area on the canvas. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Device pixels per CSS pixel. */
  readonly dpr: number;
}

/** Buffers reused between frames while the plot keeps its size (a frame allocates nothing). */
interface PixelBuffers {
  readonly levels: Int16Array;
  readonly image: ImageData;
  readonly pixels: Uint32Array;
}

let buffers: PixelBuffers | undefined;

function pixelBuffers(w: number, h: number): PixelBuffers {
  if (buffers?.image.width !== w || buffers.image.height !== h) {
    const image = new ImageData(w, h);
    buffers = { levels: new Int16Array(w * h), image, pixels: new Uint32Array(image.data.buffer) };
  }
  return buffers;
}

/** Paints with one ImageData: each entry fills a span of whole device pixels, the strongest wins. */
function paintPixels(ctx: CanvasRenderingContext2D, source: MapSource, palette: MapPalette, v: MapView): void {
  const w = Math.max(1, Math.round(v.width * v.dpr));
  const h = Math.max(1, Math.round(v.height * v.dpr));
  const { levels, image, pixels } = pixelBuffers(w, h);
  levels.fill(-1);
  const span = Math.max(1, Math.round(v.cell * v.dpr));
  const [r0, r1] = visibleRange(v.y0, v.top, v.height, v.cell, source.size);
  const { offsets, cols, levels: entryLevels } = source;
  for (let row = r0; row <= r1; row++) {
    const py = Math.floor((v.y0 + row * v.cell - v.top) * v.dpr);
    const y0 = Math.max(0, py);
    const y1 = Math.min(h, py + span);
    for (let j = offsets[row] ?? 0, end = offsets[row + 1] ?? 0; j < end; j++) {
      const px = Math.floor((v.x0 + (cols[j] ?? 0) * v.cell - v.left) * v.dpr);
      if (px + span <= 0 || px >= w) continue;
      const level = entryLevels[j] ?? 0;
      const x1 = Math.min(w, px + span);
      for (let y = y0; y < y1; y++) {
        for (let x = Math.max(0, px), i = y * w + x; x < x1; x++, i++) if ((levels[i] ?? 0) < level) levels[i] = level;
      }
    }
  }
  const lut = new Uint32Array(palette.rgba.buffer, palette.rgba.byteOffset, LEVELS);
  const background = packedBackground(palette);
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? -1;
    pixels[i] = level < 0 ? background : (lut[level] ?? background);
  }
  ctx.putImageData(image, Math.round(v.left * v.dpr), Math.round(v.top * v.dpr));
}

/** The background as one packed RGBA pixel (in the platform's byte order, as the LUT is). */
function packedBackground(palette: MapPalette): number {
  const bytes = new Uint8ClampedArray([...palette.background, 255]);
  return new Uint32Array(bytes.buffer)[0] ?? 0;
}

/** Paints one `fillRect` per visible entry (device-pixel transform already set on `ctx`). */
function paintRects(ctx: CanvasRenderingContext2D, source: MapSource, palette: MapPalette, v: MapView): void {
  const gap = v.cell >= 8 ? 1 : 0;
  const [r0, r1] = visibleRange(v.y0, v.top, v.height, v.cell, source.size);
  const [c0, c1] = visibleRange(v.x0, v.left, v.width, v.cell, source.size);
  ctx.save();
  ctx.beginPath();
  ctx.rect(v.left, v.top, v.width, v.height);
  ctx.clip();
  const { offsets, cols, levels } = source;
  for (let row = r0; row <= r1; row++) {
    const y = v.y0 + row * v.cell;
    for (let j = offsets[row] ?? 0, end = offsets[row + 1] ?? 0; j < end; j++) {
      const col = cols[j] ?? 0;
      if (col < c0 || col > c1) continue;
      ctx.fillStyle = palette.css[levels[j] ?? 0] ?? '#000';
      ctx.fillRect(v.x0 + col * v.cell, y, v.cell - gap, v.cell - gap);
    }
  }
  ctx.restore();
}

/** Paints the visible part of `source` into the plot area of `v` (the caller clears the canvas). */
export function paintMap(ctx: CanvasRenderingContext2D, source: MapSource, palette: MapPalette, v: MapView): void {
  if (v.cell * v.dpr < 3) paintPixels(ctx, source, palette, v);
  else paintRects(ctx, source, palette, v);
}

/** Outlines cell (row, col) in `colour`, if it is visible. */
export function outlineCell(ctx: CanvasRenderingContext2D, v: MapView, row: number, col: number, colour: string): void {
  const x = v.x0 + col * v.cell;
  const y = v.y0 + row * v.cell;
  const s = Math.max(v.cell, 5);
  const o = (s - v.cell) / 2;
  if (x + s < v.left || y + s < v.top || x > v.left + v.width || y > v.top + v.height) return;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x - o, y - o, s, s);
}
