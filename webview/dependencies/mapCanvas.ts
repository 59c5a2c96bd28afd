/**
 * @file The zoomable attention map on `canvas#map-canvas`: d3-zoom for wheel and drag, a redraw of
 * the visible cells per animation frame, and hover and click reported as cells.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { mapPalette, type MapPalette } from './colour';
import { MAP_MARGIN, drawAxes, drawDiagonal } from './mapAxes';
import { outlineCell, paintMap, type MapView } from './mapPaint';
import { weightAt, type MapSource } from './mapSource';

/** A cell of the map: its row and column, the query and key token indices, and the weight. */
export interface MapCell {
  readonly row: number;
  readonly col: number;
  readonly query: number;
  readonly key: number;
  readonly weight: number;
}

/** What the map tells its view. */
export interface MapHandlers {
  hover(cell: MapCell | undefined): void;
  click(cell: MapCell): void;
  /** Text of token `index` for a row or column label (`withText`: zoomed in, room for the token). */
  label(index: number, withText: boolean, axis: 'row' | 'col'): string;
}

/** The map's controls. */
export interface MapCanvas {
  /** Shows `source` (nothing for undefined) from the whole-map zoom. */
  show(source: MapSource | undefined): void;
  /** Back to the whole map. */
  reset(): void;
  /** Re-fits the canvas to its container. */
  resize(): void;
  /** Zooms to the rows near token `index`, on the diagonal. */
  focusToken(index: number): void;
  /** Outlines a cell (or none). */
  select(cell: MapCell | undefined): void;
}

interface State {
  source: MapSource | undefined;
  transform: ZoomTransform;
  side: number;
  selected: MapCell | undefined;
  frame: number | undefined;
  palette: MapPalette;
}

function plotSide(side: number): number {
  return side - Math.max(MAP_MARGIN.left + MAP_MARGIN.right, MAP_MARGIN.top + MAP_MARGIN.bottom);
}

/** The view of the map under the zoom transform. */
function viewOf(s: State): MapView {
  const plot = plotSide(s.side);
  const base = plot / Math.max(1, s.source?.size ?? 1);
  const t = s.transform;
  return {
    x0: t.applyX(MAP_MARGIN.left),
    y0: t.applyY(MAP_MARGIN.top),
    cell: base * t.k,
    left: MAP_MARGIN.left,
    top: MAP_MARGIN.top,
    width: plot,
    height: plot,
    dpr: window.devicePixelRatio || 1,
  };
}

function cellAt(s: State, px: number, py: number): MapCell | undefined {
  const src = s.source;
  const v = viewOf(s);
  if (!src || px < v.left || py < v.top || px > v.left + v.width || py > v.top + v.height) return undefined;
  const row = Math.floor((py - v.y0) / v.cell);
  const col = Math.floor((px - v.x0) / v.cell);
  if (row < 0 || col < 0 || row >= src.size || col >= src.size) return undefined;
  return { row, col, query: src.first + row, key: src.first + col, weight: weightAt(src, row, col) };
}

function draw(canvas: HTMLCanvasElement, s: State, handlers: MapHandlers): void {
  s.frame = undefined;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const v = viewOf(s);
  const style = getComputedStyle(canvas);
  ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
  ctx.clearRect(0, 0, s.side, s.side);
  ctx.fillStyle = style.backgroundColor;
  ctx.fillRect(0, 0, s.side, s.side);
  if (!s.source) return;
  paintMap(ctx, s.source, s.palette, v);
  drawDiagonal(ctx, s.source, v, style.color);
  drawAxes(ctx, s.source, v, handlers.label, style.color);
  if (s.selected) outlineCell(ctx, v, s.selected.row, s.selected.col, style.outlineColor || style.color);
}

function fit(canvas: HTMLCanvasElement, s: State, z: ZoomBehavior<HTMLCanvasElement, unknown>): void {
  const width = canvas.parentElement?.clientWidth ?? 600;
  s.side = Math.max(200, Math.min(820, Math.floor(width)));
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(s.side * dpr);
  canvas.height = Math.round(s.side * dpr);
  canvas.style.width = `${s.side}px`;
  canvas.style.height = `${s.side}px`;
  const plot = plotSide(s.side);
  const { left, top } = MAP_MARGIN;
  const extent: [[number, number], [number, number]] = [
    [left, top],
    [left + plot, top + plot],
  ];
  z.extent(extent)
    .translateExtent(extent)
    .scaleExtent([1, Math.max(1, (s.source?.size ?? 1) / 6)]);
  s.palette = mapPalette(getComputedStyle(canvas).backgroundColor);
}

/** The transform that centres token `index` on the diagonal, about 64 tokens across (none off the map). */
function focusTransform(s: State, index: number): ZoomTransform | undefined {
  const src = s.source;
  if (!src || index - src.first < 0 || index - src.first >= src.size) return undefined;
  const plot = plotSide(s.side);
  const k = Math.max(1, src.size / 64);
  const at = (index - src.first + 0.5) * (plot / src.size);
  const x = MAP_MARGIN.left + plot / 2 - k * (MAP_MARGIN.left + at);
  const y = MAP_MARGIN.top + plot / 2 - k * (MAP_MARGIN.top + at);
  return zoomIdentity.translate(x, y).scale(k);
}

function bindPointer(canvas: HTMLCanvasElement, s: State, handlers: MapHandlers): void {
  canvas.addEventListener('pointermove', (e) => handlers.hover(cellAt(s, e.offsetX, e.offsetY)));
  canvas.addEventListener('pointerleave', () => handlers.hover(undefined));
  canvas.addEventListener('click', (e) => {
    const cell = cellAt(s, e.offsetX, e.offsetY);
    if (cell) handlers.click(cell);
  });
}

/** Binds the map to `canvas`; nothing is drawn until {@link MapCanvas.show}. */
export function createMapCanvas(canvas: HTMLCanvasElement, handlers: MapHandlers): MapCanvas {
  const s: State = {
    source: undefined,
    transform: zoomIdentity,
    side: 600,
    selected: undefined,
    frame: undefined,
    palette: mapPalette('#fff'),
  };
  const schedule = (): void => {
    s.frame ??= requestAnimationFrame(() => draw(canvas, s, handlers));
  };
  const z = zoom<HTMLCanvasElement, unknown>()
    .clickDistance(4)
    .on('zoom', (e: { transform: ZoomTransform }) => {
      s.transform = e.transform;
      schedule();
    });
  const canvasSel = select(canvas).call(z);
  const zoomTo = (t: ZoomTransform | undefined): void => void (t && canvasSel.call(z.transform, t));
  bindPointer(canvas, s, handlers);
  const refit = (t: ZoomTransform): void => {
    fit(canvas, s, z);
    zoomTo(t);
    schedule();
  };
  return {
    show(source) {
      s.source = source;
      s.selected = undefined;
      refit(zoomIdentity);
    },
    reset: () => zoomTo(zoomIdentity),
    resize: () => refit(s.transform),
    focusToken: (index) => zoomTo(focusTransform(s, index)),
    select(cell) {
      s.selected = cell;
      schedule();
    },
  };
}
