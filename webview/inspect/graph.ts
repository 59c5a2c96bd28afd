/**
 * @file The compact layer graph: one box per node group, top to bottom in graph order, with its node count and
 * most frequent ops; arrows between consecutive groups run down the left, longer jumps arc on the right.
 */
import { select } from 'd3-selection';
import type { OnnxSummary } from '../../src/shared/inspect';

/** Most boxes drawn (the rest are summed in a last line). */
export const MAX_BOXES = 300;
const BOX_H = 30;
const GAP = 14;
const TOP = 20;

type Group = OnnxSummary['groups'][number];

/** The group's ops with counts, most first; `most` of them, constants left out (the tooltip lists all). */
const opsText = (g: Group, most?: number): string =>
  (most === undefined ? g.ops : g.ops.filter((o) => o.op !== 'Constant').slice(0, most))
    .map((o) => `${o.op} ${o.count}`)
    .join(', ');

const nodesText = (g: Group): string => `${g.nodes} node${g.nodes === 1 ? '' : 's'}`;

/** Draws the layer graph of `onnx` into `svg`, `width` pixels wide. */
export function drawGraph(svg: SVGSVGElement, onnx: OnnxSummary, width: number): void {
  const groups = onnx.groups.slice(0, MAX_BOXES);
  const boxW = Math.max(200, width - 140);
  const height = TOP + groups.length * (BOX_H + GAP) + 10;
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.selectAll('*').remove();
  root
    .append('defs')
    .append('marker')
    .attr('id', 'arrow')
    .attr('viewBox', '0 0 8 8')
    .attr('refX', 7)
    .attr('refY', 4)
    .attr('markerWidth', 7)
    .attr('markerHeight', 7)
    .attr('orient', 'auto')
    .append('path')
    .attr('d', 'M0,0 L8,4 L0,8 z')
    .attr('class', 'arrow-head');
  root
    .append('text')
    .attr('class', 'graph-legend')
    .attr('x', 20)
    .attr('y', 12)
    .text(`${onnx.nodes.toLocaleString('en-US')} nodes in ${onnx.groups.length} groups (boxes); arrows: data flow`);
  const y = (i: number) => TOP + i * (BOX_H + GAP);
  const x0 = 20;
  for (const [from, to] of onnx.edges) {
    if (from >= groups.length || to >= groups.length) continue;
    const [a, b] = [y(from) + BOX_H, y(to)];
    if (to === from + 1)
      root
        .append('line')
        .attr('class', 'edge')
        .attr('marker-end', 'url(#arrow)')
        .attr('x1', x0 + 24)
        .attr('x2', x0 + 24)
        .attr('y1', a)
        .attr('y2', b);
    else {
      const [ya, yb] = [y(from) + BOX_H / 2, y(to) + BOX_H / 2];
      const bend = x0 + boxW + 12 + Math.min(100, 8 * Math.abs(to - from));
      root
        .append('path')
        .attr('class', to < from ? 'edge back' : 'edge')
        .attr('marker-end', 'url(#arrow)')
        .attr('d', `M${x0 + boxW},${ya} C${bend},${ya} ${bend},${yb} ${x0 + boxW},${yb}`);
    }
  }
  groups.forEach((g, i) => {
    const box = root
      .append('g')
      .attr('class', 'group')
      .attr('transform', `translate(${x0},${y(i)})`);
    box.append('title').text(`${g.id}: ${nodesText(g)}\n${opsText(g)}`);
    box.append('rect').attr('width', boxW).attr('height', BOX_H).attr('rx', 4);
    box.append('text').attr('x', 8).attr('y', 19).attr('class', 'group-id').text(g.id);
    box
      .append('text')
      .attr('x', Math.min(220, boxW / 3))
      .attr('y', 19)
      .attr('class', 'group-ops')
      .text(`${nodesText(g)} · ${opsText(g, 4)}`);
  });
}
