/**
 * @file Positions jobs: the position IDs of a selected problem decoded by the task's zoo model
 * (or of a selected Turing-program scratchpad), and the length-generalization probe. Loaded
 * models stay open between requests.
 */
import { couple } from '../core/analyses/positions/couple';
import type { CouplingTask } from '../core/analyses/positions/couplingTypes';
import { positionsDecode, type DecodeMode } from '../core/analyses/positions/decode';
import { lengthProbe } from '../core/analyses/positions/lengthProbe';
import { taskGuess } from '../core/analyses/positions/parseProblem';
import { modelCoupleOptions, POSITION_METHODS, positionModelLoad, positionModelName, type PositionMethod, type PositionModel, type PositionTask } from '../core/analyses/positions/positionModel';
import { LensError } from '../core/errors';
import type { EngineResults, LengthProbeRequest, PositionsRequest } from '../shared/protocol';
import type { PositionsResult, PositionsTokenView } from '../shared/results';
import { scratchpadView } from './scratchpadView';

const METHOD_OF: Record<DecodeMode, PositionMethod> = { ppc: 'ppc', oracle: 'coupled', absolute: 'absolute' };
const MODEL_TASKS: readonly string[] = ['addition', 'copy'];
const FORMS = 'an addition like 48213+9077=, a multiplication like 4821*7=, a copy like 5830| or a Turing-program scratchpad (lines like "5 [right|7] + 6 8")';

/** The document range of a token typed at `src` in a selection starting at `at` (none for untyped tokens, src −1). */
const rangeOf = (at: number, src: number): { range?: { start: number; end: number } } => (src >= 0 ? { range: { start: at + src, end: at + src + 1 } } : {});

/** Runs positions requests. */
export class PositionsJobs {
  private readonly models = new Map<string, Promise<PositionModel>>();

  /** `modelsDir` holds the embedded positions models. */
  constructor(private readonly modelsDir: string) {}

  private model(name: string): Promise<PositionModel> {
    let m = this.models.get(name);
    if (m === undefined) {
      m = positionModelLoad(name, { modelsDir: this.modelsDir, allowLocalFiles: false });
      m.catch(() => this.models.delete(name));
      this.models.set(name, m);
    }
    return m;
  }

  /** Position IDs of the selected problem (or scratchpad). */
  async show(p: PositionsRequest['params'], signal: AbortSignal): Promise<EngineResults['positions']> {
    const text = p.text.trim();
    if (text === '') throw new LensError('empty-input', `Select a problem first: ${FORMS}.`);
    if (/\[[^\]|]+\|[^\]]*\]/u.test(text)) return scratchpadView(p);
    const task = (p.task ?? taskGuess(text)) as CouplingTask | undefined;
    if (task === undefined) throw new LensError('bad-input', `"${text.slice(0, 40)}" is not a problem Model Lens knows. Select ${FORMS}.`);
    const lead = p.text.indexOf(text);
    if (!MODEL_TASKS.includes(task)) return ruleOnly(p, text, task, lead);
    const model = await this.model(positionModelName(task as PositionTask, METHOD_OF[p.method]));
    const coupled = couple(text, task, { offset: 0, ...modelCoupleOptions(model) });
    const d = await positionsDecode(model, coupled, p.method, { attentions: true, signal });
    const answerStart = d.answerIndices[0] ?? d.tokens.length;
    const tokens: PositionsTokenView[] = d.tokens.map((t, i) => {
      const src = i < answerStart ? coupled.sources[i] ?? -1 : -1;
      const predicted = d.predictedIds?.[i - answerStart];
      return {
        text: t, ruleId: d.ruleIds[i] ?? 0, fedId: d.fedIds[i] ?? 0, answer: i >= answerStart,
        ...(predicted !== undefined && i >= answerStart ? { predictedId: predicted } : {}),
        ...rangeOf(p.offset + lead, src),
      };
    });
    return {
      source: p.source, task, problem: text, tokens, model: d.model, mode: d.mode, answer: d.answer, expected: d.expected, correct: d.correct,
      idMatches: d.idMatches, trainMaxLength: model.config.trainMaxLength, maxPosition: model.config.maxPosition, ...(d.attentions !== undefined ? { attentions: d.attentions } : {}),
    };
  }

  /** Exact match against length for the ppc, coupled (oracle) and absolute models of the task. */
  async probe(p: LengthProbeRequest['params'], signal: AbortSignal, progress: (fraction: number, message: string) => void): Promise<EngineResults['lengthProbe']> {
    const models = await Promise.all(POSITION_METHODS.map((m) => this.model(positionModelName(p.task, m))));
    return lengthProbe(models, {
      task: p.task, maxLength: p.maxLength, samples: p.samples, seed: p.seed, signal,
      onProgress: (done, total) => progress(done / total, `${done} of ${total} problems decoded`),
    });
  }
}

/** Rule IDs only, for the tasks without a zoo model (multiplication, reverse). */
function ruleOnly(p: PositionsRequest['params'], text: string, task: CouplingTask, lead: number): PositionsResult {
  const c = couple(text, task, { offset: 0 });
  const start = c.answerIndices[0] ?? c.tokens.length;
  const tokens = c.tokens.map((t, i) => {
    const src = c.sources[i] ?? -1;
    return { text: t, ruleId: c.ruleIds[i] ?? 0, answer: i >= start, ...rangeOf(p.offset + lead, src) };
  });
  return { source: p.source, task, problem: text, tokens, expected: c.answer, note: `The zoo has positions models for ${MODEL_TASKS.join(' and ')}; for ${task} the panel shows the coupling rule's IDs only.` };
}
