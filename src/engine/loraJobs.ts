/**
 * @file LoRA composition jobs: score adapters and merges on a target task, and write a merged
 * adapter. The base graph stays open between runs (it is small); adapters are read per run.
 */
import { loraCompose } from '../core/analyses/lora/compose';
import { catWeighted } from '../core/analyses/lora/catWeighted';
import { parseTaskJsonl } from '../core/analyses/lora/evaluate';
import { adaptersFitBase, adaptersRead, loraBaseOpen, type LoraBase } from '../core/analyses/lora/loraSources';
import { loraMerge } from '../core/analyses/lora/merge';
import { LensError } from '../core/errors';
import type { LoraAdapter } from '../core/formats/peft/types';
import { peftWrite } from '../core/formats/peft/writeAdapter';
import type { EngineResults, LoraComposeRequest, LoraSaveRequest } from '../shared/protocol';

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
  async compose(p: LoraComposeRequest['params'], signal: AbortSignal, progress: (fraction: number, message: string) => void): Promise<EngineResults['loraCompose']> {
    progress(0, 'Reading adapters');
    const adapters = await adaptersRead(this.modelsDir, p.adapters, p.allowLocalFiles);
    const mix = p.mix === undefined ? undefined : (await adaptersRead(this.modelsDir, [p.mix], p.allowLocalFiles))[0];
    const base = await this.open(p.base, p.allowLocalFiles);
    adaptersFitBase(base, mix === undefined ? adapters : [...adapters, mix]);
    const test = { source: p.data.source, items: parseTaskJsonl(p.data.text, p.data.source) };
    const dev = p.dev === undefined ? undefined : { source: p.dev.source, items: parseTaskJsonl(p.dev.text, p.dev.source) };
    return loraCompose(base.session, {
      base: base.name, adapters, test, methods: p.methods,
      ...(mix !== undefined ? { mix } : {}), ...(dev !== undefined ? { dev } : {}), ...(p.weights !== undefined ? { weights: p.weights } : {}),
      ...(p.density !== undefined ? { density: p.density } : {}), ...(p.catSteps !== undefined ? { catSteps: p.catSteps } : {}),
    }, { bos: base.bos, maxNew: 16, signal, onProgress: progress });
  }

  /** Merges the adapters by the method and writes a new PEFT folder (atomically, never over an existing path). */
  async save(p: LoraSaveRequest['params']): Promise<EngineResults['loraSave']> {
    const adapters = (await adaptersRead(this.modelsDir, p.adapters, p.allowLocalFiles)).map((a) => a.adapter);
    const merged = mergedFor(p, adapters);
    await peftWrite(p.out, { ...merged, dtype: 'F32' });
    return { out: p.out, method: p.method, modules: merged.modules.size };
  }
}

function mergedFor(p: LoraSaveRequest['params'], adapters: readonly LoraAdapter[]): LoraAdapter {
  if (p.method === 'cat' || p.method === 'cat_free') {
    if (p.catWeights === undefined) throw new LensError('bad-input', 'Saving CAT needs its learned weights: run Compose LoRAs… first, then save from its results.');
    return catWeighted(adapters, p.catWeights);
  }
  const weights = p.weights ?? adapters.map(() => 1);
  return loraMerge(p.method === 'peft_cat' ? 'cat' : p.method, adapters, { weights, ...(p.density !== undefined ? { density: p.density } : {}) });
}
