/**
 * @file `model-lens turing --input "57+68" --model turing-addition`: a Turing-program model's scratchpad, printed
 * line by line as the model writes it (each line marked right or wrong by the simulator), then the answer.
 */
import { LensError } from '../../core/errors';
import { PROGRAM_TASKS, programRunRequest, type ProgramRunResult } from '../../shared/turing';
import type { CliArgs, CliEngine, CliOutput } from '../command';
import { choiceOption } from '../input';

type Line = ProgramRunResult['lines'][number];

const MARK: Record<Line['status'], string> = { right: 'right', wrong: 'WRONG', unchecked: '?' };

/** One written line: its number, cells and the simulator's verdict (with the expected line when wrong). */
export function programLineText(l: Line, width: number): string {
  const expected = l.expected === undefined ? '' : `   expected: ${l.expected}`;
  return `${String(l.index).padStart(4)}  ${l.text.padEnd(width)}  ${MARK[l.status]}${expected}\n`;
}

/** The header: model, problem and line 0. */
export function programHeader(r: ProgramRunResult): string {
  const kind = r.scratchpad ? 'scratchpad' : 'no scratchpad';
  return (
    `${r.model} (${kind}, trained up to ${r.trainMaxLength} digits) on ${r.problem}, ${r.digits} digits\n` +
    `${'0'.padStart(4)}  ${r.truth[0] ?? ''}\n`
  );
}

/** The closing lines: the answer and the first wrong step. */
export function programSummary(r: ProgramRunResult): string {
  const why =
    r.ended === 'runaway'
      ? `line ${r.lines[r.lines.length - 1]?.index ?? 1} ran past the program's longest line`
      : 'no <eos> within the token budget';
  const answer = r.answer === undefined ? `no answer (${why})` : `answer ${r.answer}`;
  const verdict = r.correct ? 'correct' : `wrong, expected ${r.expectedAnswer}`;
  const step =
    r.firstWrongStep === undefined
      ? 'every step right'
      : `first wrong step: line ${r.firstWrongStep}${r.expected === undefined ? '' : `, expected "${r.expected}"`}`;
  return `${answer}: ${verdict}; ${step}\n`;
}

/** Runs the model, streaming each line to stdout unless the result is printed as JSON or written to a file. */
export async function programCommand(args: CliArgs, engine: CliEngine, input: string): Promise<CliOutput> {
  const task = args.values['task'];
  if (!args.modelGiven) throw new LensError('internal', 'programCommand needs --model.');
  const stream = args.values['json'] !== true && args.out === undefined;
  const width = 2 * input.length + 8;
  let printed = -1;
  const write = (r: ProgramRunResult): string => {
    let text = printed < 0 ? programHeader(r) : '';
    printed = Math.max(printed, 0);
    for (const l of r.lines.slice(printed)) text += programLineText(l, width);
    printed = r.lines.length;
    return text;
  };
  const result = await engine.run(
    programRunRequest,
    {
      input,
      model: args.model,
      allowLocalFiles: true,
      ...(typeof task === 'string' ? { task: choiceOption('task', task, PROGRAM_TASKS) } : {}),
    },
    stream ? (r) => process.stdout.write(write(r)) : undefined,
  );
  const report = { view: 'turing', kind: programRunRequest.name, title: `Turing program: ${result.problem}` } as const;
  return { result, text: write(result) + programSummary(result), report };
}
