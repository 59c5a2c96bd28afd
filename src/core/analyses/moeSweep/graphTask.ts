/**
 * @file Length-2-path tasks from a graph written in the user's file: one edge per line as `a -> b`, `a -- b` or
 * `a - b` (DOT and Mermaid edges read as they are; chains such as `a -> b -> c` give each edge). The vertices are
 * renamed to the letters the zoo's path models read (a, b, … in order of first appearance), the edges listed in both
 * orientations as the models were trained, and every pair of vertices asked: is there a third vertex joined to both?
 */
import { LensError } from '../../errors';
import type { AnswerItem } from '../tasks/scoreAnswers';

/** The graphs the zoo's path models were trained on: at most this many vertices and edges (their window). */
export const PATH_GRAPH_LIMITS = { vertices: 8, edges: 8 } as const;

const NAME = String.raw`"?([\p{L}\p{N}_.]+)"?`;
const ARROW = String.raw`\s*(?:-->|->|--|-|—)\s*`;
const CHAIN = new RegExp(String.raw`^\s*${NAME}(?:${ARROW}${NAME})+\s*;?\s*$`, 'u');
const NAMES = new RegExp(NAME, 'gu');
/** A DOT edge's attribute list, `[label="x"]`, dropped before the names are read. */
const ATTRIBUTES = /\s*\[[^\]]*\]\s*(?=;?\s*$)/u;

/** A graph read from text: its vertex names in order of first appearance and its undirected edges (by index). */
export interface TextGraph {
  readonly names: readonly string[];
  readonly edges: readonly (readonly [number, number])[];
}

/** The undirected edges of `text`'s edge lines; loops and repeated edges are dropped. */
export function parseEdges(text: string): TextGraph {
  const names: string[] = [];
  const index = (name: string): number => {
    const at = names.indexOf(name);
    return at >= 0 ? at : names.push(name) - 1;
  };
  const edges: [number, number][] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.replace(ATTRIBUTES, '');
    if (!CHAIN.test(line)) continue;
    const chain = [...line.matchAll(NAMES)].map((m) => index(m[1] ?? ''));
    for (let i = 1; i < chain.length; i++) {
      const [u, w] = [chain[i - 1] ?? 0, chain[i] ?? 0].sort((x, y) => x - y) as [number, number];
      if (u === w || seen.has(`${u},${w}`)) continue;
      seen.add(`${u},${w}`);
      edges.push([u, w]);
    }
  }
  return { names, edges };
}

/** Whether some third vertex is joined to both `s` and `t`. */
export function joinedThroughThird(graph: TextGraph, s: number, t: number): boolean {
  const near = (x: number): Set<number> =>
    new Set(graph.edges.flatMap(([u, w]) => (u === x ? [w] : w === x ? [u] : [])));
  const fromT = near(t);
  return [...near(s)].some((u) => u !== t && u !== s && fromT.has(u));
}

/** The path tasks of the graph in `text`: every pair of its vertices, in the zoo's prompt format. */
export function graphItems(text: string, source: string): AnswerItem[] {
  const graph = checkedGraph(text, source);
  const letter = (i: number): string => String.fromCharCode(97 + i);
  const listing = graph.edges.map(([u, w]) => `${letter(u)}${letter(w)} ${letter(w)}${letter(u)}`).join(' ');
  const items: AnswerItem[] = [];
  for (let s = 0; s < graph.names.length; s++)
    for (let t = s + 1; t < graph.names.length; t++)
      items.push({
        prompt: `${listing}|${letter(s)}${letter(t)}:`,
        answer: joinedThroughThird(graph, s, t) ? 'y' : 'n',
      });
  return items;
}

function checkedGraph(text: string, source: string): TextGraph {
  const g = parseEdges(text);
  const { vertices, edges } = PATH_GRAPH_LIMITS;
  if (g.edges.length === 0)
    throw new LensError(
      'bad-input',
      `${source} holds no edges. Write one edge per line as "a -> b", "a -- b" or "a - b" (DOT and Mermaid edges ` +
        'work), with at least one edge.',
    );
  if (g.names.length > vertices || g.edges.length > edges)
    throw new LensError(
      'bad-input',
      `${source} holds a graph of ${g.names.length} vertices and ${g.edges.length} edges; the path models read ` +
        `graphs of at most ${vertices} vertices and ${edges} edges. Give a smaller graph.`,
    );
  return g;
}
