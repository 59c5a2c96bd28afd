/**
 * @file The length probe's Turing-program curves: `turing-program` (the scratchpad model) and `no-scratchpad` (the
 * baseline that writes the answer right after the problem) for each task with such models in the zoo. A problem
 * counts as correct when greedy decoding would reproduce every line and the answer, found in one pass per batch;
 * the first wrong step is the line where it would first go wrong.
 */
import type { ProbeOutcome, ProbeScorer } from '../../core/analyses/positions/probeScorer';
import { programProblem } from '../../core/analyses/turing/program';
import { programModelLoad, programModelNames, type ProgramModel } from '../../core/analyses/turing/programModel';
import { programScore } from '../../core/analyses/turing/programScore';
import { MAX_MODEL_TOKENS, programLength } from '../../core/analyses/turing/programTokens';
import type { CouplingTask } from '../../shared/positions';
import { PROGRAM_TASKS, programModelName } from '../../shared/turing';
import type { ProbeScorerSource } from '../positions/scorerSource';
import { loadOnce } from '../loadOnce';
import type { EngineEnv } from '../toolkit';

/** The probe scorer of one loaded model. */
function scorerOf(model: ProgramModel, zooName: string): ProbeScorer {
  const { task, scratchpad, trainMaxLength } = model.config;
  return {
    method: scratchpad ? 'turing-program' : 'no-scratchpad',
    model: zooName,
    task,
    trainMaxLength,
    fits: (length) => programLength(task, length, scratchpad) <= MAX_MODEL_TOKENS,
    async score(problems, signal, onProgress): Promise<readonly ProbeOutcome[]> {
      const parsed = problems.map((p) => programProblem(p, task));
      return programScore(model, parsed, {
        ...(signal === undefined ? {} : { signal }),
        ...(onProgress ? { onProgress } : {}),
      });
    },
  };
}

/** The Turing-program scorers of a task: one per zoo model of it (none for copy or reverse, or when not installed). */
export const turingScorerSource = (env: EngineEnv): ProbeScorerSource => {
  const load = loadOnce((spec, allowLocalFiles) =>
    programModelLoad(spec, { modelsDir: env.modelsDir, allowLocalFiles }),
  );
  return async (task: CouplingTask) => {
    const programTask = PROGRAM_TASKS.find((t) => t === task);
    if (programTask === undefined) return [];
    const zoo = new Set(programModelNames(env.modelsDir));
    const names = [true, false].map((s) => programModelName(programTask, s)).filter((n) => zoo.has(n));
    return Promise.all(names.map(async (n) => scorerOf(await load(n, false), n)));
  };
};
