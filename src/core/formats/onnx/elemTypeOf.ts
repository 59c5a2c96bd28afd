/**
 * @file Works out a tensor's element type when the graph does not record it, so a tensor made
 * into a graph output can be declared with its type (ONNX Runtime refuses untyped outputs).
 */
import type { OnnxGraph, OnnxNode } from './readOnnx';

const INT64 = 7;
const BOOL = 9;
const FLOAT = 1;
const INT64_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin']);
const BOOL_OPS = new Set([
  'Equal',
  'Less',
  'LessOrEqual',
  'Greater',
  'GreaterOrEqual',
  'Not',
  'And',
  'Or',
  'Xor',
  'IsNaN',
  'IsInf',
]);

/**
 * The `TensorProto.DataType` of `tensor`, following the producing chain back to a declared type:
 * most ops keep the type of their first input, `Where` that of its second; 0 when undecidable.
 */
export function elemTypeOf(graph: OnnxGraph, tensor: string, producers: ReadonlyMap<string, OnnxNode>): number {
  const inputs = new Map(graph.inputs.map((i) => [i.name, i.elemType]));
  let name: string | undefined = tensor;
  for (let step = 0; name !== undefined && step <= graph.nodes.length; step++) {
    const declared = graph.valueInfo.get(name)?.elemType ?? inputs.get(name) ?? graph.initializerTypes.get(name);
    if (declared !== undefined && declared !== 0) return declared;
    const node = producers.get(name);
    if (node === undefined) return 0;
    const fixed = fixedType(node);
    if (fixed !== undefined) return fixed;
    name = node.inputs[node.opType === 'Where' ? 1 : 0];
  }
  return 0;
}

/** The output type an op fixes regardless of its inputs, if it does. */
function fixedType(node: OnnxNode): number | undefined {
  if (node.domain !== '') return undefined;
  if (node.opType === 'Cast') return node.attributes.get('to')?.int;
  if (node.opType === 'Constant' || node.opType === 'ConstantOfShape')
    return node.attributes.get('value')?.tensorType ?? FLOAT;
  if (INT64_OPS.has(node.opType)) return INT64;
  return BOOL_OPS.has(node.opType) ? BOOL : undefined;
}
