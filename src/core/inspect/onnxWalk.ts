/**
 * @file Walks an ONNX file's `ModelProto` through a {@link FileCursor}: opsets, producer, metadata, the graph's
 * nodes, inputs and outputs are read; each initializer's name, type and dims are read and its data (`raw_data`,
 * typed data, external data) is skipped by seeking. Decoding of nodes and value infos is readOnnx's own.
 */
import { parseNode, parseOpset, parseValueInfo, type OnnxNode, type OnnxValueInfo } from '../formats/onnx/readOnnx';
import {
  fieldInt,
  fieldText,
  MAX_MESSAGE_FIELDS,
  readFields,
  readVarint,
  WIRE,
  WireError,
} from '../formats/onnx/protoWire';
import type { WireField } from '../formats/onnx/protoWire';
import { throwIfCancelled } from '../errors';
import type { FileCursor } from './fileCursor';

/** Largest node, value info or small field read whole (a Constant node holding a big tensor is read sparsely). */
export const MAX_PART_BYTES = 16 * 2 ** 20;

/** An initializer's header: its data is never read. */
export interface InitializerHead {
  readonly name: string;
  readonly dataType: number;
  readonly dims: readonly number[];
  /** Bytes of its data as stored (inline or external), or null when it cannot be told. */
  readonly bytes: number | null;
  /** The external data file, when stored outside the model. */
  readonly location: string | undefined;
}

/** What the walk found. */
export interface OnnxWalk {
  irVersion: number;
  producer: string;
  readonly opsets: [string, number][];
  readonly metadata: [string, string][];
  readonly nodes: OnnxNode[];
  readonly inputs: OnnxValueInfo[];
  readonly outputs: OnnxValueInfo[];
  readonly initializers: InitializerHead[];
  /** Nodes too large to read whole (attributes skipped). */
  largeNodes: number;
  sparseInitializers: number;
  hasGraph: boolean;
}

/** A message of `field` read whole, as a buffer and the field over it that readOnnx's parsers take. */
async function whole(cursor: FileCursor, field: WireField, what: string): Promise<[Uint8Array, WireField]> {
  const buf = await cursor.payload(field, MAX_PART_BYTES, what);
  return [buf, { ...field, start: 0, dataStart: 0, end: buf.length }];
}

/** Visits the fields of the message in `[start, end)` in file order. */
async function eachField(
  cursor: FileCursor,
  start: number,
  end: number,
  signal: AbortSignal | undefined,
  visit: (f: WireField) => Promise<void> | void,
): Promise<void> {
  let count = 0;
  for (let pos = start; pos < end;) {
    if (++count > MAX_MESSAGE_FIELDS)
      throw new WireError(`the message at byte ${start} has more than the limit of ${MAX_MESSAGE_FIELDS} fields`);
    if (count % 4096 === 0) {
      throwIfCancelled(signal);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const f = await cursor.field(pos, end);
    await visit(f);
    pos = f.end;
  }
}

/** Walks the whole model. */
export async function walkOnnx(cursor: FileCursor, signal?: AbortSignal): Promise<OnnxWalk> {
  const walk: OnnxWalk = {
    irVersion: 0,
    producer: '',
    opsets: [],
    metadata: [],
    nodes: [],
    inputs: [],
    outputs: [],
    initializers: [],
    largeNodes: 0,
    sparseInitializers: 0,
    hasGraph: false,
  };
  await eachField(cursor, 0, cursor.size, signal, async (f) => {
    if (f.num === 1 && f.wire === WIRE.varint) walk.irVersion = fieldInt(f);
    else if (f.wire !== WIRE.bytes) return;
    else if (f.num === 2 || f.num === 3) {
      const text = new TextDecoder().decode(await cursor.payload(f, MAX_PART_BYTES, 'the producer'));
      walk.producer = f.num === 2 ? `${text}${walk.producer}` : `${walk.producer} ${text}`;
    } else if (f.num === 8) walk.opsets.push(parseOpset(...(await whole(cursor, f, 'an opset'))));
    else if (f.num === 14) walk.metadata.push(entry(...(await whole(cursor, f, 'a metadata entry'))));
    else if (f.num === 7) {
      walk.hasGraph = true;
      await walkGraph(cursor, f, walk, signal);
    }
  });
  return walk;
}

function entry(buf: Uint8Array, msg: WireField): [string, string] {
  let key = '';
  let value = '';
  for (const f of readFields(buf, msg.dataStart, msg.end)) {
    if (f.num === 1 && f.wire === WIRE.bytes) key = fieldText(buf, f);
    else if (f.num === 2 && f.wire === WIRE.bytes) value = fieldText(buf, f);
  }
  return [key, value];
}

async function walkGraph(cursor: FileCursor, graph: WireField, walk: OnnxWalk, signal?: AbortSignal): Promise<void> {
  await eachField(cursor, graph.dataStart, graph.end, signal, async (f) => {
    if (f.wire !== WIRE.bytes) return;
    if (f.num === 1) walk.nodes.push(await readNode(cursor, f, walk, signal));
    else if (f.num === 5) walk.initializers.push(await readInitializer(cursor, f, signal));
    else if (f.num === 11) walk.inputs.push(parseValueInfo(...(await whole(cursor, f, 'a graph input'))));
    else if (f.num === 12) walk.outputs.push(parseValueInfo(...(await whole(cursor, f, 'a graph output'))));
    else if (f.num === 15) walk.sparseInitializers++;
  });
}

async function readNode(cursor: FileCursor, f: WireField, walk: OnnxWalk, signal?: AbortSignal): Promise<OnnxNode> {
  if (f.end - f.dataStart <= MAX_PART_BYTES) return parseNode(...(await whole(cursor, f, 'a node')));
  walk.largeNodes++;
  const node = { name: '', opType: '', domain: '', inputs: [] as string[], outputs: [] as string[] };
  await eachField(cursor, f.dataStart, f.end, signal, async (g) => {
    if (g.wire !== WIRE.bytes || g.num === 5) return;
    const text = new TextDecoder().decode(await cursor.payload(g, MAX_PART_BYTES, 'a node field'));
    if (g.num === 1) node.inputs.push(text);
    else if (g.num === 2) node.outputs.push(text);
    else if (g.num === 3) node.name = text;
    else if (g.num === 4) node.opType = text;
    else if (g.num === 7) node.domain = text === 'ai.onnx' ? '' : text;
  });
  return { ...node, attributes: new Map() };
}

/** TensorProto fields holding data: raw_data and the typed lists; skipped, only their length is kept. */
const DATA_FIELDS = new Set([4, 5, 6, 7, 9, 10, 11]);

async function readInitializer(cursor: FileCursor, f: WireField, signal?: AbortSignal): Promise<InitializerHead> {
  let name = '';
  let dataType = 0;
  const dims: number[] = [];
  let inline: number | null = null;
  const external = new Map<string, string>();
  await eachField(cursor, f.dataStart, f.end, signal, async (g) => {
    if (g.num === 1 && g.wire === WIRE.varint) dims.push(fieldInt(g));
    else if (g.num === 2 && g.wire === WIRE.varint) dataType = fieldInt(g);
    else if (g.wire !== WIRE.bytes) return;
    else if (DATA_FIELDS.has(g.num)) inline = (inline ?? 0) + (g.end - g.dataStart);
    else if (g.num === 1) dims.push(...packed(await cursor.payload(g, MAX_PART_BYTES, 'tensor dims')));
    else if (g.num === 8) name = new TextDecoder().decode(await cursor.payload(g, MAX_PART_BYTES, 'a tensor name'));
    else if (g.num === 13) {
      const [key, value] = entry(...(await whole(cursor, g, 'an external data entry')));
      external.set(key, value);
    }
  });
  const length = Number(external.get('length'));
  const bytes = external.size > 0 ? (Number.isSafeInteger(length) ? length : null) : inline;
  return { name, dataType, dims, bytes, location: external.get('location') };
}

function packed(buf: Uint8Array): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < buf.length;) {
    const [value, next] = readVarint(buf, pos, buf.length);
    out.push(Number(BigInt.asIntN(64, value)));
    pos = next;
  }
  return out;
}
