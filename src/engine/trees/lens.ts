/**
 * @file What tree LMs read from the embedded language models: lens-lm's input embeddings (averaged over the window)
 * and the last hidden state of lens-lm (per byte) or of a BPE model, lens-gpt2 or lens-llama (per byte, from the
 * last word boundary: see `wordLagFeatures.ts`), loaded once per engine from the embedded zoo.
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ArdtOptions } from '../../core/analyses/trees/ardt';
import { lensHiddenFeatures } from '../../core/analyses/trees/lensFeatures';
import { wordLagHiddenFeatures } from '../../core/analyses/trees/wordLagFeatures';
import { FINAL_HIDDEN } from '../../core/formats/onnx/exposeHidden';
import { hiddenGraphFor } from '../../core/formats/onnx/hiddenGraph';
import { loadAnalysisSession, readEmbeddings } from '../../core/model/embeddedFiles';
import { readManifest } from '../../core/model/manifest';
import { readJson, readTokenizer } from '../../core/model/readFiles';
import type { SpanTokenizer } from '../../core/model/tokenizer';
import type { TreeFeatureModel, TreeFeatures, TreesTrainParams } from '../../shared/trees';

interface Analysis {
  readonly session: ort.InferenceSession;
  readonly bos: number;
  readonly window: number;
  /** A BPE model's tokenizer; absent for lens-lm, whose tokens are bytes. */
  readonly tokenizer?: SpanTokenizer;
}

/** The training options of a learner, without the features. */
export type Training = Pick<TreesTrainParams, 'learner' | 'window' | 'depth' | 'minLeaf'>;

/** The features of a feature set, in words (the summary's `features`). */
export function featureWords(f: TreeFeatures, model: TreeFeatureModel = 'lens-lm'): string {
  if (f === 'embedding') return 'token identities + lens-lm embedding average';
  if (f === 'hidden' && model !== 'lens-lm') return `token identities + ${model} hidden state (at the last word break)`;
  if (f === 'hidden') return 'token identities + lens-lm hidden state';
  return 'token identities';
}

/** The embedded models' embeddings and hidden states for tree features. */
export class LensFeatures {
  private readonly analyses = new Map<TreeFeatureModel, Promise<Analysis>>();

  /** `modelsDir` holds the embedded models; rewritten graphs go to `cacheDir`. */
  constructor(
    private readonly modelsDir: string,
    private readonly cacheDir: string,
  ) {}

  /** The learner options of a training request with its features (hidden states of `model`). */
  options(p: Training, features: TreeFeatures, model: TreeFeatureModel = 'lens-lm'): ArdtOptions {
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
      const source = `${model} hidden state`;
      return { ...base, dense: { dim: this.width(model), source, ...(model !== 'lens-lm' ? { model } : {}) } };
    }
    return base;
  }

  /** The last hidden state of `model` that each byte of `bytes` reads. */
  async hidden(bytes: Uint8Array, signal?: AbortSignal, model: TreeFeatureModel = 'lens-lm'): Promise<Float32Array> {
    const a = await this.analysis(model);
    const options = { bos: a.bos, window: a.window, ...(signal !== undefined ? { signal } : {}) };
    if (a.tokenizer !== undefined) {
      return (await wordLagHiddenFeatures(a.session, a.tokenizer, bytes, { ...options, output: FINAL_HIDDEN })).dense;
    }
    const layer = a.session.outputNames.filter((n) => n.startsWith('hidden_states.')).length - 1;
    return (await lensHiddenFeatures(a.session, bytes, { ...options, layer })).dense;
  }

  /** The width of `model`'s hidden state (its d). */
  private width(model: TreeFeatureModel): number {
    if (model === 'lens-lm') return readEmbeddings(this.modelsDir, 'lens-lm').dim;
    const config = readJson(join(this.dirOf(model), 'config.json'), {}) as Record<string, unknown>;
    return Number(config['n_embd'] ?? config['hidden_size']);
  }

  private dirOf(model: TreeFeatureModel): string {
    const entry = readManifest(this.modelsDir).find((m) => m.name === model);
    return join(this.modelsDir, entry?.dir ?? model);
  }

  private analysis(model: TreeFeatureModel): Promise<Analysis> {
    let a = this.analyses.get(model);
    if (a === undefined) {
      a = model === 'lens-lm' ? this.lensLm() : this.bpe(model);
      this.analyses.set(model, a);
      a.catch(() => this.analyses.delete(model));
    }
    return a;
  }

  private async lensLm(): Promise<Analysis> {
    const { session, model } = await loadAnalysisSession(this.modelsDir, 'lens-lm');
    return { session, bos: model.bosTokenId ?? 256, window: model.context };
  }

  /** A BPE model's graph with its last hidden state added as an output (a cached copy), and its tokenizer. */
  private async bpe(name: TreeFeatureModel): Promise<Analysis> {
    const entry = readManifest(this.modelsDir).find((m) => m.name === name);
    if (entry === undefined) throw new Error(`${name} is not in the embedded zoo`);
    const dir = join(this.modelsDir, entry.dir);
    const graph = await hiddenGraphFor(join(dir, entry.graphs.lm), this.cacheDir);
    const session = await ort.InferenceSession.create(graph, { executionProviders: ['cpu'] });
    return { session, bos: entry.bosTokenId ?? 0, window: entry.context, tokenizer: readTokenizer(dir) };
  }
}
