/**
 * @file The scalars of TensorBoard Event messages (event.proto, summary.proto, tensor.proto), read with the
 * project's protobuf wire reader: `simple_value` summaries, and tensor summaries holding one float32 or float64
 * (as TF2's `tf.summary.scalar` writes them: `float_val`, `double_val` or `tensor_content`). Other summaries
 * (images, histograms, text, tensors of more than one element) are skipped.
 */
import { WIRE, WireError, fieldInt, fieldText, readFields, type WireField } from '../onnx/protoWire';

/** One scalar logged at a step. */
export interface ScalarPoint {
  readonly step: number;
  readonly wallTime: number;
  readonly tag: string;
  readonly value: number;
}

/** What an Event message holds that the reader uses. */
export interface DecodedEvent {
  readonly fileVersion?: string;
  readonly points: readonly ScalarPoint[];
}

/** TensorFlow's DataType numbers of the tensors read. */
const DT_FLOAT = 1;
const DT_DOUBLE = 2;

/** Plugins whose tensors are not scalars even when they hold one number. */
const NOT_SCALARS = new Set(['histograms', 'images', 'audio', 'text', 'pr_curves', 'hparams', 'mesh', 'graphs']);

function view(buf: Uint8Array, field: WireField): DataView {
  return new DataView(buf.buffer, buf.byteOffset + field.dataStart, field.end - field.dataStart);
}

/** The elements of a packed (or single, unpacked) float or double field. */
function floats(buf: Uint8Array, field: WireField, size: 4 | 8): number[] {
  const data = view(buf, field);
  const out: number[] = [];
  for (let at = 0; at + size <= data.byteLength; at += size)
    out.push(size === 4 ? data.getFloat32(at, true) : data.getFloat64(at, true));
  return out;
}

/** Number of elements a TensorShapeProto describes (1 for a scalar's empty shape). */
function shapeCount(buf: Uint8Array, shape: WireField): number {
  let count = 1;
  for (const dim of readFields(buf, shape.dataStart, shape.end))
    if (dim.num === 2)
      for (const size of readFields(buf, dim.dataStart, dim.end)) if (size.num === 1) count *= fieldInt(size);
  return count;
}

/** Byte size of one element of a TensorProto value field (4: float_val, 6: double_val, 4: tensor_content). */
function elementSize(field: WireField, dtype: number): 4 | 8 {
  if (field.wire === WIRE.fixed32) return 4;
  if (field.wire === WIRE.fixed64) return 8;
  return field.num === 6 || (field.num === 4 && dtype === DT_DOUBLE) ? 8 : 4;
}

/** The one number of a float32/float64 tensor of one element; undefined for any other tensor. */
export function tensorScalar(buf: Uint8Array, tensor: WireField): number | undefined {
  let dtype = 0;
  let count = 1;
  const data: WireField[] = [];
  for (const f of readFields(buf, tensor.dataStart, tensor.end)) {
    if (f.num === 1 && f.wire === WIRE.varint) dtype = fieldInt(f);
    else if (f.num === 2 && f.wire === WIRE.bytes) count = shapeCount(buf, f);
    else if ((f.num === 4 || f.num === 5 || f.num === 6) && f.wire !== WIRE.varint) data.push(f);
  }
  if ((dtype !== DT_FLOAT && dtype !== DT_DOUBLE) || count !== 1) return undefined;
  const values = data.flatMap((f) => floats(buf, f, elementSize(f, dtype)));
  return values.length === 1 ? values[0] : undefined;
}

/** The plugin a SummaryMetadata names, if any. */
function pluginOf(buf: Uint8Array, metadata: WireField): string | undefined {
  for (const f of readFields(buf, metadata.dataStart, metadata.end))
    if (f.num === 1 && f.wire === WIRE.bytes)
      for (const p of readFields(buf, f.dataStart, f.end)) if (p.num === 1) return fieldText(buf, p);
  return undefined;
}

/** A Summary.Value's tag and number; `plugins` remembers each tag's plugin (named on its first value only). */
function valueOf(buf: Uint8Array, value: WireField, plugins: Map<string, string>): [string, number] | undefined {
  let tag = '';
  let simple: number | undefined;
  let tensor: WireField | undefined;
  let plugin: string | undefined;
  for (const f of readFields(buf, value.dataStart, value.end)) {
    if (f.num === 1 && f.wire === WIRE.bytes) tag = fieldText(buf, f);
    else if (f.num === 2 && f.wire === WIRE.fixed32) simple = view(buf, f).getFloat32(0, true);
    else if (f.num === 8 && f.wire === WIRE.bytes) tensor = f;
    else if (f.num === 9 && f.wire === WIRE.bytes) plugin = pluginOf(buf, f);
  }
  if (plugin !== undefined) plugins.set(tag, plugin);
  if (simple !== undefined) return [tag, simple];
  if (tensor === undefined || NOT_SCALARS.has(plugins.get(tag) ?? '')) return undefined;
  const number = tensorScalar(buf, tensor);
  return number === undefined ? undefined : [tag, number];
}

/** Decodes one Event; a malformed message throws a {@link WireError}. */
export function decodeEvent(buf: Uint8Array, plugins: Map<string, string>): DecodedEvent {
  let wallTime = 0;
  let step = 0;
  let fileVersion: string | undefined;
  const values: [string, number][] = [];
  for (const f of readFields(buf)) {
    if (f.num === 1 && f.wire === WIRE.fixed64) wallTime = view(buf, f).getFloat64(0, true);
    else if (f.num === 2 && f.wire === WIRE.varint) step = fieldInt(f);
    else if (f.num === 3 && f.wire === WIRE.bytes) fileVersion = fieldText(buf, f);
    else if (f.num === 5 && f.wire === WIRE.bytes)
      for (const v of readFields(buf, f.dataStart, f.end)) {
        if (v.num !== 1 || v.wire !== WIRE.bytes) continue;
        const pair = valueOf(buf, v, plugins);
        if (pair !== undefined) values.push(pair);
      }
  }
  const points = values.map(([tag, value]) => ({ step, wallTime, tag, value }));
  return fileVersion === undefined ? { points } : { fileVersion, points };
}

export { WireError };
