/**
 * @file Finds a causal LM's last hidden state inside an ONNX graph and makes it a graph output: the left operand of
 * the MatMul (or Gemm) that writes `logits`, through any Identity or Cast, is the final-normed hidden state that
 * the output projection reads ([batch, positions, d]). An `Identity` node writes it as {@link FINAL_HIDDEN}.
 */
import { appendToGraph } from './encodeOnnx';
import { elemTypeOf } from './elemTypeOf';
import type { OnnxGraph, OnnxModel, OnnxNode } from './readOnnx';

/** The output name the rewrite adds (or a model may export). */
export const FINAL_HIDDEN = 'final_hidden_state';

/** The outcome of {@link exposeFinalHidden}. */
export type HiddenExposure =
  | { readonly kind: 'exported' | 'rewritten'; readonly bytes: Uint8Array }
  | { readonly kind: 'unavailable'; readonly reason: string };

const PASS_OPS = new Set(['Identity', 'Cast']);

/** Returns the model with its last hidden state as the graph output {@link FINAL_HIDDEN}, or why it cannot. */
export function exposeFinalHidden(model: OnnxModel): HiddenExposure {
  const { graph } = model;
  if (graph.outputs.some((o) => o.name === FINAL_HIDDEN)) return { kind: 'exported', bytes: model.bytes };
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  const source = projectionInput(graph, producer);
  if (source === undefined) {
    return {
      kind: 'unavailable',
      reason:
        "No MatMul or Gemm writes this model's logits from a hidden state and a weight, so Model Lens cannot find " +
        `its last hidden state; export it with a ${FINAL_HIDDEN} output.`,
    };
  }
  if (producer.has(FINAL_HIDDEN) || graph.inputs.some((i) => i.name === FINAL_HIDDEN)) {
    return {
      kind: 'unavailable',
      reason: `This model already has a tensor named ${FINAL_HIDDEN} that is not an output.`,
    };
  }
  const node = { name: `model_lens/${FINAL_HIDDEN}`, opType: 'Identity', inputs: [source], outputs: [FINAL_HIDDEN] };
  const value = { name: FINAL_HIDDEN, elemType: elemTypeOf(graph, source, producer), shape: undefined };
  return { kind: 'rewritten', bytes: appendToGraph(model, [node], [value]) };
}

/** The activation operand of the MatMul or Gemm that writes `logits` (weights are initializers or their Transpose). */
function projectionInput(graph: OnnxGraph, producer: ReadonlyMap<string, OnnxNode>): string | undefined {
  let node = producer.get('logits');
  while (node !== undefined && PASS_OPS.has(node.opType)) node = producer.get(node.inputs[0] ?? '');
  if (node === undefined || (node.opType !== 'MatMul' && node.opType !== 'Gemm')) return undefined;
  const isWeight = (name: string): boolean => {
    const from = producer.get(name);
    if (from === undefined) return graph.initializerTypes.has(name);
    return PASS_OPS.has(from.opType) || from.opType === 'Transpose' ? isWeight(from.inputs[0] ?? '') : false;
  };
  const [a, b] = node.inputs;
  if (a !== undefined && b !== undefined && isWeight(b) && !isWeight(a)) return a;
  return undefined;
}
