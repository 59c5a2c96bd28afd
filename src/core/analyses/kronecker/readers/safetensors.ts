/**
 * @file Gradients from safetensors: a 3-D float tensor [count, m, n] per layer (dense), or 2-D pairs `<name>.u`
 * [count, m] and `<name>.v` [count, n] (rank-1 factors). The header is validated first; the sizes of the layers
 * asked for are checked before any data is read, then each tensor is read and converted on its own.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { LensError } from '../../../errors';
import { decodeTensor } from '../../../formats/safetensors/dtypes';
import { headerLength, headerParse, type TensorEntry } from '../../../formats/safetensors/header';
import { allFinite } from '../../../numerics/types';
import { quote } from '../../../../shared/schema';
import { checkSizes, type StackShape } from '../stack';
import type { GradientStack } from '../types';

/** Most numbers read from one file (1 GiB as float64). */
export const MAX_READ_ELEMENTS = 2 ** 27;

const FLOATS = new Set(['F64', 'F32', 'F16', 'BF16']);

/** A layer of the file: a dense tensor, or a u/v pair. */
export type SafetensorsLayer =
  | { kind: 'dense'; name: string; g: TensorEntry }
  | { kind: 'rank1'; name: string; u: TensorEntry; v: TensorEntry };

const shape = (e: TensorEntry): string => `[${e.shape.join(', ')}]`;
const bad = (file: string, what: string): LensError =>
  new LensError(
    'bad-input',
    `${file}: ${what}. Store [count, m, n] per layer, or [count, m] "<name>.u" with [count, n] "<name>.v".`,
  );

function checkEntry(file: string, e: TensorEntry, rank: number): void {
  if (!FLOATS.has(e.dtype)) throw bad(file, `tensor "${quote(e.name)}" is ${e.dtype}, not a float type`);
  if (e.shape.length !== rank || e.shape.some((d) => d === 0))
    throw bad(file, `tensor "${quote(e.name)}" has shape ${shape(e)}, not ${rank} sizes ≥ 1`);
}

function pairOf(file: string, name: string, u: TensorEntry | undefined, v: TensorEntry | undefined): SafetensorsLayer {
  if (u === undefined || v === undefined)
    throw bad(file, `"${quote(name)}" has only its ${u === undefined ? 'v' : 'u'} factor`);
  checkEntry(file, u, 2);
  checkEntry(file, v, 2);
  if (u.shape[0] !== v.shape[0])
    throw bad(file, `"${quote(name)}.u" is ${shape(u)} and ".v" ${shape(v)}: their counts mismatch`);
  return { kind: 'rank1', name, u, v };
}

/** The layers a header's entries describe, by name. */
export function layersOfEntries(file: string, entries: readonly TensorEntry[]): Map<string, SafetensorsLayer> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const layers = new Map<string, SafetensorsLayer>();
  for (const e of entries) {
    const pair = /^(.*)\.([uv])$/su.exec(e.name);
    if (pair !== null && !byName.has(pair[1] as string)) {
      const name = pair[1] as string;
      if (!layers.has(name)) layers.set(name, pairOf(file, name, byName.get(`${name}.u`), byName.get(`${name}.v`)));
    } else {
      checkEntry(file, e, 3);
      layers.set(e.name, { kind: 'dense', name: e.name, g: e });
    }
  }
  return layers;
}

type Handle = Awaited<ReturnType<typeof open>>;

async function readFloats(h: Handle, at: number, e: TensorEntry, file: string): Promise<Float64Array> {
  const bytes = new Uint8Array(e.end - e.begin);
  const { bytesRead } = await h.read(bytes, 0, bytes.length, at + e.begin);
  if (bytesRead !== bytes.length) throw bad(file, `tensor "${quote(e.name)}" was cut short while read`);
  const data = decodeTensor(e.dtype, bytes);
  const out = data instanceof Float64Array ? data : Float64Array.from(data as Float32Array);
  if (!allFinite(out)) throw bad(file, `tensor "${quote(e.name)}" holds NaN or Infinity; give finite gradients`);
  return out;
}

function shapeOf(l: SafetensorsLayer): StackShape {
  const [count, m, n] = l.kind === 'dense' ? l.g.shape : [l.u.shape[0], l.u.shape[1], l.v.shape[1]];
  return { kind: l.kind, name: l.name, count: count ?? 0, m: m ?? 0, n: n ?? 0 };
}

function sizeOf(l: SafetensorsLayer): number {
  const s = shapeOf(l);
  checkSizes(s);
  return s.kind === 'dense' ? s.count * s.m * s.n : s.count * (s.m + s.n);
}

async function stackOf(h: Handle, at: number, l: SafetensorsLayer, file: string): Promise<GradientStack> {
  if (l.kind === 'dense') {
    const [count, m, n] = l.g.shape as [number, number, number];
    return { kind: 'dense', name: l.name, count, m, n, data: await readFloats(h, at, l.g, file) };
  }
  const [count, m] = l.u.shape as [number, number];
  const n = l.v.shape[1] as number;
  const u = await readFloats(h, at, l.u, file);
  return { kind: 'rank1', name: l.name, count, m, n, u, v: await readFloats(h, at, l.v, file) };
}

/** The stacks of the layers `pick` chooses from a safetensors file at `path`. */
export async function gradientsFromSafetensors(
  path: string,
  pick: (available: Map<string, SafetensorsLayer>) => SafetensorsLayer[],
): Promise<GradientStack[]> {
  const file = basename(path);
  const h = await open(path, 'r');
  try {
    const { size } = await h.stat();
    const first8 = new Uint8Array(8);
    await h.read(first8, 0, Math.min(8, size), 0);
    const n = headerLength(first8, size, file);
    const headerBytes = new Uint8Array(n);
    await h.read(headerBytes, 0, n, 8);
    const header = headerParse(headerBytes, size, file);
    const chosen = pick(layersOfEntries(file, header.entries));
    const total = chosen.reduce((s, l) => s + sizeOf(l), 0);
    if (total > MAX_READ_ELEMENTS)
      throw new LensError(
        'too-long',
        `${file}: the layers asked for hold ${total} numbers, more than ${MAX_READ_ELEMENTS}. Pick fewer layers.`,
      );
    const stacks: GradientStack[] = [];
    for (const l of chosen) stacks.push(await stackOf(h, header.dataStart, l, file));
    return stacks;
  } finally {
    await h.close();
  }
}
