/**
 * @file Reads a remaining-length model's probes.safetensors: the bins and transition rate (metadata), an MLP per
 * hidden-state layer (`layer.{l}.w1/b1/w2/b2`), the prompt-only baseline (`prompt.*`), the layer the zoo chose, and
 * the held-out error of each layer's probe. Every shape is checked against the others before anything runs.
 */
import { safetensorsRead } from '../../formats/safetensors/readSafetensors';
import type { SafetensorsFile } from '../../formats/safetensors/types';
import { LensError } from '../../errors';
import type { RemainingBins } from './bins';
import type { MlpProbe } from './probe';

/** Everything a remaining-length prediction needs besides the model. */
export interface ProbeSet {
  readonly bins: RemainingBins;
  /** TRAIL's rate 1/w of the transition matrix. */
  readonly transition: number;
  /** One probe per `hidden_states.{l}` output, l = 0 … layers − 1. */
  readonly layers: readonly MlpProbe[];
  /** The prompt-only baseline, applied to `hidden_states.{promptLayer}` at the prompt's last token. */
  readonly prompt: MlpProbe;
  readonly promptLayer: number;
  readonly defaultLayer: number;
  /** Held-out MAE of each layer's probe (tokens), when the file records it. */
  readonly heldOutMae?: readonly number[];
}

/** Reads and checks probes.safetensors (`bad-model` naming what is wrong). */
export async function readProbes(path: string): Promise<ProbeSet> {
  return probesFrom(await safetensorsRead(path), path);
}

/** The probe set of a parsed safetensors file (exported for tests). */
export function probesFrom(file: SafetensorsFile, path: string): ProbeSet {
  const bad = (what: string): never => {
    throw new LensError(
      'bad-model',
      `${path}: ${what}. A remaining-length probes file holds layer.{l}.w1/b1/w2/b2 and prompt.* float32 ` +
        `tensors and the metadata edges, centres, layers, defaultLayer, promptLayer and transition.`,
    );
  };
  const md = file.metadata;
  const numbers = (key: string): number[] => {
    const list = (md[key] ?? '').split(',').map(Number);
    return list.length > 0 && list.every(Number.isFinite) && md[key] !== ''
      ? list
      : bad(`metadata "${key}" is missing`);
  };
  const int = (key: string, below: number): number => {
    const n = Number(md[key]);
    return Number.isInteger(n) && n >= 0 && n < below ? n : bad(`metadata "${key}" must be a whole number < ${below}`);
  };
  const edges = numbers('edges');
  const centres = numbers('centres');
  if (edges.length !== centres.length + 1 || edges.some((e, i) => i > 0 && e <= (edges[i - 1] ?? 0)))
    bad('edges must increase and number one more than centres');
  const count = int('layers', 1025);
  const transition = Number(md['transition']);
  if (!(transition > 0 && transition < 1)) bad('metadata "transition" must be in (0, 1)');
  const k = centres.length;
  const layers = Array.from({ length: count }, (_, l) => mlp(file, `layer.${l}`, k, bad));
  const prompt = mlp(file, 'prompt', k, bad);
  const heldOut = md['heldOutProbeMae'] === undefined ? undefined : numbers('heldOutProbeMae');
  return {
    bins: { edges, centres },
    transition,
    layers,
    prompt,
    promptLayer: int('promptLayer', count),
    defaultLayer: int('defaultLayer', count),
    ...(heldOut !== undefined && heldOut.length === count ? { heldOutMae: heldOut } : {}),
  };
}

function mlp(file: SafetensorsFile, prefix: string, k: number, bad: (what: string) => never): MlpProbe {
  const get = (name: string, rank: number): { shape: readonly number[]; data: Float32Array } => {
    const t = file.tensors.get(`${prefix}.${name}`);
    if (t === undefined) return bad(`tensor ${prefix}.${name} is missing`);
    if (t.shape.length !== rank || !(t.data instanceof Float32Array))
      return bad(`tensor ${prefix}.${name} must be float32 of rank ${rank}`);
    return { shape: t.shape, data: t.data };
  };
  const w1 = get('w1', 2);
  const b1 = get('b1', 1);
  const w2 = get('w2', 2);
  const b2 = get('b2', 1);
  const [hidden = 0, inDim = 0] = w1.shape;
  if (b1.shape[0] !== hidden || w2.shape[0] !== k || w2.shape[1] !== hidden || b2.shape[0] !== k)
    bad(`the shapes of ${prefix}.* disagree (w1 [h, d], b1 [h], w2 [${k}, h], b2 [${k}])`);
  return { inDim, hidden, k, w1: w1.data, b1: b1.data, w2: w2.data, b2: b2.data };
}
