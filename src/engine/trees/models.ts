/**
 * @file The decision-tree LMs of one engine: trains them (kept in memory under an id), loads saved
 * ones from a file or their text, saves them, generates with them and traces their predictions.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ardtFromJson, ardtReadJson, ardtSave } from '../../core/analyses/trees/ardtJson';
import { ardtAccuracy, ardtGenerateText, ardtPredict, ardtTrainIdsSteps } from '../../core/analyses/trees/ardt';
import { stepsRunAsync } from '../../core/analyses/trees/steps';
import type { ArdtModel, ArdtSequence } from '../../core/analyses/trees/ardt';
import { modelStats, traceResult } from '../../core/analyses/trees/traceResult';
import { LensError, throwIfCancelled } from '../../core/errors';
import { atomicWrite } from '../../core/io/atomicWrite';
import { defaultCacheDir } from '../../core/model/loadModel';
import { check } from '../../shared/schema';
import { SavedTreeModelSchema, TREE_FEATURE_MODELS, type TreeFeatureModel } from '../../shared/trees';
import type { ParamsOf } from '../../shared/request';
import type { TreeFeatures, TreeModelRef, TreesModelSummary, TreesTraceResult } from '../../shared/trees';
import type { treesGenerateRequest, treesTraceRequest, TreesGenerateResult } from '../../shared/trees';
import type { Job } from '../toolkit';
import { featureWords, LensFeatures, type Training } from './lens';

/** A model with its summary. */
export interface Held {
  readonly model: ArdtModel;
  readonly summary: TreesModelSummary;
}

/** What a model is trained on and how. */
export interface TrainInput extends Training {
  readonly sources: readonly { readonly name: string; readonly text: string }[];
  readonly skipped: readonly string[];
  readonly features: TreeFeatures;
  /** Whose hidden states `hidden` reads. @default 'lens-lm' */
  readonly featureModel?: TreeFeatureModel | undefined;
}

const NOT_HELD = 'That decision-tree model is no longer loaded (the engine restarted). Train it again.';
const GENERATE_HIDDEN =
  'This tree model reads hidden states, which generation does not compute. ' +
  'Train with token or embedding features to generate.';

/** Decision-tree models of one engine. */
export class TreeModels {
  private readonly held = new Map<string, Held>();
  private readonly lens: LensFeatures;
  private next = 1;

  /** `modelsDir` holds the embedded models, for embedding and hidden-state features. */
  constructor(modelsDir: string, cacheDir = join(defaultCacheDir(), '..', 'hidden')) {
    this.lens = new LensFeatures(modelsDir, cacheDir);
  }

  /** Trains a model on the input's texts (not kept: see {@link keep}). */
  async train(p: TrainInput, job: Job): Promise<Held> {
    const t0 = Date.now();
    const sequences: ArdtSequence[] = [];
    for (const [i, s] of p.sources.entries()) {
      throwIfCancelled(job.signal);
      job.progress(i / (p.sources.length + 1), `Reading ${s.name}`);
      const ids = new TextEncoder().encode(s.text);
      const dense = p.features === 'hidden' ? await this.lens.hidden(ids, job.signal, p.featureModel) : undefined;
      sequences.push(dense !== undefined ? { ids, dense } : { ids });
    }
    job.progress(p.sources.length / (p.sources.length + 1), 'Growing the trees');
    const options = this.lens.options(p, p.features, p.featureModel);
    const model = await stepsRunAsync(ardtTrainIdsSteps(sequences, options), job.signal);
    const summary: TreesModelSummary = {
      modelId: this.freshId(),
      learner: p.learner,
      window: p.window,
      features: featureWords(p.features, p.featureModel),
      ...modelStats(model),
      tokens: sequences.reduce((a, s) => a + s.ids.length, 0),
      samples: model.trainedOn.samples,
      trainAccuracy: ardtAccuracy(model, sequences).accuracy,
      seconds: (Date.now() - t0) / 1000,
      sources: p.sources.map((s) => s.name),
      skipped: p.skipped,
    };
    return { model, summary };
  }

  /** Keeps a model for later requests under its id; returns its summary. */
  keep(held: Held): TreesModelSummary {
    this.held.set(held.summary.modelId, held);
    return held.summary;
  }

  /** Loads a saved model file and keeps it under a new id; returns its summary. */
  async load(path: string): Promise<TreesModelSummary> {
    const held = await this.resolve({ from: 'file', path });
    return this.keep({ model: held.model, summary: { ...held.summary, modelId: this.freshId() } });
  }

  /** The model a request names: one kept here (or its saved copy), a saved file, or a saved model's text. */
  async resolve(ref: TreeModelRef): Promise<Held> {
    if (ref.from === 'engine') {
      const held = this.held.get(ref.modelId);
      if (held !== undefined) return held;
      if (ref.file === undefined) throw new LensError('bad-input', NOT_HELD);
      const copy = await this.resolve({ from: 'file', path: ref.file }).catch((error: unknown) => {
        const why = error instanceof LensError ? ` (${error.message})` : '';
        throw new LensError(
          'bad-input',
          `That decision-tree model is no longer loaded and its copy${why} cannot be read. Train it again.`,
        );
      });
      this.keep({ model: copy.model, summary: { ...copy.summary, modelId: ref.modelId } });
      return this.resolve(ref);
    }
    if (ref.from === 'json') return this.fromText(ref.text, ref.name, ref.name);
    const text = await readFile(ref.path, 'utf8').catch(() => {
      throw new LensError('bad-input', `${ref.path} does not exist or cannot be read.`);
    });
    return this.fromText(text, basename(ref.path), ref.path);
  }

  /** Writes a model as JSON (format "model-lens/ardt") with its summary, atomically; returns its size in bytes. */
  async save(held: Held, out: string): Promise<number> {
    const json = JSON.parse(ardtSave(held.model)) as Record<string, unknown>;
    const text = JSON.stringify({ ...json, summary: held.summary });
    await atomicWrite(out, text);
    return Buffer.byteLength(text);
  }

  /** An id no kept model has (a model restored from its copy keeps the id it had in an earlier engine). */
  freshId(): string {
    let id = `trees-${this.next++}`;
    while (this.held.has(id)) id = `trees-${this.next++}`;
    return id;
  }

  /** Generates text after a prompt. */
  generate(held: Held, p: ParamsOf<typeof treesGenerateRequest>): TreesGenerateResult {
    if (held.model.spec.dense !== undefined) throw new LensError('bad-input', GENERATE_HIDDEN);
    const options = { maxTokens: p.maxTokens, temperature: p.temperature, seed: p.seed };
    return { text: ardtGenerateText(held.model, p.prompt, options).text, prompt: p.prompt };
  }

  /** Traces the prediction of the token at `p.at`. */
  async trace(held: Held, p: ParamsOf<typeof treesTraceRequest>, signal: AbortSignal): Promise<TreesTraceResult> {
    const bytes = new TextEncoder().encode(p.text);
    const t = Buffer.byteLength(p.text.slice(0, p.at), 'utf8');
    if (t === 0) {
      const why = 'The cursor is at the start of the file: nothing comes before it to predict from.';
      throw new LensError('bad-input', `${why} Put the cursor on a later token.`);
    }
    if (p.at > p.text.length) throw new LensError('bad-input', 'The cursor is past the end of the text.');
    const dense = await this.denseOf(held, bytes, signal);
    const prediction = ardtPredict(held.model, bytes, t, dense);
    return traceResult(held.model, held.summary, prediction, p.text, bytes, p.source);
  }

  /** Next-token accuracy of a model on a held-out text. */
  async accuracy(held: Held, text: string, signal?: AbortSignal): Promise<number> {
    const ids = new TextEncoder().encode(text);
    const dense = await this.denseOf(held, ids, signal);
    return ardtAccuracy(held.model, [{ ids, ...(dense !== undefined ? { dense } : {}) }]).accuracy;
  }

  /** The dense features a model reads, from the embedded model it was trained with; none when it reads none. */
  private async denseOf(held: Held, bytes: Uint8Array, signal?: AbortSignal): Promise<Float32Array | undefined> {
    const dense = held.model.spec.dense;
    if (dense === undefined) return undefined;
    const model = TREE_FEATURE_MODELS.find((m) => m === (dense.model ?? 'lens-lm'));
    if (model === undefined) {
      throw new LensError('bad-model', `This tree model reads hidden states of ${dense.model}, which is not embedded.`);
    }
    return this.lens.hidden(bytes, signal, model);
  }

  /** A saved model from its text; its summary is checked by schema, so a bad field is named. */
  private fromText(text: string, name: string, modelId: string): Held {
    const raw = ardtReadJson(text);
    const model = ardtFromJson(raw);
    const checked = check(SavedTreeModelSchema, raw);
    if (!checked.ok) {
      const what = checked.message;
      throw new LensError('bad-model', `This decision-tree model file is corrupt: ${what}. Train the model again.`);
    }
    const saved = checked.value.summary ?? {};
    const summary: TreesModelSummary = {
      modelId,
      learner: model.learner.kind,
      window: model.spec.window,
      features: saved.features ?? 'token identities',
      ...modelStats(model),
      tokens: model.trainedOn.tokens,
      samples: model.trainedOn.samples,
      trainAccuracy: saved.trainAccuracy ?? 0,
      seconds: saved.seconds ?? 0,
      sources: [name],
      skipped: [],
    };
    return { model, summary };
  }
}
