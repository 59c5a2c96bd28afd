/**
 * @file Greedy decoding of one problem by a Turing-program model, recomputing the whole sequence for every token
 * (the graph has no cache). Each finished line is checked by the simulator as it arrives and handed to `onLine`; a
 * cancel is seen between passes (each pass is one short forward).
 */
import { passYield } from '../../model/pacing';
import { programLines, type ProgramLine, type ProgramProblem } from './program';
import { ProgramChecker, type CheckedLine } from './programCheck';
import { argmaxAt, programLogits } from './programForward';
import type { ProgramModel } from './programModel';
import { EOS_ID, MAX_MODEL_TOKENS, promptIds, sequenceIds, SEP_ID, tokenOf } from './programTokens';

/** What greedy decoding wrote. */
export interface ProgramDecode {
  /** The lines the model wrote after the prompt, each checked. */
  readonly lines: readonly CheckedLine[];
  /** Every token id written after the prompt (`<eos>` included when written). */
  readonly tokens: readonly number[];
  /** True when the model wrote `<eos>` within the token budget. */
  readonly finished: boolean;
  /** Why decoding ended: `<eos>`, the token budget, or a line past the program's longest (`runaway`). */
  readonly ended: 'eos' | 'budget' | 'runaway';
  /** The first wrong line (0-based, line 0 the problem), absent when every line is right. */
  readonly firstWrongStep?: number;
  /** The line the first wrong one should have been (empty cells: the program stopped where a line was due). */
  readonly expected?: ProgramLine;
}

/** Options of `programDecode`. */
export interface DecodeOptions {
  readonly signal?: AbortSignal;
  /** Called with each line as it is finished and checked. */
  readonly onLine?: (line: CheckedLine) => void;
  /** Most tokens written after the prompt (at most MAX_MODEL_TOKENS in all). @default the program's length + a line */
  readonly maxTokens?: number;
  /** A line longer than this (cells) ends decoding: the model has lost its place. @default the longest line + 2 */
  readonly maxLineCells?: number;
}

/** Greedy decoding of `problem` by `model`, line by line. */
export async function programDecode(
  model: ProgramModel,
  problem: ProgramProblem,
  o: DecodeOptions = {},
): Promise<ProgramDecode> {
  const truth = programLines(problem);
  const checker = new ProgramChecker(problem, !model.config.scratchpad);
  const ids = promptIds(truth[0] ?? []);
  const wanted = o.maxTokens ?? sequenceIds(truth, model.config.scratchpad).length - ids.length + problem.a.length + 4;
  const budget = Math.min(wanted, MAX_MODEL_TOKENS - ids.length);
  const lines: CheckedLine[] = [];
  const tokens: number[] = [];
  let cells: string[] = [];
  const close = (): void => {
    const checked = checker.next(cells);
    lines.push(checked);
    o.onLine?.(checked);
    cells = [];
  };
  let finished = false;
  const widest = o.maxLineCells ?? Math.max(...truth.map((l) => l.length)) + 2;
  let lost = false;
  while (tokens.length < budget && !finished && !lost) {
    await passYield(o.signal);
    const logits = await programLogits(model, [ids]);
    const next = argmaxAt(logits, 0, ids.length - 1);
    ids.push(next);
    tokens.push(next);
    if (next === SEP_ID || next === EOS_ID) close();
    else cells.push(tokenOf(next));
    finished = next === EOS_ID;
    lost = cells.length > widest;
  }
  if (!finished && cells.length > 0) close();
  const missing = finished ? checker.finish() : undefined;
  const wrong = lines.find((l) => l.index === checker.firstWrong) ?? missing;
  return {
    lines,
    tokens,
    finished,
    ended: finished ? 'eos' : lost ? 'runaway' : 'budget',
    ...(checker.firstWrong === undefined ? {} : { firstWrongStep: checker.firstWrong }),
    ...(wrong?.expected === undefined ? {} : { expected: wrong.expected }),
  };
}
