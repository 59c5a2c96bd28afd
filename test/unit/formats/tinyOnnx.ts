/**
 * @file Builds tiny ONNX models byte by byte for the format tests, with the same wire helpers the
 * rewriter uses: attention graphs, fused-op graphs, and graphs with external weights.
 */
import {
  encodeNode,
  encodeValueInfo,
  type NodeSpec,
  type ValueInfoSpec,
} from '../../../src/core/formats/onnx/encodeOnnx';
import { bytesField, message, varintField } from '../../../src/core/formats/onnx/protoWire';

/** An integer or integer-list attribute of a node. */
export interface AttrSpec {
  readonly name: string;
  readonly int?: number;
  readonly ints?: readonly number[];
}

/** A float32 initializer, stored inline or (with `location`) in an external file. */
export interface InitSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: readonly number[];
  readonly location?: string;
}

/** The parts of a tiny model. */
export interface TinyModel {
  readonly nodes: readonly (NodeSpec & { readonly attrs?: readonly AttrSpec[] })[];
  readonly inputs: readonly ValueInfoSpec[];
  readonly outputs: readonly ValueInfoSpec[];
  readonly initializers?: readonly InitSpec[];
  /** Opsets by domain; defaults to the default domain at 17. */
  readonly opsets?: Readonly<Record<string, number>>;
}

const FLOAT = 1;

function encodeAttr(attr: AttrSpec): Uint8Array {
  if (attr.ints !== undefined)
    return message([bytesField(1, attr.name), ...attr.ints.map((v) => varintField(8, v)), varintField(20, 7)]);
  return message([bytesField(1, attr.name), varintField(3, attr.int ?? 0), varintField(20, 2)]);
}

function encodeInit(init: InitSpec): Uint8Array {
  const dims = init.dims.map((d) => varintField(1, d));
  const head = [...dims, varintField(2, FLOAT), bytesField(8, init.name)];
  if (init.location !== undefined) {
    const entry = message([bytesField(1, 'location'), bytesField(2, init.location)]);
    return message([...head, bytesField(13, entry), varintField(14, 1)]);
  }
  return message([...head, bytesField(9, new Uint8Array(Float32Array.from(init.values).buffer))]);
}

/** Encodes a whole `ModelProto` (IR version 8). */
export function tinyModel(spec: TinyModel): Uint8Array {
  const nodes = spec.nodes.map((n) => {
    const attrs = (n.attrs ?? []).map((a) => bytesField(5, encodeAttr(a)));
    return bytesField(1, message([encodeNode(n), ...attrs]));
  });
  const graph = message([
    ...nodes,
    bytesField(2, 'tiny'),
    ...(spec.initializers ?? []).map((i) => bytesField(5, encodeInit(i))),
    ...spec.inputs.map((i) => bytesField(11, encodeValueInfo(i))),
    ...spec.outputs.map((o) => bytesField(12, encodeValueInfo(o))),
  ]);
  const opsets = Object.entries(spec.opsets ?? { '': 17 }).map(([domain, version]) =>
    bytesField(8, message([...(domain === '' ? [] : [bytesField(1, domain)]), varintField(2, version)])),
  );
  return message([varintField(1, 8), bytesField(2, 'model-lens-tests'), bytesField(7, graph), ...opsets]);
}

const qkv = (name: string): ValueInfoSpec => ({ name, elemType: FLOAT, shape: ['batch', 2, 'seq', 4] });

/** Scaled dot-product attention: softmax(Q·Kᵀ / 2) · V over [batch, 2 heads, seq, 4]. */
export function tinyAttention(extra: { readonly location?: string } = {}): Uint8Array {
  return tinyModel({
    inputs: [qkv('q'), qkv('k'), qkv('v')],
    outputs: [qkv('out')],
    initializers: [{ name: 'scale', dims: [], values: [2], ...extra }],
    nodes: [
      {
        name: 'kt',
        opType: 'Transpose',
        inputs: ['k'],
        outputs: ['kT'],
        attrs: [{ name: 'perm', ints: [0, 1, 3, 2] }],
      },
      { name: 'qk', opType: 'MatMul', inputs: ['q', 'kT'], outputs: ['scores'] },
      { name: 'div', opType: 'Div', inputs: ['scores', 'scale'], outputs: ['scaled'] },
      {
        name: 'softmax',
        opType: 'Softmax',
        inputs: ['scaled'],
        outputs: ['probs'],
        attrs: [{ name: 'axis', int: -1 }],
      },
      { name: 'pv', opType: 'MatMul', inputs: ['probs', 'v'], outputs: ['out'] },
    ],
  });
}

/** A graph whose attention is one fused op of `domain`. */
export function tinyFused(opType: string, domain: string, opsets: Readonly<Record<string, number>>): Uint8Array {
  const x: ValueInfoSpec = { name: 'x', elemType: FLOAT, shape: ['batch', 'seq', 8] };
  return tinyModel({
    opsets,
    inputs: [x],
    outputs: [{ ...x, name: 'y' }],
    nodes: [
      { name: 'sm', opType: 'Softmax', inputs: ['x'], outputs: ['p'] },
      { name: 'attn', opType, domain, inputs: ['p', 'p', 'p'], outputs: ['y'], attrs: [{ name: 'num_heads', int: 2 }] },
    ],
  });
}

/** A classifier head: softmax(x · W), whose softmax is not attention. */
export function tinyClassifier(): Uint8Array {
  return tinyModel({
    inputs: [{ name: 'x', elemType: FLOAT, shape: ['batch', 3] }],
    outputs: [{ name: 'y', elemType: FLOAT, shape: ['batch', 2] }],
    initializers: [{ name: 'w', dims: [3, 2], values: [1, 2, 3, 4, 5, 6] }],
    nodes: [
      { name: 'mm', opType: 'MatMul', inputs: ['x', 'w'], outputs: ['logits'] },
      { name: 'sm', opType: 'Softmax', inputs: ['logits'], outputs: ['y'] },
    ],
  });
}
