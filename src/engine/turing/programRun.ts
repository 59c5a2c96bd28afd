/**
 * @file Runs a Turing-program model greedily on one problem for the editor and the CLI: each line, checked by the
 * simulator, is sent as a partial result (the scratchpad so far) and reported as progress.
 */
import { programLines, programProblem, problemString } from '../../core/analyses/turing/program';
import { programDecode, type ProgramDecode } from '../../core/analyses/turing/programDecode';
import type { ProgramModel } from '../../core/analyses/turing/programModel';
import { LensError } from '../../core/errors';
import type { ProgramRunParams, ProgramRunResult } from '../../shared/turing';
import type { Job } from '../toolkit';

const cellsText = (cells: readonly string[]): string => cells.join(' ');

/** The result so far: `lines` written, `done` once decoding ended. */
function snapshot(
  model: ProgramModel,
  base: Pick<ProgramRunResult, 'problem' | 'digits' | 'truth' | 'expectedAnswer'>,
  d: {
    readonly lines: ProgramDecode['lines'];
    readonly finished: boolean;
    readonly done: boolean;
    readonly ended?: ProgramDecode['ended'];
    readonly firstWrongStep?: number | undefined;
    readonly expected?: ProgramDecode['expected'] | undefined;
  },
): ProgramRunResult {
  const last = d.lines[d.lines.length - 1];
  const answer = d.finished && last !== undefined ? last.cells.join('') : undefined;
  return {
    model: model.name,
    task: model.config.task,
    scratchpad: model.config.scratchpad,
    trainMaxLength: model.config.trainMaxLength,
    ...base,
    lines: d.lines.map((l) => ({
      index: l.index,
      text: cellsText(l.cells),
      status: l.status,
      ...(l.expected === undefined ? {} : { expected: cellsText(l.expected) }),
    })),
    finished: d.finished,
    done: d.done,
    ...(d.ended === undefined ? {} : { ended: d.ended }),
    ...(d.firstWrongStep === undefined ? {} : { firstWrongStep: d.firstWrongStep }),
    ...(d.expected === undefined ? {} : { expected: cellsText(d.expected) }),
    ...(answer === undefined ? {} : { answer }),
    correct: answer === base.expectedAnswer,
  };
}

/** Decodes `params.input` with `model`, sending the scratchpad so far after each line. */
export async function programRun(
  model: ProgramModel,
  params: ProgramRunParams,
  job: Job<ProgramRunResult>,
): Promise<ProgramRunResult> {
  const task = params.task ?? model.config.task;
  if (task !== model.config.task)
    throw new LensError(
      'bad-input',
      `${model.name} writes ${model.config.task} programs, not ${task}. Choose a turing-${task} model.`,
    );
  const problem = programProblem(params.input, task);
  const truth = programLines(problem);
  const base = {
    problem: problemString(problem),
    digits: problem.a.length,
    truth: (model.config.scratchpad ? truth : [truth[0] ?? [], truth[truth.length - 1] ?? []]).map(cellsText),
    expectedAnswer: (truth[truth.length - 1] ?? []).join(''),
  };
  const total = model.config.scratchpad ? truth.length - 1 : 1;
  const lines: ProgramDecode['lines'][number][] = [];
  // The problem at once, so a panel showing an earlier run switches before the first line is written.
  job.partial?.(snapshot(model, base, { lines, finished: false, done: false }));
  const decoded = await programDecode(model, problem, {
    signal: job.signal,
    onLine: (line) => {
      lines.push(line);
      job.progress(Math.min(1, lines.length / total), `${lines.length} of ${total} lines written`);
      const wrong = lines.find((l) => l.status === 'wrong');
      job.partial?.(
        snapshot(model, base, {
          lines,
          finished: false,
          done: false,
          firstWrongStep: wrong?.index,
          expected: wrong?.expected,
        }),
      );
    },
  });
  return snapshot(model, base, { ...decoded, done: true });
}
