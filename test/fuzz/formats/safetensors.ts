/**
 * @file safetensors cases: a zoo adapter's weights with the header length, dtypes, shapes or data offsets
 * corrupted, a tensor dropped or renamed, NaN/Inf/huge values in the data, or bytes cut and flipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { edgeValue, mutateBytes, mutateJson, poisonFloats, short, stringify } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';
import { loraCommand, TASK_LINES } from './lora';

type Entry = { dtype: unknown; shape: unknown; data_offsets: unknown };
type Header = Record<string, Entry | Record<string, unknown>>;

function split(bytes: Buffer): { header: Header; data: Buffer } {
  const n = Number(bytes.readBigUInt64LE(0));
  return { header: JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Header, data: bytes.subarray(8 + n) };
}

function join8(header: unknown, data: Buffer, length?: bigint): Buffer {
  const json = Buffer.from(stringify(header));
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(length ?? BigInt(json.length));
  return Buffer.concat([n, json, data]);
}

const badShape = fc.constantFrom<unknown>([], [0], [-1, 8], [1e9, 1e9], [2.5, 8], ['8'], [8], [1, 1, 1, 1, 1, 1, 1, 1]);

/** A tensor-entry change of the header, in place. */
function entryChange(header: Header, rng: Rng): string {
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  const name = rng.pick(names);
  const e = header[name] as Entry;
  const offsets = (e.data_offsets as number[]).slice();
  const [a = 0, b = 0] = offsets;
  switch (rng.int(6)) {
    case 0:
      e.dtype = rng.pick(['F16', 'BF16', 'F64', 'I8', 'U8', 'I64', 'BOOL', 'F8_E4M3', 'X', 5, null]);
      return `${name}.dtype = ${short(e.dtype)}`;
    case 1:
      e.shape = rng.draw(badShape);
      return `${name}.shape = ${short(e.shape)}`;
    case 2:
      e.data_offsets = rng.pick([[b, a], [a, b + 4096], [0, 2 ** 53], [-1, b], [a + 0.5, b], [a], [a, b, 0], [0, 0]]);
      return `${name}.data_offsets = ${short(e.data_offsets)}`;
    case 3:
      delete header[name];
      return `${name} removed`;
    case 4:
      header[`${name}.x`] = header[name] as Entry;
      delete header[name];
      return `${name} renamed`;
    default:
      header['__metadata__'] = rng.draw(edgeValue) as Record<string, unknown>;
      return `__metadata__ = ${short(header['__metadata__'])}`;
  }
}

/** One mutation of a safetensors file. */
export function mutateSafetensors(bytes: Buffer, rng: Rng): { bytes: Buffer; what: string } {
  const { header, data } = split(bytes);
  const op = rng.weighted([
    [2, 'length'],
    [4, 'entry'],
    [1, 'header-json'],
    [4, 'poison'],
    [2, 'bytes'],
  ] as const);
  if (op === 'length') {
    const n = BigInt(bytes.readBigUInt64LE(0));
    const value = rng.pick([0n, n - 1n, n + 1n, BigInt(bytes.length), 2n ** 53n, 2n ** 64n - 1n, 100_000_001n]);
    return { bytes: join8(header, data, value), what: `header length = ${value}` };
  }
  if (op === 'entry') {
    const what = [entryChange(header, rng), ...(rng.chance(0.2) ? [entryChange(header, rng)] : [])];
    return { bytes: join8(header, data), what: what.join('; ') };
  }
  if (op === 'header-json') return { bytes: join8(header, data), what: mutateJson(header, rng) };
  if (op === 'poison') {
    const entries = Object.entries(header).filter(([k]) => k !== '__metadata__');
    const [name, e] = rng.pick(entries);
    const [a = 0, b = 0] = (e as Entry).data_offsets as number[];
    const at = bytes.length - data.length;
    return { bytes: poisonFloats(bytes, rng, at + a, at + b), what: `${name} poisoned` };
  }
  return mutateBytes(bytes, rng);
}

/** A safetensors case. */
export function safetensorsCase(rng: Rng, m: Materials): CaseBody {
  const zoo = join(m.root, 'media', 'models', rng.pick(['lora-arith', 'lora-mix']));
  const { bytes, what } = mutateSafetensors(readFileSync(join(zoo, 'adapter_model.safetensors')), rng);
  const command = loraCommand(rng, './a');
  return {
    what: `${command.what}: ${what}`,
    files: {
      'a/adapter_config.json': { copy: join(zoo, 'adapter_config.json') },
      'a/adapter_model.safetensors': bytes,
      'd.jsonl': TASK_LINES,
    },
    argv: command.argv,
    ...(command.outputs !== undefined ? { outputs: command.outputs } : {}),
  };
}
