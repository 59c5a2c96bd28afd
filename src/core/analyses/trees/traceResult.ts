/**
 * @file Assembles what the trace panel and `model-lens trees trace` show for one prediction.
 */
import type { TreesModelSummary, TreesTraceResult, TreeNodeView } from '../../../shared/trees';
import type { ArdtModel, ArdtPrediction } from './ardt';
import { replayTrace, tokenText } from './trace';
import { byteSpots, testedSpots, treeView } from './traceView';
import { TEST_LEAF, type FlatTree } from './tree';

/** Boosted models: at most this many trees are drawn. */
const MAX_DRAWN = 6;

/** Node count and depth of a model's trees. */
export function modelStats(model: ArdtModel): { nodes: number; depth: number } {
  const trees = model.learner.kind === 'cart' ? [model.learner.tree] : model.learner.trees;
  return { nodes: trees.reduce((a, t) => a + t.size, 0), depth: Math.max(0, ...trees.map(depthOf)) };
}

function depthOf(tree: FlatTree): number {
  const depth = new Int32Array(tree.size);
  let max = 0;
  for (let n = 0; n < tree.size; n++) {
    if (tree.test[n] === TEST_LEAF) continue;
    for (const c of [tree.yes[n] ?? 0, tree.no[n] ?? 0]) depth[c] = (depth[n] ?? 0) + 1;
    max = Math.max(max, (depth[n] ?? 0) + 1);
  }
  return max;
}

/** The trace of one prediction at byte position `prediction.trace.position` of `text`. */
export function traceResult(
  model: ArdtModel,
  summary: TreesModelSummary,
  prediction: ArdtPrediction,
  text: string,
  bytes: Uint8Array,
  source: string,
): TreesTraceResult {
  const spots = byteSpots(text);
  const t = prediction.trace.position;
  const position = spots.spot(t) ?? { ...(spots.spot(t - 1) ?? { start: 0, end: 0, line: 0, character: 0 }) };
  const trees = drawn(model, prediction, spots);
  let replayed: boolean;
  try {
    replayed = replayTrace(prediction.trace) === prediction.token;
  } catch {
    replayed = false;
  }
  const actual = bytes[t];
  return {
    model: summary,
    source,
    position,
    predicted: tokenText(prediction.token),
    ...(actual !== undefined ? { actual: tokenText(actual) } : {}),
    top: prediction.top.slice(0, 5).map((c) => ({ text: tokenText(c.token), p: c.p })),
    replayed,
    trees,
    tested: testedSpots(prediction.trace, spots),
  };
}

function drawn(
  model: ArdtModel,
  prediction: ArdtPrediction,
  spots: ReturnType<typeof byteSpots>,
): { index: number; classToken?: string; root: TreeNodeView }[] {
  const l = model.learner;
  if (l.kind === 'cart') {
    const tr = prediction.trace.trees[0];
    if (tr === undefined) return [];
    const leafTop = (n: number) =>
      topOf(l.tree, n).map((e) => ({ text: tokenText(l.classes[e.cls] ?? 0), count: e.count }));
    return [{ index: 0, root: treeView(l.tree, l.descriptors, tr, spots, leafTop) }];
  }
  const chosen = [...prediction.trace.trees]
    .filter((tr) => tr.classToken === prediction.token)
    .sort((a, b) => Math.abs(b.leaf.value) - Math.abs(a.leaf.value))
    .slice(0, MAX_DRAWN);
  return chosen.map((tr) => {
    const tree = l.trees[tr.tree];
    const leafTop = (n: number) => [
      { text: `score ${(tree?.value[n] ?? 0).toFixed(3)}`, count: tree?.samples[n] ?? 0 },
    ];
    return {
      index: tr.tree,
      classToken: tokenText(tr.classToken ?? -1),
      root:
        tree === undefined ? { node: 0, samples: 0, onPath: true } : treeView(tree, l.descriptors, tr, spots, leafTop),
    };
  });
}

function topOf(tree: FlatTree, n: number): { cls: number; count: number }[] {
  const out: { cls: number; count: number }[] = [];
  for (let j = tree.topStart[n] ?? 0; j < (tree.topStart[n + 1] ?? 0) && out.length < 5; j++)
    out.push({ cls: tree.topClass[j] ?? 0, count: tree.topCount[j] ?? 0 });
  return out;
}
