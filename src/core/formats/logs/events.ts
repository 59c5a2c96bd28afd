/**
 * @file The scalars of TensorBoard Event messages (event.proto, summary.proto, tensor.proto), read with
 * protobufjs's wire Reader: `simple_value` summaries, and tensor summaries holding one float32 or float64 (as
 * TF2's `tf.summary.scalar` writes them: `float_val`, `double_val` or `tensor_content`), and the hyperparameters
 * the hparams plugin records (numbers, texts, booleans as 0/1) as `hparams/<name>`. Other summaries (images,
 * histograms, text, tensors of more than one element) are skipped. Field numbers: Event wall_time 1, step 2,
 * file_version 3, summary 5; Summary value 1; Value tag 1, simple_value 2, tensor 8, metadata 9; SummaryMetadata
 * plugin_data 1 (PluginData plugin_name 1); TensorProto dtype 1, tensor_shape 2, tensor_content 4, float_val 5,
 * double_val 6; TensorShapeProto dim 2 (Dim size 1).
 */
import protobuf from 'protobufjs/minimal';
import { BYTES, FIXED32, FIXED64, endOf, int64, type Reader } from './protoRead';
import { hparamsOf, pluginOf, type Plugin } from './plugins';

/** One scalar logged at a step (a text only for a hyperparameter). */
export interface ScalarPoint {
  readonly step: number;
  readonly wallTime: number;
  readonly tag: string;
  readonly value: number | string;
}

/** TensorFlow's DataType numbers of the tensors read. */
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
/** Plugins whose tensors are not scalars even when they hold one number. */
const NOT_SCALARS = new Set(['histograms', 'images', 'audio', 'text', 'pr_curves', 'hparams', 'mesh', 'graphs']);

/** Number of elements a TensorShapeProto describes (1 for a scalar's empty shape). */
function shapeCount(reader: Reader, end: number): number {
  let count = 1;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 2 || (tag & 7) !== BYTES) {
      reader.skipType(tag & 7);
      continue;
    }
    const dimEnd = endOf(reader);
    while (reader.pos < dimEnd) {
      const field = reader.uint32();
      if (field >>> 3 === 1 && (field & 7) === 0) count *= int64(reader);
      else reader.skipType(field & 7);
    }
  }
  return count;
}

/** Reads a float_val (5), double_val (6) or tensor_content (4) field's numbers, packed or not. */
function tensorValues(reader: Reader, tag: number, dtype: () => number, out: number[]): void {
  const wire = tag & 7;
  if (wire === FIXED32) out.push(reader.float());
  else if (wire === FIXED64) out.push(reader.double());
  else if (wire !== BYTES) reader.skipType(wire);
  else if (tag >>> 3 === 4) {
    const bytes = reader.bytes();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = dtype() === DT_DOUBLE ? 8 : 4;
    for (let at = 0; at + size <= view.byteLength; at += size)
      out.push(size === 8 ? view.getFloat64(at, true) : view.getFloat32(at, true));
  } else {
    const end = endOf(reader);
    while (reader.pos < end) out.push(tag >>> 3 === 6 ? reader.double() : reader.float());
  }
}

/** The one number of a float32/float64 tensor of one element; undefined for any other tensor. */
function tensorScalar(reader: Reader, end: number): number | undefined {
  let dtype = 0;
  let count = 1;
  const contents: { tag: number; pos: number }[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    const num = tag >>> 3;
    if (num === 1 && (tag & 7) === 0) dtype = reader.int32();
    else if (num === 2 && (tag & 7) === BYTES) count = shapeCount(reader, endOf(reader));
    else {
      if (num >= 4 && num <= 6) contents.push({ tag, pos: reader.pos });
      reader.skipType(tag & 7);
    }
  }
  if ((dtype !== DT_FLOAT && dtype !== DT_DOUBLE) || count !== 1) return undefined;
  const values: number[] = [];
  for (const { tag, pos } of contents) {
    reader.pos = pos; // the value fields are read once dtype is known, wherever it lies
    tensorValues(reader, tag, () => dtype, values);
  }
  reader.pos = end;
  return values.length === 1 ? values[0] : undefined;
}

/**
 * A Summary.Value's tag and number (or, for the hparams plugin, each hyperparameter); `plugins` remembers each
 * tag's plugin, named on its first value only.
 */
function valueOf(reader: Reader, end: number, plugins: Map<string, string>): [string, number | string][] {
  let name = '';
  let simple: number | undefined;
  let tensor: { pos: number; end: number } | undefined;
  let plugin: Plugin = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    const num = tag >>> 3;
    const wire = tag & 7;
    if (num === 1 && wire === BYTES) name = reader.string();
    else if (num === 2 && wire === FIXED32) simple = reader.float();
    else if (num === 8 && wire === BYTES) {
      const tensorEnd = endOf(reader);
      tensor = { pos: reader.pos, end: tensorEnd };
      reader.pos = tensorEnd;
    } else if (num === 9 && wire === BYTES) plugin = pluginOf(reader, endOf(reader));
    else reader.skipType(wire);
  }
  if (plugin.name !== undefined) plugins.set(name, plugin.name);
  if (plugin.name === 'hparams' && plugin.content !== undefined) {
    reader.pos = plugin.content.pos;
    const hparams = hparamsOf(reader, plugin.content.end);
    reader.pos = end;
    return hparams;
  }
  if (simple !== undefined) return [[name, simple]];
  if (tensor === undefined || NOT_SCALARS.has(plugins.get(name) ?? '')) return [];
  reader.pos = tensor.pos;
  const number = tensorScalar(reader, tensor.end);
  reader.pos = end;
  return number === undefined ? [] : [[name, number]];
}

/** The scalars of one Event; a malformed message throws (protobufjs's RangeError or Error). */
export function decodeEvent(buf: Uint8Array, plugins: Map<string, string>): ScalarPoint[] {
  const reader = protobuf.Reader.create(buf);
  let wallTime = 0;
  let step = 0;
  const values: [string, number | string][] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const num = tag >>> 3;
    const wire = tag & 7;
    if (num === 1 && wire === FIXED64) wallTime = reader.double();
    else if (num === 2 && wire === 0) step = int64(reader);
    else if (num === 5 && wire === BYTES) {
      const end = endOf(reader);
      while (reader.pos < end) {
        const field = reader.uint32();
        if (field >>> 3 !== 1 || (field & 7) !== BYTES) reader.skipType(field & 7);
        else for (const pair of valueOf(reader, endOf(reader), plugins)) values.push(pair);
      }
    } else reader.skipType(wire);
  }
  return values.map(([tag, value]) => ({ step, wallTime, tag, value }));
}
