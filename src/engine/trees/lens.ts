/**
 * @file What tree LMs read from lens-lm: its input embeddings (averaged over the window) and its last
 * hidden state, loaded once per engine from the embedded zoo.
 */
import type * as ort from 'onnxruntime-node';
import type { ArdtOptions } from '../../core/analyses/trees/ardt';
import { lensHiddenFeatures } from '../../core/analyses/trees/lensFeatures';
import { loadAnalysisSession, readEmbeddings } from '../../core/model/embeddedFiles';
import type { TreeFeatures, TreesTrainParams } from '../../shared/trees';

interface Analysis {
  readonly session: ort.InferenceSession;
  readonly bos: number;
  readonly window: number;
}

/** The training options of a learner, without the features. */
export type Training = Pick<TreesTrainParams, 'learner' | 'window' | 'depth' | 'minLeaf'>;

/** The features of a feature set, in words (the summary's `features`). */
export function featureWords(f: TreeFeatures): string {
  if (f === 'embedding') return 'token identities + lens-lm embedding average';
  if (f === 'hidden') return 'token identities + lens-lm hidden state';
  return 'token identities';
}

/** lens-lm's embeddings and hidden states for tree features. */
export class LensFeatures {
  private analysis: Promise<Analysis> | undefined;

  /** `modelsDir` holds lens-lm. */
  constructor(private readonly modelsDir: string) {}

  /** The learner options of a training request with its features. */
  options(p: Training, features: TreeFeatures): ArdtOptions {
    const base: ArdtOptions = {
      window: p.window,
      learner: p.learner,
      cart: { maxDepth: p.depth, minLeaf: p.minLeaf },
      boosted: { maxDepth: Math.min(p.depth, 6) },
    };
    if (features === 'embedding') {
      const e = readEmbeddings(this.modelsDir, 'lens-lm');
      // Bytes only: lens-lm's table also has a row for <|endoftext|>, which texts never contain.
      return { ...base, embedding: { table: e.table.slice(0, 256 * e.dim), dim: e.dim, name: 'lens-lm' } };
    }
    if (features === 'hidden') {
      // The hidden states have the width of the embeddings (the model's d).
      const { dim } = readEmbeddings(this.modelsDir, 'lens-lm');
      return { ...base, dense: { dim, source: 'lens-lm hidden state' } };
    }
    return base;
  }

  /** lens-lm's last hidden state at every byte of `bytes`. */
  async hidden(bytes: Uint8Array, signal?: AbortSignal): Promise<Float32Array> {
    const a = await this.session();
    const layer = a.session.outputNames.filter((n) => n.startsWith('hidden_states.')).length - 1;
    const options = { bos: a.bos, layer, window: a.window, ...(signal !== undefined ? { signal } : {}) };
    return (await lensHiddenFeatures(a.session, bytes, options)).dense;
  }

  private session(): Promise<Analysis> {
    this.analysis ??= loadAnalysisSession(this.modelsDir, 'lens-lm').then(({ session, model }) => ({
      session,
      bos: model.bosTokenId ?? 256,
      window: model.context,
    }));
    return this.analysis;
  }
}
