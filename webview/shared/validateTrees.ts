/**
 * @file Validation of the decision-tree trace message. The drawn trees are recursive, so the check
 * bounds their depth and size (a hostile or broken message cannot blow the stack) and requires
 * node ids to be unique within a tree (the view keys its drawing and collapse state on them).
 */
import type { ShowTreeTraceNotification } from '../../src/shared/protocol';
import type { TreeNodeView, TreesModelSummary, TreesTraceResult } from '../../src/shared/results';
import { isCandidate, isFiniteNumber, isOffset, isRecord, isSourceSpot, isStringArray, type Rec } from './guards';

/** Deepest drawn tree accepted (the engine cuts paths far shorter). */
export const MAX_TREE_DEPTH = 256;

/** Most drawn nodes accepted in one tree. */
export const MAX_TREE_NODES = 20_000;

function isModelSummary(x: unknown): x is TreesModelSummary {
  if (!isRecord(x)) return false;
  const { modelId, learner, window, features, tokens, samples, nodes, depth, trainAccuracy, seconds } = x;
  if (typeof modelId !== 'string' || (learner !== 'cart' && learner !== 'boosted')) return false;
  if (typeof features !== 'string' || !isFiniteNumber(trainAccuracy) || !isFiniteNumber(seconds)) return false;
  if (![window, tokens, samples, nodes, depth].every(isOffset)) return false;
  return isStringArray(x['sources']) && isStringArray(x['skipped']);
}

function isLeafTop(x: unknown): boolean {
  return isRecord(x) && typeof x['text'] === 'string' && isOffset(x['count']);
}

/** Checks the fields of one node, not its children. */
function isNodeFields(x: Rec): boolean {
  const { node, samples, onPath, split, seen, taken, source, top, hidden } = x;
  if (!isOffset(node) || !isOffset(samples) || typeof onPath !== 'boolean') return false;
  if (split !== undefined && typeof split !== 'string') return false;
  if (seen !== undefined && typeof seen !== 'string') return false;
  if (taken !== undefined && taken !== 'yes' && taken !== 'no') return false;
  if (source !== undefined && !isSourceSpot(source)) return false;
  if (top !== undefined && !(Array.isArray(top) && top.every(isLeafTop))) return false;
  return hidden === undefined || isOffset(hidden);
}

function isNode(x: unknown, depth: number, ids: Set<number>): x is TreeNodeView {
  if (!isRecord(x) || depth > MAX_TREE_DEPTH || !isNodeFields(x)) return false;
  const id = x['node'] as number;
  if (ids.has(id) || ids.size >= MAX_TREE_NODES) return false;
  ids.add(id);
  const children = x['children'];
  if (children === undefined) return true;
  if (!Array.isArray(children) || children.length > 2) return false;
  return children.every((c) => isNode(c, depth + 1, ids));
}

/** True when `x` is a well-formed drawn tree (see {@link MAX_TREE_DEPTH}, {@link MAX_TREE_NODES}). */
export function isTreeNodeView(x: unknown): x is TreeNodeView {
  return isNode(x, 0, new Set());
}

function isDrawnTree(x: unknown): boolean {
  if (!isRecord(x) || !isOffset(x['index'])) return false;
  const classToken = x['classToken'];
  return (classToken === undefined || typeof classToken === 'string') && isTreeNodeView(x['root']);
}

function isTested(x: unknown): boolean {
  return isSourceSpot(x) && typeof (x as unknown as Rec)['label'] === 'string';
}

/** True when `x` is a well-formed {@link TreesTraceResult} (every tree and node checked). */
export function isTreesTraceResult(x: unknown): x is TreesTraceResult {
  if (!isRecord(x)) return false;
  const { model, source, position, predicted, actual, top, replayed, trees, tested } = x;
  if (!isModelSummary(model) || typeof source !== 'string' || !isSourceSpot(position)) return false;
  if (typeof predicted !== 'string' || (actual !== undefined && typeof actual !== 'string')) return false;
  if (typeof replayed !== 'boolean' || !Array.isArray(top) || !top.every(isCandidate)) return false;
  return Array.isArray(trees) && trees.every(isDrawnTree) && Array.isArray(tested) && tested.every(isTested);
}

/** True when `x` is a {@link ShowTreeTraceNotification} with a valid result. */
export function isShowTreeTrace(x: Rec): x is Rec & ShowTreeTraceNotification {
  return x['type'] === 'showTreeTrace' && isTreesTraceResult(x['result']);
}
