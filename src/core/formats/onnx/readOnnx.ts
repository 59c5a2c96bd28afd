/**
 * @file Reads the structure of an ONNX model (a protobuf `ModelProto`): opsets, graph inputs and
 * outputs, nodes, and which weights live in external data files. Weights themselves are skipped,
 * not decoded. Malformed files become a `bad-model` error that says what is wrong and what to do.
 */
import { readFile, stat } from 'node:fs/promises';
import { LensError } from '../../errors';
import {
  fieldInt,
  fieldText,
  MAX_MESSAGE_FIELDS,
  readFields,
  readVarint,
  WIRE,
  WireError,
  type WireField,
} from './protoWire';

/** The largest file protobuf can parse (2 GiB − 1); bigger models keep weights in external data. */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

/** One dimension of a tensor shape: a size, a symbolic name, or `null` when unknown. */
export type OnnxDim = number | string | null;

/** A graph input, output or intermediate tensor with its declared type. */
export interface OnnxValueInfo {
  readonly name: string;
  /** The `TensorProto.DataType` code (1 = float32, 10 = float16); 0 when not declared. */
  readonly elemType: number;
  /** The declared shape, or `undefined` when the rank is unknown. */
  readonly shape: readonly OnnxDim[] | undefined;
}

/** An attribute of a node; only the integer forms and a tensor's element type are decoded. */
export interface OnnxAttribute {
  readonly int: number | undefined;
  readonly ints: readonly number[];
  /** The element type of a tensor attribute (`Constant`'s `value`), if any. */
  readonly tensorType: number | undefined;
}

/** One node of the graph. */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** The operator domain; `''` is the default ONNX domain (also spelled `ai.onnx`). */
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, OnnxAttribute>;
}

/** The main graph of a model. */
export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** Shapes of intermediate tensors, where the exporter recorded them. */
  readonly valueInfo: ReadonlyMap<string, OnnxValueInfo>;
  /** Element type of each initializer (weight), by name. */
  readonly initializerTypes: ReadonlyMap<string, number>;
  /** Distinct `location`s of initializers stored in external data files, relative to the model. */
  readonly externalData: readonly string[];
}

/** A parsed model, with the bytes it came from so it can be patched without re-encoding. */
export interface OnnxModel {
  readonly bytes: Uint8Array;
  readonly irVersion: number;
  /** Opset version per domain; the default domain is `''`. */
  readonly opsets: ReadonlyMap<string, number>;
  readonly graph: OnnxGraph;
  /** Where the `graph` field lies in `bytes`. */
  readonly graphField: WireField;
}

/** Reads and parses an ONNX file, checking its size before loading it. */
export async function readOnnxFile(path: string): Promise<OnnxModel> {
  const { size } = await stat(path);
  if (size > MAX_ONNX_BYTES) throw tooBig(path, size);
  return readOnnx(await readFile(path), path);
}

/** Parses ONNX bytes; `source` names the file in error messages. */
export function readOnnx(bytes: Uint8Array, source = 'the model'): OnnxModel {
  if (bytes.length === 0) throw bad(source, 'it is empty (0 bytes)', 'Export or download it again.');
  if (bytes.length > MAX_ONNX_BYTES) throw tooBig(source, bytes.length);
  try {
    return parseModel(bytes, source);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    throw wireFailure(source, error);
  }
}

/** A `WireError` met while reading `source` as the `bad-model` error the user sees (truncated or not ONNX). */
export function wireFailure(source: string, error: WireError): LensError {
  return bad(
    source,
    `it is not a readable protobuf file (${error.message})`,
    error.truncated
      ? 'It looks truncated, as by an interrupted download or copy: download or export it again.'
      : 'Check that it is an .onnx model and not another file renamed; export it again if so.',
  );
}

function bad(source: string, what: string, todo: string): LensError {
  return new LensError('bad-model', `${source} is not a valid ONNX model: ${what}. ${todo}`);
}

function tooBig(source: string, size: number): LensError {
  const gb = (size / 2 ** 30).toFixed(1);
  return bad(
    source,
    `it is ${gb} GiB, and a single ONNX file cannot exceed 2 GiB`,
    'Export it with its weights in external data (torch.onnx.export(..., external_data=True)) and open the small ' +
      '.onnx file.',
  );
}

function parseModel(bytes: Uint8Array, source: string): OnnxModel {
  let irVersion = 0;
  let graphField: WireField | undefined;
  const opsets = new Map<string, number>();
  for (const f of readFields(bytes)) {
    if (f.num === 1 && f.wire === WIRE.varint) irVersion = fieldInt(f);
    else if (f.num === 7 && f.wire === WIRE.bytes) graphField = f;
    else if (f.num === 8 && f.wire === WIRE.bytes) {
      const [domain, version] = parseOpset(bytes, f);
      opsets.set(domain === 'ai.onnx' ? '' : domain, version);
    }
  }
  if (graphField === undefined)
    throw bad(
      source,
      'it parses as protobuf but holds no graph',
      'It may be truncated or another kind of protobuf file: export or download it again.',
    );
  if (opsets.size === 0)
    throw bad(
      source,
      'it declares no operator sets (opset_import)',
      'It may be truncated: export or download it again.',
    );
  return { bytes, irVersion, opsets, graph: parseGraph(bytes, graphField), graphField };
}

/** An `OperatorSetIdProto` message: its domain and version. */
export function parseOpset(buf: Uint8Array, msg: WireField): [string, number] {
  let domain = '';
  let version = 0;
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.num === 1 && f.wire === WIRE.bytes) domain = fieldText(buf, f);
    else if (f.num === 2 && f.wire === WIRE.varint) version = fieldInt(f);
  }
  return [domain, version];
}

function parseGraph(buf: Uint8Array, msg: WireField): OnnxGraph {
  let name = '';
  const nodes: OnnxNode[] = [];
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const valueInfo = new Map<string, OnnxValueInfo>();
  const initializerTypes = new Map<string, number>();
  const externalData = new Set<string>();
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.wire !== WIRE.bytes) continue;
    if (f.num === 1) nodes.push(parseNode(buf, f));
    else if (f.num === 2) name = fieldText(buf, f);
    else if (f.num === 5) parseInitializer(buf, f, initializerTypes, externalData);
    else if (f.num === 11) inputs.push(parseValueInfo(buf, f));
    else if (f.num === 12) outputs.push(parseValueInfo(buf, f));
    else if (f.num === 13) {
      const info = parseValueInfo(buf, f);
      valueInfo.set(info.name, info);
    }
  }
  return { name, nodes, inputs, outputs, valueInfo, initializerTypes, externalData: [...externalData] };
}

/** A `NodeProto` message. */
export function parseNode(buf: Uint8Array, msg: WireField): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes = new Map<string, OnnxAttribute>();
  let name = '';
  let opType = '';
  let domain = '';
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.wire !== WIRE.bytes) continue;
    if (f.num === 1) inputs.push(fieldText(buf, f));
    else if (f.num === 2) outputs.push(fieldText(buf, f));
    else if (f.num === 3) name = fieldText(buf, f);
    else if (f.num === 4) opType = fieldText(buf, f);
    else if (f.num === 7) domain = fieldText(buf, f);
    else if (f.num === 5) {
      const [attrName, attr] = parseAttribute(buf, f);
      attributes.set(attrName, attr);
    }
  }
  return { name, opType, domain: domain === 'ai.onnx' ? '' : domain, inputs, outputs, attributes };
}

function parseAttribute(buf: Uint8Array, msg: WireField): [string, OnnxAttribute] {
  let name = '';
  let int: number | undefined;
  let tensorType: number | undefined;
  const ints: number[] = [];
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.num === 1 && f.wire === WIRE.bytes) name = fieldText(buf, f);
    else if (f.num === 3 && f.wire === WIRE.varint) int = fieldInt(f);
    else if (f.num === 8 && f.wire === WIRE.varint) ints.push(fieldInt(f));
    else if (f.num === 8 && f.wire === WIRE.bytes) for (const i of readPackedInts(buf, f)) ints.push(i);
    else if (f.num === 5 && f.wire === WIRE.bytes) tensorType = tensorDataType(buf, f);
  }
  return [name, { int, ints, tensorType }];
}

function readPackedInts(buf: Uint8Array, msg: WireField): number[] {
  const out: number[] = [];
  for (let pos = msg.dataStart; pos < msg.end;) {
    if (out.length >= MAX_MESSAGE_FIELDS)
      throw new WireError(`a list of integers at byte ${msg.start} holds more than ${MAX_MESSAGE_FIELDS} values`);
    const [value, next] = readVarint(buf, pos, msg.end);
    out.push(Number(BigInt.asIntN(64, value)));
    pos = next;
  }
  return out;
}

function tensorDataType(buf: Uint8Array, msg: WireField): number {
  const field = readFields(buf, msg.dataStart, msg.end).find((f) => f.num === 2 && f.wire === WIRE.varint);
  return field === undefined ? 0 : fieldInt(field);
}

function parseInitializer(buf: Uint8Array, msg: WireField, types: Map<string, number>, external: Set<string>): void {
  let name = '';
  let dataType = 0;
  let isExternal = false;
  const locations: string[] = [];
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.num === 8 && f.wire === WIRE.bytes) name = fieldText(buf, f);
    else if (f.num === 2 && f.wire === WIRE.varint) dataType = fieldInt(f);
    else if (f.num === 14 && f.wire === WIRE.varint) isExternal = f.value === 1n;
    else if (f.num === 13 && f.wire === WIRE.bytes) {
      const entry = readFields(buf, f.dataStart, f.end);
      const key = entry.find((e) => e.num === 1);
      const value = entry.find((e) => e.num === 2);
      if (key !== undefined && value !== undefined && fieldText(buf, key) === 'location')
        locations.push(fieldText(buf, value));
    }
  }
  types.set(name, dataType);
  if (isExternal)
    for (const location of locations.length > 0 ? locations : ['(no location given)']) external.add(location);
}

/** A `ValueInfoProto` message: name, element type and shape. */
export function parseValueInfo(buf: Uint8Array, msg: WireField): OnnxValueInfo {
  let name = '';
  let elemType = 0;
  let shape: OnnxDim[] | undefined;
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.num === 1 && f.wire === WIRE.bytes) name = fieldText(buf, f);
    else if (f.num === 2 && f.wire === WIRE.bytes) {
      const tensor = readFields(buf, f.dataStart, f.end).find((t) => t.num === 1 && t.wire === WIRE.bytes);
      if (tensor === undefined) continue;
      for (const t of readFields(buf, tensor.dataStart, tensor.end)) {
        if (t.num === 1 && t.wire === WIRE.varint) elemType = fieldInt(t);
        else if (t.num === 2 && t.wire === WIRE.bytes) shape = parseShape(buf, t);
      }
    }
  }
  return { name, elemType, shape };
}

function parseShape(buf: Uint8Array, msg: WireField): OnnxDim[] {
  return readFields(buf, msg.dataStart, msg.end)
    .filter((f) => f.num === 1 && f.wire === WIRE.bytes)
    .map((dim) => {
      let value: OnnxDim = null;
      for (const d of readFields(buf, dim.dataStart, dim.end)) {
        if (d.num === 1 && d.wire === WIRE.varint) value = fieldInt(d);
        else if (d.num === 2 && d.wire === WIRE.bytes) value = fieldText(buf, d);
      }
      return value;
    });
}

/** The op types of the graph's nodes with how often each occurs, as `domain:Op` for non-default domains. */
export function onnxOpTypes(graph: OnnxGraph): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const node of graph.nodes) {
    const key = node.domain === '' ? node.opType : `${node.domain}:${node.opType}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
