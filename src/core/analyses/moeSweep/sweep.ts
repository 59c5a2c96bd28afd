/**
 * @file The memorization-vs-reasoning sweep: the zoo's MoE and dense models of both tasks with their build-time
 * accuracy and headline checks; live, each model re-scored on the same seeded sample of its task's eval items
 * (greedy exact match of every answer token, the shared answer scoring), one model at a time, with a partial
 * result after each so a panel draws the points as they come. Cancellable between batches.
 */
import { LensError, throwIfCancelled } from '../../errors';
import type { CausalLM } from '../../model/types';
import { scoreAnswers, type AnswerItem } from '../tasks/scoreAnswers';
import type { MoeSweepParams, MoeSweepResult, SweepModel, SweepTask } from '../../../shared/moeSweep';
import { readEvalSet, seededSample } from './evalSet';
import { graphItems } from './graphTask';
import { headlineChecks } from './headline';
import { readSweepModels } from './table';
import { wilson } from '../../../shared/wilson';

/** Where the sweep finds its models and eval sets, and how it loads a model (the engine's cache). */
export interface SweepEnv {
  readonly modelsDir: string;
  readonly load: (name: string) => Promise<CausalLM>;
}

/** Options of {@link moeSweep}. */
export interface SweepOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
  /** The result so far, after each model scored live. */
  readonly onPartial?: (result: MoeSweepResult) => void;
}

/** The sweep of the zoo in `env.modelsDir`, re-measured live when `params.live`. */
export async function moeSweep(env: SweepEnv, params: MoeSweepParams, o: SweepOptions = {}): Promise<MoeSweepResult> {
  const models = readSweepModels(env.modelsDir);
  if (models.length === 0)
    throw new LensError(
      'model-not-found',
      'The model zoo has no mixture-of-experts phone-book or path models. Reinstall Model Lens, or build them with ' +
        'the zoo recipe (tools/zoo).',
    );
  const result: MoeSweepResult = { models, headline: headlineChecks(models, 'build') };
  if (!params.live) return result;
  const samples = await taskSamples(env.modelsDir, models, params);
  const scored: SweepModel[] = [...models];
  const paths = samples.get('paths');
  const live = {
    sample: params.sample,
    seed: params.seed,
    done: 0,
    ...(params.graph && paths ? { graph: { source: params.graph.source, items: paths.length } } : {}),
  };
  for (const [i, m] of models.entries()) {
    throwIfCancelled(o.signal);
    const items = samples.get(m.task) ?? [];
    const report = (done: number, total: number): void =>
      o.onProgress?.((i + done / total) / models.length, `${m.name}: ${done} of ${total} items scored`);
    report(0, items.length);
    const model = await env.load(m.name);
    const scores = await scoreAnswers(model, items, { ...(o.signal ? { signal: o.signal } : {}), onProgress: report });
    scored[i] = { ...m, live: wilson(scores.filter((s) => s.exact).length, scores.length) };
    live.done = i + 1;
    if (i + 1 < models.length) o.onPartial?.({ ...result, models: [...scored], live: { ...live } });
  }
  return { ...result, models: scored, live: { ...live, headline: headlineChecks(scored, 'live') } };
}

/**
 * The seeded sample of each task's eval items (one sample per task, so every model answers the same items); the
 * path tasks of the graph in `params.graph` instead when there is one.
 */
async function taskSamples(
  modelsDir: string,
  models: readonly SweepModel[],
  params: MoeSweepParams,
): Promise<Map<SweepTask, AnswerItem[]>> {
  const samples = new Map<SweepTask, AnswerItem[]>();
  for (const task of new Set(models.map((m) => m.task))) {
    if (task === 'paths' && params.graph !== undefined) {
      samples.set(task, graphItems(params.graph.text, params.graph.source));
      continue;
    }
    const set = await readEvalSet(modelsDir, task);
    samples.set(task, seededSample(set.items, params.sample, params.seed));
  }
  return samples;
}
