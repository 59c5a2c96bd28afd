/** @file Text of the trace view: the summary line, quoted tokens, path steps and node labels. */
import { quoteToken } from '../../src/shared/tokenText';
import type { TreeNodeView, TreesTraceResult } from '../../src/shared/trees';

export { quoteToken };

const count = new Intl.NumberFormat('en-US');

/** A probability as a percentage, e.g. `42.0%`. */
export function formatProbability(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

/** A count with thousands separators, e.g. `11,251`. */
export function formatCount(n: number): string {
  return count.format(n);
}

/**
 * The one-line summary, e.g.
 * `sample.ts 12:8 · predicted "(" · actual "(" · cart, window 16, 11,251 nodes · replay ✓`
 * (line and column 1-based, as the editor shows them).
 */
export function summaryText(r: TreesTraceResult): string {
  const at = `${r.source} ${r.position.line + 1}:${r.position.character + 1}`;
  const model = `${r.model.learner}, window ${r.model.window}, ${formatCount(r.model.nodes)} nodes`;
  return [
    at,
    `predicted ${quoteToken(r.predicted)}`,
    ...(r.actual !== undefined ? [`actual ${quoteToken(r.actual)}`] : []),
    model,
    `replay ${r.replayed ? '✓' : '✗'}`,
  ].join(' · ');
}

/** One path step in words: `split — seen → taken`. */
export function stepText(node: TreeNodeView): string {
  return `${node.split ?? ''} — ${node.seen ?? '?'} → ${node.taken ?? '?'}`;
}

/** What a node's box says, one entry per line, with the kind of each line for styling. */
export interface LabelLine {
  readonly text: string;
  readonly kind: 'split' | 'seen' | 'token' | 'meta';
}

/** Most leaf tokens listed in a box. */
export const LEAF_LINES = 3;

/** What leaves hold: next-token counts (CART) or a boosted tree's score, already in words. */
export type LeafKind = 'tokens' | 'scores';

function leafLine(t: { readonly text: string; readonly count: number }, leaves: LeafKind): string {
  return leaves === 'tokens'
    ? `${quoteToken(t.text)} ×${formatCount(t.count)}`
    : `${t.text} · ${formatCount(t.count)} samples`;
}

/** The lines of a node's box: the split (and on the path what was seen), or a leaf's top tokens. */
export function nodeLines(node: TreeNodeView, leaves: LeafKind): LabelLine[] {
  if (node.split !== undefined) {
    const lines: LabelLine[] = [{ text: node.split, kind: 'split' }];
    if (node.seen !== undefined) lines.push({ text: `saw ${node.seen} → ${node.taken ?? '?'}`, kind: 'seen' });
    else lines.push({ text: `${formatCount(node.samples)} samples`, kind: 'meta' });
    return lines;
  }
  const top = (node.top ?? []).slice(0, LEAF_LINES);
  if (top.length === 0) return [{ text: `leaf · ${formatCount(node.samples)} samples`, kind: 'meta' }];
  return top.map((t) => ({ text: leafLine(t, leaves), kind: 'token' }));
}

/** The full description of a node, for its tooltip (`<title>`). */
export function nodeTitle(node: TreeNodeView, leaves: LeafKind): string {
  const lines = [`node ${node.node} · ${formatCount(node.samples)} samples${node.onPath ? ' · on the path' : ''}`];
  if (node.split !== undefined) lines.push(`test: ${node.split}`);
  if (node.seen !== undefined) lines.push(`seen: ${node.seen} → ${node.taken ?? '?'}`);
  for (const t of node.top ?? []) lines.push(leafLine(t, leaves));
  if (node.hidden !== undefined && node.hidden > 0) lines.push(`${formatCount(node.hidden)} nodes below not drawn`);
  if (node.source !== undefined) lines.push(`tested token at ${node.source.line + 1}:${node.source.character + 1}`);
  return lines.join('\n');
}
