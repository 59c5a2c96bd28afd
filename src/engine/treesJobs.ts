/**
 * @file Engine jobs of the decision-tree LM toolkit: train (kept in memory under an id),
 * generate, and trace the prediction at a document position.
 */
import type * as ort from 'onnxruntime-node';
import { ardtLoad, ardtSave } from '../core/analyses/trees/ardtJson';
import { ardtAccuracy, ardtGenerateText, ardtPredict, ardtTrainIds, type ArdtModel, type ArdtOptions, type ArdtSequence } from '../core/analyses/trees/ardt';
import { lensHiddenFeatures } from '../core/analyses/trees/lensFeatures';
import { modelStats, traceResult } from '../core/analyses/trees/traceResult';
import { LensError, throwIfCancelled } from '../core/errors';
import { loadAnalysisSession, readEmbeddings } from '../core/model/embeddedFiles';
import type { TreesGenerateRequest, TreesTraceRequest, TreesTrainRequest } from '../shared/protocol';
import type { TreesModelSummary, TreesTraceResult } from '../shared/results';

/** A trained model with what it needs to compute its features again. */
interface Held {
  readonly model: ArdtModel;
  readonly summary: TreesModelSummary;
}

/** Decision-tree models trained in this engine, by id. */
export class TreesJobs {
  private readonly models = new Map<string, Held>();
  private analysis: Promise<{ session: ort.InferenceSession; bos: number; window: number }> | undefined;
  private next = 1;

  /** Creates the jobs; `modelsDir` holds lens-lm for embedding and hidden-state features. */
  constructor(private readonly modelsDir: string) {}

  /** Trains a model on the request's texts and keeps it. */
  async train(p: TreesTrainRequest['params'], signal: AbortSignal, progress: (f: number, m: string) => void): Promise<TreesModelSummary> {
    const t0 = Date.now();
    const sequences: ArdtSequence[] = [];
    for (const [i, s] of p.sources.entries()) {
      throwIfCancelled(signal);
      progress(i / (p.sources.length + 1), `Reading ${s.name}`);
      const ids = new TextEncoder().encode(s.text);
      sequences.push(p.features === 'hidden' ? { ids, dense: await this.hidden(ids, signal) } : { ids });
    }
    progress(p.sources.length / (p.sources.length + 1), 'Growing the trees');
    const model = ardtTrainIds(sequences, await this.options(p));
    throwIfCancelled(signal);
    const modelId = `trees-${this.next++}`;
    const stats = modelStats(model);
    const summary: TreesModelSummary = {
      modelId, learner: p.learner, window: p.window, features: featureWords(p.features), ...stats,
      tokens: sequences.reduce((a, s) => a + s.ids.length, 0), samples: model.trainedOn.samples,
      trainAccuracy: ardtAccuracy(model, sequences).accuracy, seconds: (Date.now() - t0) / 1000,
      sources: p.sources.map((s) => s.name), skipped: p.skipped,
    };
    this.models.set(modelId, { model, summary });
    return summary;
  }

  /** Generates text after a prompt. */
  generate(p: TreesGenerateRequest['params']): { text: string; prompt: string } {
    const { model } = this.get(p.modelId);
    if (model.spec.dense !== undefined) {
      throw new LensError('bad-input', 'This tree model reads lens-lm hidden states, which generation does not compute. Train with token or embedding features to generate.');
    }
    const { text } = ardtGenerateText(model, p.prompt, { maxTokens: p.maxTokens, temperature: p.temperature, seed: p.seed });
    return { text, prompt: p.prompt };
  }

  /** Traces the prediction of the token at `at`. */
  async trace(p: TreesTraceRequest['params'], signal: AbortSignal): Promise<TreesTraceResult> {
    const held = this.get(p.modelId);
    const bytes = new TextEncoder().encode(p.text);
    const t = Buffer.byteLength(p.text.slice(0, p.at), 'utf8');
    if (t === 0) throw new LensError('bad-input', 'The cursor is at the start of the file: nothing comes before it to predict from. Put the cursor on a later token.');
    if (t > bytes.length) throw new LensError('bad-input', 'The cursor is past the end of the text.');
    const dense = held.model.spec.dense !== undefined ? await this.hidden(bytes, signal) : undefined;
    const prediction = ardtPredict(held.model, bytes, t, dense);
    return traceResult(held.model, held.summary, prediction, p.text, bytes, p.source);
  }

  /** The model as JSON (format "model-lens/ardt"), with its summary. */
  save(modelId: string): string {
    const held = this.get(modelId);
    const json = JSON.parse(ardtSave(held.model)) as Record<string, unknown>;
    return JSON.stringify({ ...json, summary: held.summary });
  }

  /** Loads a saved model and keeps it; returns its summary. */
  load(text: string, name: string): TreesModelSummary {
    const model = ardtLoad(text);
    const saved = (JSON.parse(text) as { summary?: Partial<TreesModelSummary> }).summary ?? {};
    const modelId = `trees-${this.next++}`;
    const summary: TreesModelSummary = {
      modelId, learner: model.learner.kind, window: model.spec.window,
      features: typeof saved.features === 'string' ? saved.features : 'token identities', ...modelStats(model),
      tokens: model.trainedOn.tokens, samples: model.trainedOn.samples,
      trainAccuracy: typeof saved.trainAccuracy === 'number' ? saved.trainAccuracy : 0,
      seconds: typeof saved.seconds === 'number' ? saved.seconds : 0, sources: [name], skipped: [],
    };
    this.models.set(modelId, { model, summary });
    return summary;
  }

  /** Next-token accuracy of a kept model on a held-out text. */
  async accuracy(modelId: string, text: string, signal?: AbortSignal): Promise<number> {
    const { model } = this.get(modelId);
    const ids = new TextEncoder().encode(text);
    const dense = model.spec.dense !== undefined ? await this.hidden(ids, signal) : undefined;
    return ardtAccuracy(model, [{ ids, ...(dense !== undefined ? { dense } : {}) }]).accuracy;
  }

  private get(modelId: string): Held {
    const held = this.models.get(modelId);
    if (held === undefined) throw new LensError('bad-input', 'That decision-tree model is no longer loaded (the engine restarted). Train it again.');
    return held;
  }

  private async options(p: TreesTrainRequest['params']): Promise<ArdtOptions> {
    const base: ArdtOptions = { window: p.window, learner: p.learner, cart: { maxDepth: p.depth, minLeaf: p.minLeaf }, boosted: { maxDepth: Math.min(p.depth, 6) } };
    if (p.features === 'embedding') {
      const e = readEmbeddings(this.modelsDir, 'lens-lm');
      // Bytes only: lens-lm's table also has a row for <|endoftext|>, which texts never contain.
      return { ...base, embedding: { table: e.table.slice(0, 256 * e.dim), dim: e.dim, name: 'lens-lm' } };
    }
    if (p.features === 'hidden') {
      // The hidden states have the width of the embeddings (the model's d).
      const { dim } = readEmbeddings(this.modelsDir, 'lens-lm');
      return { ...base, dense: { dim, source: 'lens-lm hidden state' } };
    }
    return base;
  }

  private async hidden(bytes: Uint8Array, signal?: AbortSignal): Promise<Float32Array> {
    const a = await this.session();
    const layer = a.session.outputNames.filter((n) => n.startsWith('hidden_states.')).length - 1;
    const r = await lensHiddenFeatures(a.session, bytes, { bos: a.bos, layer, window: a.window, ...(signal !== undefined ? { signal } : {}) });
    return r.dense;
  }

  private session(): Promise<{ session: ort.InferenceSession; bos: number; window: number }> {
    this.analysis ??= loadAnalysisSession(this.modelsDir, 'lens-lm').then(({ session, model }) => ({ session, bos: model.bosTokenId ?? 256, window: model.context }));
    return this.analysis;
  }
}

function featureWords(f: TreesTrainRequest['params']['features']): string {
  if (f === 'embedding') return 'token identities + lens-lm embedding average';
  if (f === 'hidden') return 'token identities + lens-lm hidden state';
  return 'token identities';
}
