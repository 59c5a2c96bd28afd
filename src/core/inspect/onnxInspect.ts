/**
 * @file An ONNX model inspected through a positional walk ({@link walkOnnx}): weights are never read, so a
 * 1.9 GB model takes a few reads of its structure. Initializers become the tensor tree; inputs, outputs, the
 * compact layer graph and the exposed analysis outputs come from the graph; external data files are stat'ed.
 */
import { open, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OnnxIo, OnnxSummary } from '../../shared/inspect';
import { WireError } from '../formats/onnx/protoWire';
import { wireFailure, type OnnxValueInfo } from '../formats/onnx/readOnnx';
import { LensError } from '../errors';
import { FileCursor } from './fileCursor';
import { exposedOutputs, layerGraph } from './layerGraph';
import { walkOnnx, type OnnxWalk } from './onnxWalk';
import { elements, type TensorLeaf } from './tree';

/** `TensorProto.DataType` names and bytes per element (4-bit types: half a byte). */
const DATA_TYPES: Readonly<Record<number, readonly [string, number]>> = {
  1: ['float32', 4],
  2: ['uint8', 1],
  3: ['int8', 1],
  4: ['uint16', 2],
  5: ['int16', 2],
  6: ['int32', 4],
  7: ['int64', 8],
  8: ['string', 0],
  9: ['bool', 1],
  10: ['float16', 2],
  11: ['float64', 8],
  12: ['uint32', 4],
  13: ['uint64', 8],
  14: ['complex64', 8],
  15: ['complex128', 16],
  16: ['bfloat16', 2],
  17: ['float8e4m3fn', 1],
  18: ['float8e4m3fnuz', 1],
  19: ['float8e5m2', 1],
  20: ['float8e5m2fnuz', 1],
  21: ['uint4', 0.5],
  22: ['int4', 0.5],
};

/** The name of an ONNX element type. */
export function onnxTypeName(code: number): string {
  return DATA_TYPES[code]?.[0] ?? (code === 0 ? 'undefined' : `type ${code}`);
}

/** What the inspector takes from an ONNX file. */
export interface OnnxHead {
  readonly leaves: TensorLeaf[];
  readonly onnx: OnnxSummary;
  readonly metadata: { key: string; value: string }[];
  readonly fileBytes: number;
  readonly notes: string[];
  /** Bytes the walk read (a small share of the file). */
  readonly bytesRead: number;
}

function bad(path: string, what: string, todo: string): LensError {
  return new LensError('bad-model', `${basename(path)} is not a valid ONNX model: ${what}. ${todo}`);
}

async function walkFile(path: string, signal?: AbortSignal): Promise<{ walk: OnnxWalk; size: number; read: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) throw bad(path, 'it is empty (0 bytes)', 'Export or download it again.');
    const cursor = new FileCursor(handle, size);
    const walk = await walkOnnx(cursor, signal).catch((error: unknown) => {
      throw error instanceof WireError ? wireFailure(basename(path), error) : error;
    });
    if (!walk.hasGraph || walk.opsets.length === 0)
      throw bad(path, 'it holds no graph or no operator sets', 'It may be truncated: export or download it again.');
    return { walk, size, read: cursor.bytesRead };
  } finally {
    await handle.close();
  }
}

const io = (v: OnnxValueInfo): OnnxIo => ({
  name: v.name,
  dtype: onnxTypeName(v.elemType),
  shape: v.shape === undefined ? null : [...v.shape],
});

/** Inspects the ONNX file at `path`. */
export async function onnxHead(path: string, signal?: AbortSignal): Promise<OnnxHead> {
  const { walk, size, read } = await walkFile(path, signal);
  const notes: string[] = [];
  const leaves = walk.initializers.map((t) => {
    const params = elements(t.dims);
    const [dtype, width] = DATA_TYPES[t.dataType] ?? [onnxTypeName(t.dataType), 0];
    return { name: t.name, dtype, shape: t.dims, params, bytes: t.bytes ?? Math.ceil(params * width) };
  });
  const locations = [...new Set(walk.initializers.flatMap((t) => (t.location === undefined ? [] : [t.location])))];
  let fileBytes = size;
  for (const location of locations) {
    const info = await stat(join(dirname(path), location)).catch(() => undefined);
    if (info === undefined) notes.push(`External data file ${location} is missing beside the model.`);
    else fileBytes += info.size;
  }
  if (walk.largeNodes > 0) notes.push(`${walk.largeNodes} node(s) over 16 MiB were read without their attributes.`);
  if (walk.sparseInitializers > 0) notes.push(`${walk.sparseInitializers} sparse initializer(s) are not listed.`);
  const { groups, edges } = layerGraph(walk.nodes);
  const onnx: OnnxSummary = {
    irVersion: walk.irVersion,
    opsets: walk.opsets.map(([domain, version]) => ({ domain: domain === 'ai.onnx' ? '' : domain, version })),
    producer: walk.producer.trim(),
    inputs: walk.inputs.map(io),
    outputs: walk.outputs.map(io),
    nodes: walk.nodes.length,
    groups,
    edges,
    exposed: exposedOutputs(walk.outputs),
    externalData: locations,
  };
  const metadata = walk.metadata.map(([key, value]) => ({ key, value }));
  return { leaves, onnx, metadata, fileBytes, notes, bytesRead: read };
}
