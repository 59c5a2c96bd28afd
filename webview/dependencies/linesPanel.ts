/**
 * @file The `#lines` section: the BertViz-style attention lines with their layer and head selectors,
 * the earlier/later buttons that move the span through the window, the head colour legend, and
 * hovering (keeps one token's lines) and clicking (shows the token in the editor) a token.
 */
import type { DependenciesResult } from '../../src/shared/dependencies';
import { byId } from '../shared/dom';
import { drawAttnLines, focusToken, headColour } from './attnLines';
import { attentionLines, defaultSpan, shiftSpan, windowRange, type LineSpan, type LinesFilter } from './linesModel';

/** The lines section's controls. */
export interface LinesPanel {
  show(r: DependenciesResult): void;
  /** Shows one head of one layer (a click on the head grid). */
  select(layer: number, head: number): void;
  clear(): void;
  resize(): void;
}

const els = () => ({
  section: byId('lines', HTMLElement),
  svg: byId('attn-lines', SVGSVGElement),
  layer: byId('lines-layer', HTMLSelectElement),
  head: byId('lines-head', HTMLSelectElement),
  earlier: byId('lines-earlier', HTMLButtonElement),
  later: byId('lines-later', HTMLButtonElement),
  range: byId('lines-range', HTMLElement),
  legend: byId('lines-legend', HTMLElement),
  note: byId('lines-note', HTMLElement),
});

function options(select: HTMLSelectElement, all: string, count: number, name: (i: number) => [string, string]): void {
  const items = Array.from({ length: count }, (_, i) => {
    const [text, title] = name(i);
    const o = new Option(text, String(i));
    o.title = title;
    return o;
  });
  select.replaceChildren(new Option(all, 'all'), ...items);
}

function legend(el: HTMLElement, heads: number, shown: boolean): void {
  el.hidden = !shown;
  el.replaceChildren(
    ...Array.from({ length: heads }, (_, h) => {
      const item = document.createElement('span');
      item.className = 'lines-legend-item';
      item.title = `lines of head ${h}`;
      const swatch = item.appendChild(document.createElement('span'));
      swatch.className = 'lines-swatch';
      swatch.dataset['head'] = String(h);
      swatch.style.backgroundColor = headColour(h);
      item.append(`head ${h}`);
      return item;
    }),
  );
}

/** Binds the lines section; `reveal(index)` shows token `index` in the editor. */
export function createLinesPanel(reveal: (index: number) => void): LinesPanel {
  const e = els();
  let r: DependenciesResult | undefined;
  let span: LineSpan | undefined;
  const filter = (): LinesFilter => ({
    layer: e.layer.value === 'all' ? 'all' : Number(e.layer.value),
    head: e.head.value === 'all' ? 'all' : Number(e.head.value),
  });
  const draw = (): void => {
    if (!r || !span) return;
    const f = filter();
    const width = Math.max(200, Math.min(560, e.section.clientWidth || 480));
    drawAttnLines(e.svg, r, span, attentionLines(r, span, f), width, f.head === 'all');
    const w = windowRange(r);
    e.range.textContent = `tokens ${Math.max(0, span.from)}–${span.to - 1}${
      w ? ` of the window ${Math.max(0, w.from)}–${w.to - 1}` : ''
    }`;
    e.earlier.disabled = !w || span.from <= w.from;
    e.later.disabled = !w || span.to >= w.to;
    legend(e.legend, r.heads, f.head === 'all');
  };
  const move = (by: number): void => {
    if (!r || !span) return;
    span = shiftSpan(r, span, by);
    draw();
  };
  e.layer.addEventListener('change', draw);
  e.head.addEventListener('change', draw);
  e.earlier.addEventListener('click', () => move(-Math.ceil((span ? span.to - span.from : 2) / 2)));
  e.later.addEventListener('click', () => move(Math.ceil((span ? span.to - span.from : 2) / 2)));
  e.svg.addEventListener('mouseover', (ev) => {
    const t = (ev.target as Element | null)?.closest<SVGTextElement>('.attn-token');
    if (t) focusToken(e.svg, t.classList.contains('query') ? 'query' : 'key', Number(t.dataset['index']));
  });
  e.svg.addEventListener('mouseleave', () => focusToken(e.svg, undefined));
  e.svg.addEventListener('click', (ev) => {
    const t = (ev.target as Element | null)?.closest<SVGTextElement>('.attn-token');
    if (t) reveal(Number(t.dataset['index']));
  });
  const clear = (): void => {
    r = undefined;
    span = undefined;
    e.svg.replaceChildren();
    e.legend.replaceChildren();
    e.range.textContent = '';
    e.section.hidden = true;
  };
  return {
    show(result) {
      r = result;
      span = defaultSpan(result);
      e.section.hidden = false;
      options(e.layer, 'mean of all layers', result.layers, (l) => [`layer ${l}`, `layer ${l} of ${result.layers}`]);
      options(e.head, 'all heads (one colour each)', result.heads, (h) => [
        `head ${h}`,
        `head ${h} of ${result.heads}`,
      ]);
      e.layer.value = result.layers > 0 ? String(result.layers - 1) : 'all';
      e.head.value = 'all';
      e.note.hidden = span !== undefined;
      if (!span) {
        e.svg.replaceChildren();
        e.range.textContent = '';
        return;
      }
      draw();
    },
    select(layer, head) {
      if (!span) return;
      e.layer.value = String(layer);
      e.head.value = String(head);
      draw();
    },
    clear,
    resize: draw,
  };
}
