/**
 * @file Where each point's label goes: right of its point, else left, above or below, whichever first overlaps no
 * label placed before and no other point and stays inside the chart; when none is free, right of the point and moved
 * down until it is. Text widths are estimated (10 px type), so the placement needs no DOM.
 */

/** A point to label, in chart pixels. */
export interface LabelPoint {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** Where a label is drawn: its anchor point and which end of the text sits there. */
export interface PlacedLabel {
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end' | 'middle';
}

interface Box {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

const CHAR_PX = 5.8;
const LINE_PX = 11;
const MARK_PX = 5;

function boxOf(p: PlacedLabel, text: string): Box {
  const w = text.length * CHAR_PX;
  const x0 = p.anchor === 'start' ? p.x : p.anchor === 'end' ? p.x - w : p.x - w / 2;
  return { x0, x1: x0 + w, y0: p.y - LINE_PX + 2, y1: p.y + 2 };
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function candidates(p: LabelPoint): PlacedLabel[] {
  return [
    { x: p.x + 8, y: p.y + 4, anchor: 'start' },
    { x: p.x - 8, y: p.y + 4, anchor: 'end' },
    { x: p.x, y: p.y - 8, anchor: 'middle' },
    { x: p.x, y: p.y + 16, anchor: 'middle' },
  ];
}

/** A place for each point's label (in the order given), inside a chart of `width` × `height` pixels. */
export function placeLabels(points: readonly LabelPoint[], width: number, height: number): PlacedLabel[] {
  const marks = points.map((p) => ({ x0: p.x - MARK_PX, x1: p.x + MARK_PX, y0: p.y - MARK_PX, y1: p.y + MARK_PX }));
  const taken: Box[] = [];
  const free = (b: Box): boolean =>
    b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height && ![...taken, ...marks].some((o) => overlaps(o, b));
  return points.map((p) => {
    let place = candidates(p).find((c) => free(boxOf(c, p.text)));
    for (let down = 1; place === undefined && down <= 20; down++) {
      const c: PlacedLabel = { x: p.x + 8, y: p.y + 4 + down * LINE_PX, anchor: 'start' };
      if (free(boxOf(c, p.text))) place = c;
    }
    const chosen = place ?? { x: p.x + 8, y: p.y + 4, anchor: 'start' };
    taken.push(boxOf(chosen, p.text));
    return chosen;
  });
}
