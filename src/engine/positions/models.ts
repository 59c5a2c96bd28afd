/**
 * @file The positions models an engine has loaded, kept open between requests (by name, and by
 * whether local files were allowed when one was loaded).
 */
import { positionModelLoad, type PositionModel } from '../../core/analyses/positions/positionModel';

/** Loads positions models once and shares them between requests. */
export class PositionModels {
  private readonly loaded = new Map<string, Promise<PositionModel>>();

  /** `modelsDir` holds the embedded positions models. */
  constructor(private readonly modelsDir: string) {}

  /** The model `spec` (a zoo name, or a folder when `allowLocalFiles`). */
  get(spec: string, allowLocalFiles: boolean): Promise<PositionModel> {
    const key = `${allowLocalFiles ? 'local' : 'zoo'}:${spec}`;
    let m = this.loaded.get(key);
    if (m === undefined) {
      m = positionModelLoad(spec, { modelsDir: this.modelsDir, allowLocalFiles });
      m.catch(() => this.loaded.delete(key));
      this.loaded.set(key, m);
    }
    return m;
  }
}
