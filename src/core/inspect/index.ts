/**
 * @file The model-file inspector: what an `.onnx`, `.safetensors` or `.gguf` file or a PEFT adapter folder
 * holds, from headers only. The format is told by the file's name, then by its first bytes; an
 * `adapter_config.json` stands for its folder.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { INSPECT_LIMITS, type InspectFormat, type InspectReport, type InspectRoute } from '../../shared/inspect';
import { ADAPTER_CONFIG } from '../formats/peft/readAdapter';
import { LensError, throwIfCancelled } from '../errors';
import { paramCount, type ExpertHints } from './experts';
import { ggufHead, isGguf } from './ggufInspect';
import { configHints } from './hints';
import { onnxHead } from './onnxInspect';
import { peftHead } from './peftInspect';
import { safetensorsHead, safetensorsLeaves } from './safetensorsInspect';
import { dtypeTotals, tensorTree, type TensorLeaf } from './tree';

/** Options of an inspection. */
export interface InspectOptions {
  readonly signal?: AbortSignal;
}

/** What a format reader gives the report. */
interface Head {
  readonly format: InspectFormat;
  readonly leaves: readonly TensorLeaf[];
  readonly fileBytes: number;
  readonly hints: ExpertHints;
  readonly metadata: { key: string; value: string }[];
  readonly notes?: string[];
  readonly rest?: Pick<InspectReport, 'lora' | 'onnx'>;
}

const FORMAT_OF: Readonly<Record<string, InspectFormat>> = {
  '.onnx': 'onnx',
  '.safetensors': 'safetensors',
  '.gguf': 'gguf',
};

async function formatOf(path: string, isFolder: boolean): Promise<InspectFormat> {
  if (isFolder || basename(path) === ADAPTER_CONFIG) return 'peft';
  const byName = FORMAT_OF[extname(path).toLowerCase()];
  if (byName !== undefined) return byName;
  if (await isGguf(path)) return 'gguf';
  throw new LensError(
    'bad-input',
    `${basename(path)} is not a model file Model Lens reads: open an .onnx, .safetensors or .gguf file, or a PEFT ` +
      `adapter folder (the one holding ${ADAPTER_CONFIG}).`,
  );
}

async function readHead(format: InspectFormat, path: string, size: number, signal?: AbortSignal): Promise<Head> {
  if (format === 'peft') {
    const dir = basename(path) === ADAPTER_CONFIG ? dirname(path) : path;
    const { leaves, lora, fileBytes, metadata } = await peftHead(dir);
    return { format, leaves, fileBytes, hints: {}, metadata, rest: { lora } };
  }
  if (format === 'gguf') {
    const { leaves, metadata, hints } = await ggufHead(path, size);
    return { format, leaves, fileBytes: size, hints, metadata };
  }
  if (format === 'safetensors') {
    const { header } = await safetensorsHead(path);
    const metadata = Object.entries(header.metadata).map(([key, value]) => ({ key, value }));
    return { format, leaves: safetensorsLeaves(header), fileBytes: size, hints: await configHints(path), metadata };
  }
  const { leaves, onnx, metadata, fileBytes, notes } = await onnxHead(path, signal);
  return { format, leaves, fileBytes, hints: await configHints(path), metadata, notes, rest: { onnx } };
}

/** The analyses a file can be opened with. */
export function routesOf(report: Pick<InspectReport, 'format' | 'onnx'>): InspectRoute[] {
  if (report.format === 'peft') return ['lora'];
  const onnx = report.onnx;
  if (onnx === undefined) return [];
  const routes: InspectRoute[] = [];
  if (onnx.exposed.logits && onnx.inputs.some((i) => i.name === 'input_ids')) routes.push('surprisal', 'dependencies');
  if (onnx.exposed.routerLogits > 0) routes.push('routing');
  return routes;
}

function formatNotes(format: InspectFormat): string[] {
  if (format === 'safetensors' || format === 'gguf')
    return [
      `Model Lens runs ONNX models: export this checkpoint with Optimum (optimum-cli export onnx) to analyse it.`,
    ];
  return [];
}

/** Inspects the model file or adapter folder at `path` from its headers. */
export async function inspectModelFile(path: string, options: InspectOptions = {}): Promise<InspectReport> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined)
    throw new LensError('bad-input', `${path} does not exist. Check the path to the model file or adapter folder.`);
  throwIfCancelled(options.signal);
  const format = await formatOf(path, info.isDirectory());
  const head = await readHead(format, path, info.size, options.signal);
  const tree = tensorTree(head.leaves);
  const notes = [...(head.notes ?? []), ...formatNotes(format)];
  if (tree.length >= INSPECT_LIMITS.treeRows) notes.push(`The tree shows its first ${tree.length} rows only.`);
  const report = {
    source: path,
    format,
    fileBytes: head.fileBytes,
    tensors: head.leaves.length,
    tree,
    params: paramCount(head.leaves, head.hints),
    dtypes: dtypeTotals(head.leaves),
    ...head.rest,
    metadata: head.metadata.slice(0, INSPECT_LIMITS.metadata),
    notes,
  };
  return { ...report, routes: routesOf(report) };
}
