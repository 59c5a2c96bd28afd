/**
 * @file Where a composition's files come from: the base graph (an embedded LoRA base such as
 * `lora-base`, or a folder holding a `model.onnx` with `lora.<module>.A/B` inputs) and the
 * adapters (an embedded adapter's name, a PEFT folder, or its `adapter_config.json`). With
 * `allowLocalFiles` false (a restricted workspace) only embedded files load.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { peftRead } from '../../formats/peft/readAdapter';
import { readManifest } from '../../model/manifest';
import { localModelConfig } from '../../model/readFiles';
import type { NamedAdapter } from './compose';
import { DEFAULT_TASK_LENGTH } from './taskData';

/** An opened LoRA base graph. */
export interface LoraBase {
  readonly name: string;
  readonly session: ort.InferenceSession;
  readonly bos: number;
  /** Tokens the base was trained on (its context window): the default longest task item. */
  readonly context: number;
}

interface BaseEntry {
  readonly name: string;
  readonly task: string;
  readonly dir: string;
  readonly graphs: { readonly lm: string };
  readonly bosTokenId?: number;
  readonly context?: number;
  readonly adapters?: readonly { readonly name: string; readonly dir: string }[];
}

const baseEntries = (modelsDir: string): BaseEntry[] =>
  (readManifest(modelsDir) as unknown as BaseEntry[]).filter((m) => m.task === 'lora-base');

function refuseLocal(what: string): never {
  throw new LensError(
    'untrusted',
    `${what} is a local file, and this workspace is in restricted mode: Model Lens loads no model or adapter ` +
      `from disk until you trust the workspace. Embedded adapters (lora-arith, lora-words, lora-mix) still work.`,
  );
}

/** Opens the base graph and checks that it takes LoRA inputs. */
export async function loraBaseOpen(modelsDir: string, base: string, allowLocalFiles: boolean): Promise<LoraBase> {
  const entry = baseEntries(modelsDir).find((m) => m.name === base);
  let path: string;
  let bos = 256;
  let context = DEFAULT_TASK_LENGTH;
  if (entry !== undefined) {
    path = join(modelsDir, entry.dir, entry.graphs.lm);
    bos = entry.bosTokenId ?? bos;
    context = entry.context ?? context;
  } else {
    if (!allowLocalFiles) refuseLocal(`The base model ${base}`);
    const dir = base.endsWith('.onnx') ? dirname(base) : base;
    path = base.endsWith('.onnx') ? base : join(base, 'model.onnx');
    if (!existsSync(path))
      throw new LensError(
        'model-not-found',
        `No LoRA base model "${base}": name an embedded one (${baseEntries(modelsDir)
          .map((m) => m.name)
          .join(', ')}) or a folder with a model.onnx that takes lora.<module>.A and .B inputs.`,
      );
    const config = localModelConfig(dir);
    bos = config.bosId ?? bos;
    context = config.context;
  }
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] }).catch((e: unknown) => {
    throw new LensError(
      'bad-model',
      `${path} is not a valid ONNX model (${e instanceof Error ? e.message : String(e)}).`,
    );
  });
  if (!session.inputNames.some((n) => /^lora\..+\.A$/u.test(n)) || !session.outputNames.includes('logits')) {
    await session.release();
    throw new LensError(
      'missing-output',
      `${path} does not take LoRA factors as inputs (lora.<module>.A / .B) or has no "logits" output, so merges ` +
        `cannot be evaluated on it. Use lora-base or export your base the same way (tools/zoo/lora).`,
    );
  }
  return { name: entry?.name ?? basename(resolve(base)), session, bos, context };
}

/** The folder of an adapter given by embedded name, folder or adapter_config.json path. */
export function adapterFolder(modelsDir: string, ref: string, allowLocalFiles: boolean): { name: string; dir: string } {
  for (const b of baseEntries(modelsDir)) {
    const hit = b.adapters?.find((a) => a.name === ref);
    if (hit !== undefined) return { name: hit.name, dir: join(modelsDir, hit.dir) };
  }
  if (!allowLocalFiles) refuseLocal(`The adapter ${ref}`);
  const dir = basename(ref) === 'adapter_config.json' ? dirname(ref) : ref;
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new LensError(
      'model-not-found',
      `${ref} does not exist or is not a folder: give a PEFT adapter folder (with adapter_config.json and ` +
        `adapter_model.safetensors) or an embedded adapter's name.`,
    );
  return { name: basename(resolve(dir)), dir };
}

/** Reads adapters by reference (see `adapterFolder`); names are made unique. */
export async function adaptersRead(
  modelsDir: string,
  refs: readonly string[],
  allowLocalFiles: boolean,
): Promise<NamedAdapter[]> {
  const out: NamedAdapter[] = [];
  for (const ref of refs) {
    const { name, dir } = adapterFolder(modelsDir, ref, allowLocalFiles);
    const taken = out.filter((a) => a.name === name || a.name.startsWith(`${name} (`)).length;
    out.push({ name: taken === 0 ? name : `${name} (${taken + 1})`, adapter: await peftRead(dir) });
  }
  return out;
}

/** Refuses adapters that adapt a module the base graph has no LoRA inputs for (trained for another model). */
export function adaptersFitBase(base: LoraBase, adapters: readonly NamedAdapter[]): void {
  const known = new Set(base.session.inputNames.flatMap((n) => /^lora\.(.+)\.A$/u.exec(n)?.[1] ?? []));
  for (const a of adapters) {
    const unknown = [...a.adapter.modules.keys()].filter((m) => !known.has(m));
    if (unknown.length > 0) {
      throw new LensError(
        'bad-input',
        `Adapter ${a.name} adapts ` +
          `${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}, ` +
          `which ${base.name} does not have (its adapted modules are ${[...known].slice(0, 4).join(', ')}, …). ` +
          `The adapter was trained for another base model.`,
      );
    }
  }
}
