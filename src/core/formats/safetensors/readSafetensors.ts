/**
 * @file Reads a safetensors file. The header is read and fully validated first; tensor bytes
 * are read only after that, so a corrupt or hostile file is refused without loading its data.
 */
import { allFinite } from '../../numerics/types';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeTensor, type TensorData } from './dtypes';
import { headerLength, headerParse, type SafetensorsHeader } from './header';
import type { SafetensorsFile, Tensor } from './types';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** What to read. */
export interface ReadSafetensorsOptions {
  /** Read only tensors whose name passes this test (the header is still validated whole). @default all */
  readonly select?: (name: string) => boolean;
}

/** Validates `bytes` as a whole safetensors file and decodes its tensors (copies: `bytes` may change later). */
export function safetensorsParse(
  bytes: Uint8Array,
  file = 'the safetensors data',
  options: ReadSafetensorsOptions = {},
): SafetensorsFile {
  const n = headerLength(bytes.subarray(0, 8), bytes.length, file);
  const header = headerParse(bytes.subarray(8, 8 + n), bytes.length, file);
  return decodeAll(
    file,
    header,
    (begin, end) => new Uint8Array(bytes.subarray(header.dataStart + begin, header.dataStart + end)),
    options,
  );
}

/**
 * Reads and validates the safetensors file at `path`, then decodes its tensors: without `select`,
 * aligned tensors are views of the one buffer the data was read into (no copy per tensor).
 */
export async function safetensorsRead(path: string, options: ReadSafetensorsOptions = {}): Promise<SafetensorsFile> {
  const handle = await openOrExplain(path);
  try {
    const header = await readHeader(handle, path);
    const dataBytes = header.entries.length === 0 ? 0 : (header.entries[header.entries.length - 1]?.end ?? 0);
    // Not zeroed first: the read fills it, or the short read is refused below.
    const data = Buffer.allocUnsafeSlow(dataBytes);
    const { bytesRead } = await handle.read(data, 0, dataBytes, header.dataStart);
    if (bytesRead !== dataBytes)
      throw new LensError(
        'bad-model',
        `${basename(path)} changed while it was read (${bytesRead} of ${dataBytes} data bytes). Try again.`,
      );
    // Views keep the whole buffer alive: worth it when every tensor is kept, not for a selection.
    const whole = options.select === undefined;
    const slice = (begin: number, end: number) =>
      whole ? data.subarray(begin, end) : new Uint8Array(data.subarray(begin, end));
    return decodeAll(path, header, slice, options);
  } finally {
    await handle.close();
  }
}

/** Opens `path` for reading, turning a missing or unreadable file into a `bad-input` error. */
export async function openOrExplain(path: string): Promise<Awaited<ReturnType<typeof open>>> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new LensError('bad-input', `${path} does not exist. Check the path to the safetensors file.`);
    throw new LensError(
      'bad-input',
      `${path} cannot be opened (${code ?? String(error)}). Check that it is a readable file.`,
    );
  }
}

/** Reads and validates the header of the open safetensors file `path`; no tensor byte is read. */
export async function readHeader(handle: Awaited<ReturnType<typeof open>>, path: string): Promise<SafetensorsHeader> {
  const file = basename(path);
  const { size } = await handle.stat();
  const first8 = new Uint8Array(8);
  await handle.read(first8, 0, Math.min(8, size), 0);
  const n = headerLength(first8, size, file);
  const headerBytes = new Uint8Array(n);
  await handle.read(headerBytes, 0, n, 8);
  return headerParse(headerBytes, size, file);
}

function decodeAll(
  file: string,
  header: SafetensorsHeader,
  slice: (begin: number, end: number) => Uint8Array,
  options: ReadSafetensorsOptions,
): SafetensorsFile {
  const tensors = new Map<string, Tensor>();
  for (const e of header.entries) {
    if (options.select !== undefined && !options.select(e.name)) continue;
    const data = decodeTensor(e.dtype, slice(e.begin, e.end));
    finiteCheck(e.name, e.shape, data, file);
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return { tensors, metadata: header.metadata };
}

/** Refuses a floating-point tensor holding NaN or ±Infinity, naming the tensor and the first such entry. */
export function finiteCheck(name: string, shape: readonly number[], data: TensorData, file: string): void {
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) return;
  if (data instanceof Float32Array && allFinite(data)) return;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] ?? 0;
    if (x - x === 0) continue;
    throw new LensError(
      'bad-model',
      `${file}: tensor "${quote(name)}" holds ${x} at entry ${i} of [${shape.join(', ')}]. Model Lens reads only ` +
        `finite numbers: the weights are damaged, or training diverged; use a checkpoint from before it did.`,
    );
  }
}
