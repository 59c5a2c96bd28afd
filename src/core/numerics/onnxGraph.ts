/**
 * @file Encodes the small ONNX models the numerics kernels run: one graph of a few standard nodes
 * (MatMul, Gemm, Transpose, Mul…) over named inputs with symbolic dimensions, so one session
 * serves every shape of its kind. Written with the project's protobuf wire helpers.
 */
import { encodeValueInfo, type ValueInfoSpec } from '../formats/onnx/encodeOnnx';
import { bytesField, concatBytes, encodeVarint, message, varintField } from '../formats/onnx/protoWire';

/** ONNX element types the kernels use. */
export const ELEM = { float32: 1, float64: 11 } as const;

/** An attribute value: an integer, a float, or a list of integers. */
export type AttributeValue = { readonly int: number } | { readonly float: number } | { readonly ints: number[] };

/** A node of a kernel graph. */
export interface KernelNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A kernel graph: its nodes, inputs and outputs. */
export interface KernelGraph {
  readonly nodes: readonly KernelNode[];
  readonly inputs: readonly ValueInfoSpec[];
  readonly outputs: readonly ValueInfoSpec[];
}

/** The opset the kernel graphs are written against. */
const OPSET = 17;

function floatField(num: number, value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return concatBytes([encodeVarint(num * 8 + 5), bytes]);
}

function encodeAttribute(name: string, value: AttributeValue): Uint8Array {
  if ('int' in value) return message([bytesField(1, name), varintField(3, value.int), varintField(20, 2)]);
  if ('float' in value) return message([bytesField(1, name), floatField(2, value.float), varintField(20, 1)]);
  return message([bytesField(1, name), ...value.ints.map((i) => varintField(8, i)), varintField(20, 7)]);
}

function encodeKernelNode(node: KernelNode, index: number): Uint8Array {
  return message([
    ...node.inputs.map((n) => bytesField(1, n)),
    ...node.outputs.map((n) => bytesField(2, n)),
    bytesField(3, `${node.opType.toLowerCase()}_${index}`),
    bytesField(4, node.opType),
    ...Object.entries(node.attributes ?? {}).map(([k, v]) => bytesField(5, encodeAttribute(k, v))),
  ]);
}

/** The bytes of an ONNX model holding `graph`. */
export function encodeKernelModel(graph: KernelGraph): Uint8Array {
  const g = message([
    ...graph.nodes.map((n, i) => bytesField(1, encodeKernelNode(n, i))),
    bytesField(2, 'model_lens_kernel'),
    ...graph.inputs.map((v) => bytesField(11, encodeValueInfo(v))),
    ...graph.outputs.map((v) => bytesField(12, encodeValueInfo(v))),
  ]);
  return message([
    varintField(1, 8),
    bytesField(2, 'model-lens'),
    bytesField(7, g),
    bytesField(8, message([bytesField(1, ''), varintField(2, OPSET)])),
  ]);
}
