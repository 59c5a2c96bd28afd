/**
 * @file How a person chooses the tokens the detail chart shows: the −, +, ◀ and ▶ buttons, ctrl- (or alt-)
 * wheel over the chart to zoom at the pointer, shift-wheel to move sideways, and the overview strip.
 */
import { byId } from '../shared/dom';
import { tokenAtX } from './chart';
import { bindOverview, type Overview } from './overview';
import { centreWindow, panWindow, zoomWindow, type TokenWindow } from './viewport';

/** What the navigation reads and sets. */
export interface Navigable {
  /** The window shown now, undefined when nothing is. */
  window(): TokenWindow | undefined;
  /** Tokens in the file. */
  tokens(): number;
  /** The most tokens the chart shows at its width. */
  largest(): number;
  /** The overview drawn now. */
  overview(): Overview | undefined;
  /** Shows `window`. */
  show(window: TokenWindow): void;
}

/** Binds the buttons, the wheel over `chart` and the pointer on `overview` to `nav`. */
export function bindNavigation(chart: SVGSVGElement, overview: SVGSVGElement, nav: Navigable): void {
  const act = (change: (w: TokenWindow, n: number, max: number) => TokenWindow) => (): void => {
    const w = nav.window();
    if (w !== undefined) nav.show(change(w, nav.tokens(), nav.largest()));
  };
  const size = (w: TokenWindow): number => w.to - w.from;
  const mid = (w: TokenWindow): number => (w.from + w.to) / 2;
  const on = (id: string, run: () => void): void => byId(id, HTMLButtonElement).addEventListener('click', run);
  on(
    'zoom-in',
    act((w, n, max) => zoomWindow(w, 0.5, mid(w), n, max)),
  );
  on(
    'zoom-out',
    act((w, n, max) => zoomWindow(w, 2, mid(w), n, max)),
  );
  on(
    'pan-back',
    act((w, n, max) => panWindow(w, -Math.ceil(size(w) * 0.8), n, max)),
  );
  on(
    'pan-on',
    act((w, n, max) => panWindow(w, Math.ceil(size(w) * 0.8), n, max)),
  );
  chart.addEventListener('wheel', (event) => {
    const w = nav.window();
    const sideways = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
    if (w === undefined || (!sideways && !event.ctrlKey && !event.altKey && !event.metaKey)) return;
    event.preventDefault();
    const delta = Math.sign(event.deltaX || event.deltaY) * Math.ceil(size(w) / 10);
    const at = tokenAtX(chart, w, event.clientX);
    act((v, n, max) =>
      sideways ? panWindow(v, delta, n, max) : zoomWindow(v, event.deltaY > 0 ? 1.25 : 0.8, at, n, max),
    )();
  });
  bindOverview(overview, nav.overview, {
    centre: (c) => act((w, n, max) => centreWindow(w, c, n, max))(),
    choose: (w) => nav.show(w),
    pan: (d) => act((w, n, max) => panWindow(w, d, n, max))(),
    inFrame: (i) => {
      const w = nav.window();
      return w !== undefined && i >= w.from && i < w.to;
    },
  });
}
