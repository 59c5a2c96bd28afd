/**
 * @file The compact layer graph of an ONNX model: nodes grouped by the prefix of their name up to the first
 * numbered part (`/model/layers.3/self_attn/…` → `model/layers.3`) or else by their first part, with op counts,
 * and the data flow between groups. Thousands of nodes become a few dozen boxes, one per layer.
 */
import { INSPECT_LIMITS, type Exposed, type GraphGroup } from '../../shared/inspect';
import type { OnnxNode, OnnxValueInfo } from '../formats/onnx/readOnnx';

const NUMBERED = /(^|[._])\d+$/u;

/** The group of a node, from its name (or its first output's name when it has none). */
export function groupOf(node: OnnxNode): string {
  const name = node.name !== '' ? node.name : (node.outputs[0] ?? '');
  const parts = name.split('/').filter((p) => p !== '');
  const numbered = parts.findIndex((p, i) => i < parts.length - 1 && NUMBERED.test(p));
  if (numbered >= 0) return parts.slice(0, numbered + 1).join('/');
  return parts.length > 1 ? (parts[0] ?? '') : '(top level)';
}

/** Groups with op counts, and edges between them (by index), capped at the limit of groups. */
export function layerGraph(nodes: readonly OnnxNode[]): { groups: GraphGroup[]; edges: [number, number][] } {
  const index = new Map<string, number>();
  const ops: Map<string, number>[] = [];
  const sizes: number[] = [];
  const producer = new Map<string, number>();
  const edges = new Set<string>();
  for (const node of nodes) {
    let id = groupOf(node);
    if (!index.has(id) && index.size >= INSPECT_LIMITS.graphGroups) id = '(more)';
    let g = index.get(id);
    if (g === undefined) {
      index.set(id, (g = index.size));
      ops.push(new Map());
      sizes.push(0);
    }
    const op = node.domain === '' ? node.opType : `${node.domain}:${node.opType}`;
    ops[g]?.set(op, (ops[g]?.get(op) ?? 0) + 1);
    sizes[g] = (sizes[g] ?? 0) + 1;
    for (const input of node.inputs) {
      const from = producer.get(input);
      if (from !== undefined && from !== g) edges.add(`${from},${g}`);
    }
    for (const output of node.outputs) producer.set(output, g);
  }
  const groups = [...index.keys()].map((id, g) => ({
    id,
    nodes: sizes[g] ?? 0,
    ops: [...(ops[g] ?? [])].map(([o, count]) => ({ op: o, count })).sort((a, b) => b.count - a.count),
  }));
  return { groups, edges: [...edges].map((e) => e.split(',').map(Number) as [number, number]) };
}

/** Which analysis outputs the graph's outputs expose, counted by their names. */
export function exposedOutputs(outputs: readonly OnnxValueInfo[]): Exposed {
  const count = (re: RegExp) => outputs.filter((o) => re.test(o.name)).length;
  return {
    logits: outputs.some((o) => o.name === 'logits'),
    attentions: count(/^attentions?([._]|$)/u),
    hiddenStates: count(/^hidden_states?([._]|$)/u),
    routerLogits: count(/^router_logits([._]|$)/u),
    presentKeyValues: count(/^present([._]|$)/u),
  };
}
