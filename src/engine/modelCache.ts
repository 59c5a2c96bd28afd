/**
 * @file Keeps loaded models between requests, one per (model, device setting, trust).
 */
import { loadModel } from '../core/model/loadModel';
import type { CausalLM, LogFn } from '../core/model/types';
import type { ModelRequest } from '../shared/schema';

/** A small cache of loaded models; a failed load is not cached. */
export class ModelCache {
  private readonly models = new Map<string, Promise<CausalLM>>();

  /** Creates a cache loading embedded models from `modelsDir`. */
  constructor(
    private readonly modelsDir: string,
    private readonly log: LogFn,
  ) {}

  /** The model a request names, loaded once. */
  get(request: ModelRequest): Promise<CausalLM> {
    const key = `${request.model}\u0000${request.device}\u0000${request.allowLocalFiles}`;
    let model = this.models.get(key);
    if (model === undefined) {
      model = loadModel(request.model, {
        modelsDir: this.modelsDir,
        device: request.device,
        log: this.log,
        allowLocalFiles: request.allowLocalFiles,
      });
      this.models.set(key, model);
      model.catch(() => this.models.delete(key));
    }
    return model;
  }

  /** Frees every loaded model. */
  async dispose(): Promise<void> {
    const all = [...this.models.values()];
    this.models.clear();
    await Promise.allSettled(all.map(async (m) => (await m).dispose()));
  }
}
