/**
 * @file LoRA composition jobs: score adapters and merges on a target task, merge and write an
 * adapter, the adapters' statistics, and a plain evaluation. The base graph stays open between runs
 * (it is small); adapters are read per run.
 */
import { catLearn } from '../../core/analyses/lora/catLearn';
import { catWeighted } from '../../core/analyses/lora/catWeighted';
import { loraCompose } from '../../core/analyses/lora/compose';
import { scoreOnTask, type WeightedAdapter } from '../../core/analyses/lora/evaluate';
import { adaptersFitBase, adaptersRead, loraBaseOpen, type LoraBase } from '../../core/analyses/lora/loraSources';
import { loraMerge } from '../../core/analyses/lora/merge';
import { parseTaskJsonl } from '../../core/analyses/lora/taskData';
import { LensError, throwIfCancelled } from '../../core/errors';
import type { LoraAdapter } from '../../core/formats/peft/types';
import { peftWrite } from '../../core/formats/peft/writeAdapter';
import {
  learnsCat,
  type LoraComposeParams,
  type LoraComposeResult,
  type LoraEvalResult,
  type LoraMergeParams,
  type LoraMergeResult,
  type TaskData,
} from '../../shared/lora';
import type { ParamsOf } from '../../shared/request';
import type { loraEvalRequest } from '../../shared/lora';
import type { Job } from '../toolkit';

/** The items of a task file, each at most the base's context long unless the request raises it. */
const taskOf = (data: TaskData, base: LoraBase): { source: string; items: ReturnType<typeof parseTaskJsonl> } => ({
  source: data.source,
  items: parseTaskJsonl(data.text, data.source, {
    maxLength: data.maxLength ?? base.context,
    ...(data.maxItems !== undefined ? { maxItems: data.maxItems } : {}),
  }),
});

/** Runs LoRA composition requests. */
export class LoraJobs {
  private base: LoraBase | undefined;

  /** `modelsDir` holds the embedded bases and adapters. */
  constructor(private readonly modelsDir: string) {}

  private async open(name: string, allowLocalFiles: boolean): Promise<LoraBase> {
    if (this.base?.name === name) return this.base;
    await this.base?.session.release();
    this.base = undefined;
    this.base = await loraBaseOpen(this.modelsDir, name, allowLocalFiles);
    return this.base;
  }

  /** Scores the base, each adapter, the data mix and every merge on the target data. */
  async compose(p: LoraComposeParams, job: Job): Promise<LoraComposeResult> {
    job.progress(0, 'Reading adapters');
    const adapters = await adaptersRead(this.modelsDir, p.adapters, p.allowLocalFiles);
    const mixRef = p.mix;
    const mix = mixRef === undefined ? undefined : (await adaptersRead(this.modelsDir, [mixRef], p.allowLocalFiles))[0];
    const base = await this.open(p.base, p.allowLocalFiles);
    adaptersFitBase(base, mix === undefined ? adapters : [...adapters, mix]);
    const input = {
      base: base.name,
      adapters,
      test: taskOf(p.data, base),
      methods: p.methods,
      ...(mix !== undefined ? { mix } : {}),
      ...(p.dev !== undefined ? { dev: taskOf(p.dev, base) } : {}),
      ...(p.weights !== undefined ? { weights: p.weights } : {}),
      ...(p.density !== undefined ? { density: p.density } : {}),
      ...(p.catSteps !== undefined ? { catSteps: p.catSteps } : {}),
    };
    return loraCompose(base.session, input, {
      bos: base.bos,
      maxNew: 16,
      signal: job.signal,
      onProgress: job.progress,
    });
  }

  /** Merges the adapters by the method and writes a new PEFT folder (atomically, never over an existing path). */
  async merge(p: LoraMergeParams, job: Job): Promise<LoraMergeResult> {
    const adapters = (await adaptersRead(this.modelsDir, p.adapters, p.allowLocalFiles)).map((a) => a.adapter);
    const { merged, ...facts } = await this.merged(p, adapters, job);
    throwIfCancelled(job.signal);
    // Written in float32 whatever the sources' dtype, so the file reproduces the merge exactly.
    await peftWrite(p.out, { ...merged, dtype: 'F32' });
    return { out: p.out, method: p.method, modules: merged.modules.size, ...facts };
  }

  private async merged(
    p: LoraMergeParams,
    adapters: readonly LoraAdapter[],
    job: Job,
  ): Promise<{ merged: LoraAdapter } & Omit<LoraMergeResult, 'out' | 'method' | 'modules'>> {
    if (learnsCat(p.method)) {
      if (p.catWeights !== undefined) return { merged: catWeighted(adapters, p.catWeights), catWeights: p.catWeights };
      if (p.dev === undefined) {
        throw new LensError(
          'bad-input',
          'Saving CAT needs its learned weights: run Compose LoRAs… first, then save from its results (or give a ' +
            'dev split to learn them on).',
        );
      }
      return this.learnedCat(p, p.dev, adapters, job);
    }
    const weights = p.weights ?? adapters.map(() => 1);
    const options = {
      weights,
      ...(p.density !== undefined ? { density: p.density } : {}),
      ...(p.rank !== undefined ? { rank: p.rank } : {}),
    };
    return { merged: await loraMerge(p.method === 'peft_cat' ? 'cat' : p.method, adapters, options), weights };
  }

  /** Learns CAT weights on the dev split with the base, and returns the weighted merge. */
  private async learnedCat(p: LoraMergeParams, dev: TaskData, adapters: readonly LoraAdapter[], job: Job) {
    const base = await this.open(p.base ?? 'lora-base', p.allowLocalFiles);
    job.progress(0, `Learning CAT weights on ${dev.source}`);
    const parameterisation = p.method === 'cat' ? 'softmax' : 'free';
    const learned = await catLearn(
      base.session,
      adapters,
      taskOf(dev, base).items,
      { bos: base.bos },
      {
        parameterisation,
        signal: job.signal,
        onStep: (t, n) => job.progress(t / n, `Learning CAT weights: step ${t} of ${n}`),
      },
    );
    const { weights, startLoss, devLoss } = learned;
    return {
      merged: catWeighted(adapters, weights),
      catWeights: weights,
      learned: { source: dev.source, startLoss, devLoss },
    };
  }

  /** Exact match and loss of the base, each adapter and each merge on a task. */
  async evaluate(p: ParamsOf<typeof loraEvalRequest>, job: Job): Promise<LoraEvalResult> {
    const named = await adaptersRead(this.modelsDir, p.adapters, p.allowLocalFiles);
    const adapters = named.map((a) => a.adapter);
    if (p.weights.length !== adapters.length) {
      throw new LensError('bad-input', `Give one weight per adapter (${adapters.length}), not ${p.weights.length}.`);
    }
    const base = await this.open(p.base, p.allowLocalFiles);
    const items = taskOf(p.data, base).items;
    adaptersFitBase(base, named);
    const rows: LoraEvalResult['rows'][number][] = [];
    const score = async (config: string, parts: WeightedAdapter[]): Promise<void> => {
      job.progress(rows.length / (p.configs.length + adapters.length), `Scoring ${config}`);
      const s = await scoreOnTask(base.session, parts, items, { bos: base.bos, signal: job.signal });
      rows.push({ config, exactMatch: s.exactMatch, loss: s.loss });
    };
    for (const config of p.configs) {
      if (config === 'base') await score('base', []);
      else if (config === 'each')
        for (const [i, a] of adapters.entries()) await score(`adapter ${i + 1}`, [{ adapter: a, weight: 1 }]);
      else await score(config, [{ adapter: await loraMerge(config, adapters, { weights: p.weights }), weight: 1 }]);
    }
    return { items: items.length, weights: p.weights, rows };
  }
}
