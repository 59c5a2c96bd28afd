/**
 * @file The overview: the whole file as one strip the panel's width, a column per few tokens, its height
 * and colour the mean surprisal of those tokens, with a frame around the stretch the detail chart shows.
 * Click to move the frame there, drag across to choose a stretch, drag the frame to move it.
 */
import { select } from 'd3-selection';
import { bucketColour } from './colour';
import { formatBits } from './format';
import { buckets, type Bucket, type TokenWindow } from './viewport';

/** Height of the overview, labels included. */
const HEIGHT = 46;
const BAR_TOP = 4;
const BAR_HEIGHT = 26;

/** The overview as drawn: what its x positions mean. */
export interface Overview {
  /** Token at client x. */
  tokenAt(clientX: number): number;
  /** Moves the frame to `window`. */
  frame(window: TokenWindow): void;
}

/** Draws the overview of `values` (surprisal per token) into `svgEl`, `width` wide; columns are ~2 px wide. */
export function drawOverview(svgEl: SVGSVGElement, values: readonly number[], width: number): Overview {
  const n = Math.max(1, values.length);
  const cols = buckets(values, Math.max(1, Math.floor(width / 2)));
  const colour = bucketColour(cols.map((b) => b.mean));
  const [lo = 0, hi = 1] = colour.domain();
  const height = (b: Bucket): number => BAR_HEIGHT * (0.2 + 0.8 * Math.min(1, Math.max(0, (b.mean - lo) / (hi - lo))));
  const xOf = (i: number): number => (i / n) * width;
  const svg = select(svgEl);
  svg.selectChildren().remove();
  svg.attr('width', width).attr('height', HEIGHT).attr('viewBox', `0 0 ${width} ${HEIGHT}`);
  svg.attr('data-tokens', values.length).attr('data-columns', cols.length);
  const per = cols[0] === undefined ? 1 : cols[0].to - cols[0].from;
  svg
    .append('title')
    .text(
      `The whole file, ${per === 1 ? 'one token' : `${per} tokens`} per column; taller and redder columns are ` +
        'more surprising than the rest of the file. Click or drag to choose what the chart below shows.',
    );
  svg.append('rect').attr('class', 'overview-bg').attr('y', BAR_TOP).attr('width', width).attr('height', BAR_HEIGHT);
  svg
    .append('g')
    .attr('class', 'overview-bars')
    .selectAll('rect')
    .data(cols)
    .join('rect')
    .attr('x', (b) => xOf(b.from))
    .attr('width', (b) => Math.max(0.5, xOf(b.to) - xOf(b.from)))
    .attr('y', (b) => BAR_TOP + BAR_HEIGHT - height(b))
    .attr('height', height)
    .attr('fill', (b) => colour(b.mean))
    .append('title')
    .text((b) => `tokens ${b.from}–${b.to - 1}: mean ${formatBits(b.mean)}, most ${formatBits(b.max)}`);
  const label = (x: number, anchor: string, text: string): void =>
    void svg
      .append('text')
      .attr('class', 'overview-label')
      .attr('x', x)
      .attr('y', HEIGHT - 3)
      .attr('text-anchor', anchor)
      .text(text);
  label(0, 'start', 'token 0');
  label(width, 'end', `token ${values.length}`);
  const frame = svg
    .append('rect')
    .attr('class', 'overview-frame')
    .attr('y', 1)
    .attr('height', BAR_HEIGHT + 6);
  return {
    tokenAt: (clientX) => {
      const box = svgEl.getBoundingClientRect();
      return Math.round(((clientX - box.left) / Math.max(1, box.width)) * values.length);
    },
    frame: (w) => void frame.attr('x', xOf(w.from)).attr('width', Math.max(2, xOf(w.to) - xOf(w.from))),
  };
}

/** What the pointer does on the overview. */
export interface OverviewHandlers {
  /** The frame is moved so its middle is at token `centre`. */
  centre(centre: number): void;
  /** A stretch was dragged across. */
  choose(window: TokenWindow): void;
  /** The frame was dragged by `delta` tokens since the last call. */
  pan(delta: number): void;
  /** Whether token `index` is inside the frame. */
  inFrame(index: number): boolean;
}

/** Binds pointer events on `svgEl`; `overview()` is the overview drawn now. */
export function bindOverview(svgEl: SVGSVGElement, overview: () => Overview | undefined, on: OverviewHandlers): void {
  let drag: { start: number; last: number; moving: boolean; moved: boolean } | undefined;
  svgEl.addEventListener('pointerdown', (event) => {
    const o = overview();
    if (o === undefined) return;
    const at = o.tokenAt(event.clientX);
    drag = { start: at, last: at, moving: on.inFrame(at), moved: false };
    svgEl.setPointerCapture(event.pointerId);
  });
  svgEl.addEventListener('pointermove', (event) => {
    const o = overview();
    if (drag === undefined || o === undefined) return;
    const at = o.tokenAt(event.clientX);
    if (at === drag.last) return;
    drag.moved = true;
    if (drag.moving) on.pan(at - drag.last);
    else on.choose({ from: Math.min(drag.start, at), to: Math.max(drag.start, at) });
    drag.last = at;
  });
  svgEl.addEventListener('pointerup', () => {
    if (drag !== undefined && !drag.moved) on.centre(drag.start);
    drag = undefined;
  });
}
