/**
 * @file Finds the attention probabilities inside an ONNX graph and makes them graph outputs.
 * An attention softmax is recognised by structure: a `Softmax` over the last axis whose input is a
 * score chain (Add/Sub/Div/Mul/Where/Cast/Tanh) over a MatMul of two activations (Q·Kᵀ), and whose
 * output is the left operand of a MatMul with another activation (V). Each one gets an `Identity`
 * node writing `attentions.{i}`, in graph order, which is layer order for exported transformers.
 */
import { appendToGraph, type NodeSpec, type ValueInfoSpec } from './encodeOnnx';
import { elemTypeOf } from './elemTypeOf';
import type { OnnxDim, OnnxGraph, OnnxModel, OnnxNode } from './readOnnx';

/** One `attentions.{i}` output and the softmax it copies. */
export interface AttentionOutput {
  readonly name: string;
  /** The softmax output tensor it exposes; equal to `name` for exported attentions. */
  readonly source: string;
  /** The declared shape, `[batch, heads, query, key]` where known. */
  readonly shape: readonly OnnxDim[] | undefined;
}

/** The outcome of {@link exposeAttention}. */
export type AttentionExposure =
  /** The graph already outputs `attentions.*`; `bytes` are the model's own, unchanged. */
  | { readonly kind: 'exported'; readonly bytes: Uint8Array; readonly outputs: readonly AttentionOutput[] }
  /** A rewritten copy whose graph also outputs the attention softmaxes. */
  | { readonly kind: 'rewritten'; readonly bytes: Uint8Array; readonly outputs: readonly AttentionOutput[] }
  /** No attention tensor can be exposed; `reason` is a sentence for the user. */
  | { readonly kind: 'unavailable'; readonly reason: string };

const FALLBACK = 'Model Lens measures dependencies by ablation instead';
/** Ops between Q·Kᵀ and the softmax: scaling, masking, biases, soft-capping and casts. */
const SCORE_OPS = new Set(['Add', 'Sub', 'Div', 'Mul', 'Where', 'Cast', 'Tanh', 'Identity', 'Max', 'Min', 'Clip']);
/** Ops allowed between the softmax and its MatMul with V. */
const PASS_OPS = new Set(['Cast', 'Dropout', 'Identity']);
/** How many score ops may sit between Q·Kᵀ and the softmax. */
const MAX_SCORE_DEPTH = 8;

/** Returns the model with its attention probabilities as graph outputs, or why that is impossible. */
export function exposeAttention(model: OnnxModel): AttentionExposure {
  const { graph } = model;
  const exported = graph.outputs.filter((o) => /^attentions\.\d+$/u.test(o.name));
  if (exported.length > 0) {
    return {
      kind: 'exported',
      bytes: model.bytes,
      outputs: exported.map((o) => ({ name: o.name, source: o.name, shape: o.shape })),
    };
  }
  const fused = fusedAttentionOp(graph);
  if (fused !== undefined) {
    return {
      kind: 'unavailable',
      reason:
        `This model computes attention in a fused ${fused} op, whose probabilities are not a tensor in the ` +
        `graph; ${FALLBACK}.`,
    };
  }
  const index = new GraphIndex(graph);
  const softmaxes = index.attentionSoftmaxes(model.opsets.get('') ?? 0);
  if (softmaxes.length === 0) {
    return {
      kind: 'unavailable',
      reason:
        `No Softmax in this model's graph turns Q·Kᵀ scores into probabilities that weight V, so there is ` +
        `no attention tensor to read; ${FALLBACK}.`,
    };
  }
  const outputs = softmaxes.map((node, i): AttentionOutput => ({
    name: `attentions.${i}`,
    source: node.outputs[0] ?? '',
    shape: attentionShape(graph, node),
  }));
  const names = tensorNames(graph);
  const taken = outputs.find((o) => names.has(o.name));
  if (taken !== undefined) {
    return {
      kind: 'unavailable',
      reason:
        `This model already has a tensor named ${taken.name} that is not a graph output, so Model Lens ` +
        `cannot add its own; ${FALLBACK}.`,
    };
  }
  const nodes = outputs.map((o): NodeSpec => ({
    name: `model_lens/${o.name}`,
    opType: 'Identity',
    inputs: [o.source],
    outputs: [o.name],
  }));
  const values = outputs.map((o): ValueInfoSpec => ({
    name: o.name,
    elemType: elemTypeOf(graph, o.source, index.producer),
    shape: o.shape,
  }));
  return { kind: 'rewritten', bytes: appendToGraph(model, nodes, values), outputs };
}

/** The first fused attention op in the graph, named for a message (`com.microsoft Attention`), or undefined. */
export function fusedAttentionOp(graph: OnnxGraph): string | undefined {
  const node = graph.nodes.find(
    (n) =>
      (n.domain === 'com.microsoft' && n.opType.includes('Attention')) || (n.domain === '' && n.opType === 'Attention'),
  );
  if (node === undefined) return undefined;
  return node.domain === '' ? `ONNX ${node.opType} (opset 23+)` : `${node.domain} ${node.opType}`;
}

/** Producers and consumers of each tensor, for walking the graph. */
class GraphIndex {
  /** The node writing each tensor. */
  readonly producer = new Map<string, OnnxNode>();
  private readonly consumers = new Map<string, OnnxNode[]>();

  constructor(private readonly graph: OnnxGraph) {
    for (const node of graph.nodes) {
      for (const out of node.outputs) this.producer.set(out, node);
      for (const input of node.inputs) {
        const list = this.consumers.get(input);
        if (list === undefined) this.consumers.set(input, [node]);
        else list.push(node);
      }
    }
  }

  /** The softmax nodes that compute attention probabilities, in graph order. */
  attentionSoftmaxes(opset: number): OnnxNode[] {
    return this.graph.nodes.filter(
      (n) =>
        n.opType === 'Softmax' &&
        n.domain === '' &&
        lastAxis(n, opset, rankOf(this.graph, n.outputs[0])) &&
        this.isScores(n.inputs[0], 0) &&
        this.weightsValues(n.outputs[0]),
    );
  }

  /** True when `tensor` is Q·Kᵀ, possibly scaled, masked, biased or capped. */
  private isScores(tensor: string | undefined, depth: number): boolean {
    const node = tensor === undefined ? undefined : this.producer.get(tensor);
    if (node === undefined || depth > MAX_SCORE_DEPTH) return false;
    if (node.opType === 'MatMul' || node.opType === 'FusedMatMul')
      return node.inputs.every((i) => this.isActivation(i));
    if (!SCORE_OPS.has(node.opType)) return false;
    return node.inputs.some((input) => this.isScores(input, depth + 1));
  }

  /** True when `tensor` (through casts or dropout) is the left operand of a MatMul with an activation. */
  private weightsValues(tensor: string | undefined): boolean {
    for (const node of tensor === undefined ? [] : (this.consumers.get(tensor) ?? [])) {
      if (node.opType === 'MatMul' && node.inputs[0] === tensor && this.isActivation(node.inputs[1])) return true;
      if (PASS_OPS.has(node.opType) && this.weightsValues(node.outputs[0])) return true;
    }
    return false;
  }

  /** True when `tensor` is computed from the inputs, not a weight or a constant. */
  private isActivation(tensor: string | undefined): boolean {
    if (tensor === undefined || tensor === '' || this.graph.initializerTypes.has(tensor)) return false;
    return this.producer.get(tensor)?.opType !== 'Constant';
  }
}

/** True when the softmax normalises over the last axis of a (possibly) rank-4 tensor. */
function lastAxis(node: OnnxNode, opset: number, rank: number | undefined): boolean {
  if (rank !== undefined && rank !== 4) return false;
  // Before opset 13 the default axis was 1 and the input was flattened to 2-D at the axis, so only
  // axis -1 or 3 mean "over the last axis" in both versions.
  const axis = node.attributes.get('axis')?.int ?? (opset >= 13 ? -1 : 1);
  return axis === -1 || axis === 3;
}

function rankOf(graph: OnnxGraph, tensor: string | undefined): number | undefined {
  return tensor === undefined ? undefined : graph.valueInfo.get(tensor)?.shape?.length;
}

/**
 * The softmax's recorded shape, else `[batch, heads, query, key]` with dims named as in `input_ids` and
 * `attention_mask`.
 */
function attentionShape(graph: OnnxGraph, node: OnnxNode): readonly OnnxDim[] {
  const recorded = graph.valueInfo.get(node.outputs[0] ?? '')?.shape;
  if (recorded?.length === 4) return recorded;
  const ids = graph.inputs.find((i) => i.name === 'input_ids')?.shape;
  const mask = graph.inputs.find((i) => i.name === 'attention_mask')?.shape;
  const batch = ids?.[0] ?? 'batch_size';
  const query = ids?.[1] ?? 'sequence_length';
  return [batch, 'heads', query, mask?.[1] ?? query];
}

function tensorNames(graph: OnnxGraph): Set<string> {
  const names = new Set<string>(graph.initializerTypes.keys());
  for (const input of graph.inputs) names.add(input.name);
  for (const node of graph.nodes) for (const name of [...node.inputs, ...node.outputs]) names.add(name);
  return names;
}
