/**
 * @file The BertViz-style attention view in `svg#attn-lines`: the span's tokens in two columns
 * (left: attending, right: attended) joined by one `path.attn-line` per line of `linesModel`, its
 * opacity and width following the weight; every head in its own colour when all heads are shown.
 * Hovering a token keeps only its lines (`.focused` on the svg, `.hot` on its lines and tokens).
 */
import { select, type Selection } from 'd3-selection';
import type { DependenciesResult } from '../../src/shared/dependencies';
import { showToken } from '../../src/shared/tokenText';
import { TABLEAU_10 } from '../../src/shared/palette';
import { lineOpacity, type AttnLine, type LineSpan } from './linesModel';

/** Colours of heads 0, 1, … when every head is drawn (Tableau 10, readable on light and dark). */
export const HEAD_COLOURS = TABLEAU_10;

/** The colour of head `head`. */
export function headColour(head: number): string {
  return HEAD_COLOURS[head % HEAD_COLOURS.length] ?? '#888';
}

const ROW = 17;
const TOP = 26;

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The text of token `index` in a column: the start-of-text token reads `BOS`. */
export function columnText(r: DependenciesResult, index: number): string {
  return index < 0 ? 'BOS' : showToken(r.tokens[index]?.text ?? '', 14);
}

function drawColumn(root: Svg, r: DependenciesResult, span: LineSpan, side: 'query' | 'key', x: number): void {
  const indices = Array.from({ length: span.to - span.from }, (_, i) => span.from + i);
  const title =
    side === 'query' ? 'attends to the tokens it is joined to' : 'is attended to by the tokens joined to it';
  root
    .append('g')
    .attr('class', `attn-column ${side}`)
    .selectAll('text')
    .data(indices)
    .join('text')
    .attr('class', `attn-token ${side}`)
    .attr('data-index', (i) => i)
    .attr('x', x)
    .attr('y', (i) => TOP + (i - span.from + 0.5) * ROW)
    .attr('dy', '0.35em')
    .attr('text-anchor', side === 'query' ? 'end' : 'start')
    .text((i) => columnText(r, i))
    .append('title')
    .text((i) => `${i < 0 ? 'start of text' : `token #${i}`} ${columnText(r, i)}: ${title}`);
}

/** Draws `lines` between the columns of `span` into `svg`, `width` px wide; `allHeads` colours by head. */
export function drawAttnLines(
  svg: SVGSVGElement,
  r: DependenciesResult,
  span: LineSpan,
  lines: readonly AttnLine[],
  width: number,
  allHeads: boolean,
): void {
  const root: Svg = select(svg);
  root.selectAll('*').remove();
  svg.classList.remove('focused');
  const height = TOP + (span.to - span.from) * ROW + 6;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  const col = Math.min(130, Math.max(70, Math.floor(width * 0.28)));
  const [x0, x1] = [col, width - col];
  root
    .append('text')
    .attr('class', 'attn-heading')
    .attr('x', x0)
    .attr('y', 12)
    .attr('text-anchor', 'end')
    .text('attending');
  root.append('text').attr('class', 'attn-heading').attr('x', x1).attr('y', 12).text('attended');
  const y = (i: number): number => TOP + (i - span.from + 0.5) * ROW;
  root
    .append('g')
    .attr('class', 'attn-line-group')
    .selectAll('path')
    .data(lines)
    .join('path')
    .attr('class', `attn-line${allHeads ? ' by-head' : ''}`)
    .attr('data-query', (l) => l.query)
    .attr('data-key', (l) => l.key)
    .attr('data-head', (l) => l.head)
    .attr('d', (l) => {
      const [a, b] = [x0 + 6, x1 - 6];
      const mid = (a + b) / 2;
      return `M${a},${y(l.query)} C${mid},${y(l.query)} ${mid},${y(l.key)} ${b},${y(l.key)}`;
    })
    .attr('stroke', (l) => (allHeads ? headColour(l.head) : null))
    .attr('stroke-opacity', (l) => lineOpacity(l.weight).toFixed(3))
    .attr('stroke-width', (l) => (0.6 + 3 * Math.min(1, l.weight)).toFixed(2))
    .append('title')
    .text((l) => `${columnText(r, l.query)} → ${columnText(r, l.key)}: ${l.weight.toFixed(3)} (head ${l.head})`);
  drawColumn(root, r, span, 'query', x0);
  drawColumn(root, r, span, 'key', x1);
}

/** Keeps only the lines of token `index` on `side` (none: all lines back). */
export function focusToken(svg: SVGSVGElement, side: 'query' | 'key' | undefined, index?: number): void {
  for (const el of svg.querySelectorAll('.hot')) el.classList.remove('hot');
  svg.classList.toggle('focused', side !== undefined);
  if (side === undefined || index === undefined) return;
  for (const el of svg.querySelectorAll(`.attn-line[data-${side}="${index}"]`)) el.classList.add('hot');
  for (const el of svg.querySelectorAll(`.attn-token.${side}[data-index="${index}"]`)) el.classList.add('hot');
  const other = side === 'query' ? 'key' : 'query';
  for (const line of svg.querySelectorAll<SVGPathElement>('.attn-line.hot')) {
    const i = line.dataset[other];
    for (const el of svg.querySelectorAll(`.attn-token.${other}[data-index="${i ?? ''}"]`)) el.classList.add('hot');
  }
}
