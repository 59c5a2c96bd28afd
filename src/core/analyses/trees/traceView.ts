/**
 * @file Turns a prediction trace into what the trace panel draws: the taken path through each
 * tree with its off-path siblings (cut after a few levels), every split in words, and the source
 * range of each token the path tested.
 */
import type { SourceSpot } from '../../../shared/schema';
import { quoteToken } from '../../../shared/tokenText';
import type { TreeNodeView } from '../../../shared/trees';
import { lineCol, lineStarts } from '../../text/lineCol';
import { utf8Offsets } from '../../text/utf8Offsets';
import type { FeatureDescriptor } from './features';
import { featureLabel, tokenText, type PredictionTrace, type TraceStep, type TreeTrace } from './trace';
import { TEST_EQ, TEST_LEAF, type FlatTree } from './tree';

/** Off-path subtrees are drawn this many levels deep; deeper nodes are counted in `hidden`. */
const OFF_PATH_DEPTH = 2;

/** Maps token positions (byte indices) of a text to document spots. */
export interface SpotMap {
  spot(position: number): SourceSpot | undefined;
}

/** A {@link SpotMap} for a byte-tokenized text that starts at `offset` in its document. */
export function byteSpots(text: string, offset = 0, docLineStarts?: readonly number[]): SpotMap {
  const map = utf8Offsets(text);
  const starts = docLineStarts ?? lineStarts(text);
  return {
    spot(position) {
      if (position < 0 || position >= map.length) return undefined;
      const start = (map.charStart[position] ?? 0) + offset;
      const end = (map.charEnd[position] ?? 0) + offset;
      return { start, end, ...lineCol(starts, start) };
    },
  };
}

/** Draws one traced tree: the path, and off-path subtrees to a few levels. */
export function treeView(
  tree: FlatTree,
  descriptors: readonly FeatureDescriptor[],
  tr: TreeTrace,
  spots: SpotMap,
  leafTop: (node: number) => { text: string; count: number }[],
): TreeNodeView {
  const onPath = new Map<number, TraceStep>(tr.steps.map((s) => [s.node, s]));
  const build = (n: number, offDepth: number): TreeNodeView => {
    const base = { node: n, samples: tree.samples[n] ?? 0, onPath: onPath.has(n) || n === tr.leaf.node };
    if (tree.test[n] === TEST_LEAF) return { ...base, top: leafTop(n) };
    const split = splitText(tree, descriptors, n);
    if (!base.onPath && offDepth >= OFF_PATH_DEPTH) return { ...base, split, hidden: subtreeSize(tree, n) - 1 };
    const step = onPath.get(n);
    const next = base.onPath ? 0 : offDepth + 1;
    const children = [
      build(tree.yes[n] ?? 0, step?.branch === 'yes' ? 0 : next),
      build(tree.no[n] ?? 0, step?.branch === 'no' ? 0 : next),
    ];
    if (step === undefined) return { ...base, split, children };
    const source = step.position !== undefined ? spots.spot(step.position) : undefined;
    return {
      ...base,
      split,
      seen: seenText(step),
      taken: step.branch,
      children,
      ...(source !== undefined ? { source } : {}),
    };
  };
  return build(0, 0);
}

/** The test of an internal node in words, e.g. `the token 3 back ≤ "("`. */
export function splitText(tree: FlatTree, descriptors: readonly FeatureDescriptor[], n: number): string {
  const d = descriptors[tree.feature[n] ?? 0] ?? { kind: 'dense', dim: tree.feature[n] ?? 0, source: 'feature' };
  const th = tree.threshold[n] ?? 0;
  const op = tree.test[n] === TEST_EQ ? 'is' : '≤';
  const value = d.kind === 'token' ? quoteToken(tokenText(th)) : th.toPrecision(4);
  return `${featureLabel(d)} ${op} ${value}`;
}

function seenText(step: TraceStep): string {
  if (step.descriptor.kind !== 'token') return `value ${step.value.toPrecision(4)}`;
  return step.value < 0 ? 'nothing (before the start)' : quoteToken(tokenText(step.value));
}

function subtreeSize(tree: FlatTree, n: number): number {
  let count = 0;
  const stack = [n];
  while (stack.length > 0) {
    const m = stack.pop() ?? 0;
    count++;
    if (tree.test[m] !== TEST_LEAF) stack.push(tree.yes[m] ?? 0, tree.no[m] ?? 0);
  }
  return count;
}

/** Every token the trace's paths tested, once per position, for decorations. */
export function testedSpots(trace: PredictionTrace, spots: SpotMap): (SourceSpot & { label: string })[] {
  const seen = new Map<number, SourceSpot & { label: string }>();
  for (const tr of trace.trees) {
    for (const step of tr.steps) {
      if (step.position === undefined || seen.has(step.position)) continue;
      const spot = spots.spot(step.position);
      if (spot === undefined) continue;
      const tested = `tested: ${step.test} ${quoteToken(tokenText(step.threshold))} → ${step.branch}`;
      seen.set(step.position, { ...spot, label: `${featureLabel(step.descriptor)}: ${seenText(step)} (${tested})` });
    }
  }
  return [...seen.values()].sort((a, b) => a.start - b.start);
}
