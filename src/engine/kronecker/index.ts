/**
 * @file The Kronecker toolkit in the engine: per-example gradients read from a file or computed by a model on a
 * text, then each layer's Kronecker analysis (Shampoo's L⊗R and L^{1/2}⊗R^{1/2} against the optimal Kronecker
 * approximation of H), with progress over the layers and cancel between steps.
 */
import { analyzeStack } from '../../core/analyses/kronecker/analyze';
import { LensError } from '../../core/errors';
import { readGradients } from '../../core/analyses/kronecker/readGradients';
import { modelGradients } from '../../core/analyses/kronecker/sources/index';
import type { GradientStack } from '../../core/analyses/kronecker/types';
import { KRON_OPTIONS, kronAnalyzeRequest, type KronLayer, type KronResult } from '../../shared/kronecker';
import type { ParamsOf } from '../../shared/request';
import { handle, type EngineToolkit, type Job } from '../toolkit';
import { eigOffThread } from './eig';

type Params = ParamsOf<typeof kronAnalyzeRequest>;

/** Share of the progress bar the gradients take when a model computes them. */
const GRADIENT_SHARE = 0.3;

async function stacksOf(modelsDir: string, p: Params, job: Job<KronResult>): Promise<GradientStack[]> {
  const input = p.input;
  const layers = input.layers === undefined ? {} : { layers: input.layers };
  if (input.from === 'file') return readGradients(input.path, { ...layers, signal: job.signal });
  return modelGradients({
    model: input.model,
    modelsDir,
    allowLocalFiles: p.allowLocalFiles,
    text: input.text,
    labels: input.labels,
    seed: p.seed ?? KRON_OPTIONS.seed.default,
    maxExamples: input.maxExamples ?? KRON_OPTIONS.maxExamples.default,
    ...layers,
    signal: job.signal,
    progress: (done, total) => job.progress((GRADIENT_SHARE * done) / Math.max(1, total), 'gradients'),
  });
}

/** The Kronecker analysis of every layer asked for. */
export async function kronAnalyze(modelsDir: string, p: Params, job: Job<KronResult>): Promise<KronResult> {
  const stacks = await stacksOf(modelsDir, p, job);
  if (stacks.length === 0) throw new LensError('bad-input', 'No layer was given to analyse. Name a layer, or all.');
  const base = p.input.from === 'model' ? GRADIENT_SHARE : 0;
  const layers: KronLayer[] = [];
  for (const [i, stack] of stacks.entries()) {
    const share = (1 - base) / stacks.length;
    layers.push(
      await analyzeStack(stack, {
        ...(p.maxSteps === undefined ? {} : { maxSteps: p.maxSteps }),
        ...(p.tolerance === undefined ? {} : { tolerance: p.tolerance }),
        ...(p.hNorm === undefined ? {} : { hNorm: p.hNorm }),
        ...(p.pairs === undefined ? {} : { pairs: p.pairs }),
        ...(p.seed === undefined ? {} : { seed: p.seed }),
        signal: job.signal,
        eig: eigOffThread,
        progress: (f, message) => job.progress(base + share * (i + f), message),
      }),
    );
  }
  const input = p.input;
  if (input.from === 'file') return { source: input.path, layers };
  return {
    source: input.source,
    model: input.model,
    labels: input.labels,
    seed: p.seed ?? KRON_OPTIONS.seed.default,
    layers,
  };
}

/** Handlers of the Kronecker toolkit. */
export const kroneckerEngine: EngineToolkit = (env) => [
  handle(kronAnalyzeRequest, (params, job) => kronAnalyze(env.modelsDir, params, job)),
];
