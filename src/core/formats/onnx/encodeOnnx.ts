/**
 * @file Encodes the few ONNX messages Model Lens adds to a graph (nodes and value infos), and
 * splices them into a model's bytes without re-encoding anything else: fields appended to the
 * graph message extend its repeated `node` and `output` lists, so every original byte survives.
 */
import { bytesField, concatBytes, encodeVarint, message, varintField, WIRE } from './protoWire';
import type { OnnxDim, OnnxModel } from './readOnnx';

/** A node to encode; `domain` defaults to the ONNX default domain. */
export interface NodeSpec {
  readonly name: string;
  readonly opType: string;
  readonly domain?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A tensor value info to encode; `elemType` 0 and `shape` undefined leave them undeclared. */
export interface ValueInfoSpec {
  readonly name: string;
  readonly elemType: number;
  readonly shape: readonly OnnxDim[] | undefined;
}

/** Encodes a `NodeProto`. */
export function encodeNode(node: NodeSpec): Uint8Array {
  return message([
    ...node.inputs.map((name) => bytesField(1, name)),
    ...node.outputs.map((name) => bytesField(2, name)),
    bytesField(3, node.name),
    bytesField(4, node.opType),
    ...(node.domain === undefined || node.domain === '' ? [] : [bytesField(7, node.domain)]),
  ]);
}

/** Encodes a `ValueInfoProto` for a tensor. */
export function encodeValueInfo(info: ValueInfoSpec): Uint8Array {
  const dims = (info.shape ?? []).map((dim) =>
    bytesField(
      1,
      message(typeof dim === 'number' ? [varintField(1, dim)] : typeof dim === 'string' ? [bytesField(2, dim)] : []),
    ),
  );
  const tensor = message([
    ...(info.elemType === 0 ? [] : [varintField(1, info.elemType)]),
    ...(info.shape === undefined ? [] : [bytesField(2, message(dims))]),
  ]);
  return message([bytesField(1, info.name), bytesField(2, message([bytesField(1, tensor)]))]);
}

/** Returns a copy of the model's bytes whose main graph also has `nodes` (appended) and `outputs`. */
export function appendToGraph(
  model: OnnxModel,
  nodes: readonly NodeSpec[],
  outputs: readonly ValueInfoSpec[],
): Uint8Array {
  const { bytes, graphField } = model;
  const extra = concatBytes([
    ...nodes.map((n) => bytesField(1, encodeNode(n))),
    ...outputs.map((o) => bytesField(12, encodeValueInfo(o))),
  ]);
  const graphLength = graphField.end - graphField.dataStart + extra.length;
  return concatBytes([
    bytes.subarray(0, graphField.start),
    encodeVarint(7 * 8 + WIRE.bytes),
    encodeVarint(graphLength),
    bytes.subarray(graphField.dataStart, graphField.end),
    extra,
    bytes.subarray(graphField.end),
  ]);
}
