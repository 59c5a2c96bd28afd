/**
 * @file `model-lens positions` (position coupling of a problem) and `model-lens turing`
 * (Turing-program scratchpads: generate for a machine or for addition, and check one).
 */
import { readFile } from 'node:fs/promises';
import { couple } from '../core/analyses/positions/couple';
import { COUPLING_TASKS, type CouplingTask } from '../core/analyses/positions/couplingTypes';
import { taskGuess } from '../core/analyses/positions/parseProblem';
import { additionInput, additionMachine } from '../core/analyses/turing/additionMachine';
import { machineParse } from '../core/analyses/turing/machineParse';
import { turingScratchpad } from '../core/analyses/turing/scratchpad';
import { scratchpadCheck } from '../core/analyses/turing/scratchpadCheck';
import { scratchpadIds } from '../core/analyses/turing/scratchpadIds';
import { LensError } from '../core/errors';
import type { CliOptions } from './args';
import { choiceOption, intOption, readInput } from './input';

const print = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** `positions "<problem>" [--task T] [--offset N] --json`: tokens with their coupled position IDs. */
export function positionsCommand(o: CliOptions): number {
  const problem = o.file;
  if (problem === undefined) throw new LensError('bad-input', 'Give a problem, e.g. model-lens positions "48213+9077=" --task addition');
  const guessed = taskGuess(problem);
  const task: CouplingTask = o.trees['task'] === undefined && guessed !== undefined ? guessed : choiceOption('task', o.trees['task'], COUPLING_TASKS);
  const offset = intOption('offset', o.trees['offset'], 0, 0, 1_000_000);
  const r = couple(problem, task, { offset });
  if (o.json) print(JSON.stringify(r));
  else print(r.tokens.map((t, i) => `${JSON.stringify(t)}:${r.ruleIds[i] ?? ''}`).join(' ') + `\nanswer ${r.answer}${r.givenCorrect !== undefined ? ` (given answer ${r.givenCorrect ? 'correct' : 'wrong'})` : ''}`);
  return 0;
}

/** `turing <machine-file> --input "…"`, `turing --task addition --input "57+68"`, `turing <machine-file> --check <file>`. */
export async function turingCommand(o: CliOptions): Promise<number> {
  const t = o.trees;
  const machine = t['task'] === 'addition' ? additionMachine() : machineParse(await readInput(o.file));
  if (t['check'] !== undefined) {
    const r = scratchpadCheck(machine, await readFile(t['check'], 'utf8').catch(() => { throw new LensError('bad-input', `${t['check'] ?? ''} cannot be read.`); }));
    print(o.json ? JSON.stringify(r) : r.ok ? `valid: ${r.steps} steps, ${r.halt}` : `invalid: ${r.message}`);
    return r.ok ? 0 : 2;
  }
  const input = t['input'];
  if (input === undefined) throw new LensError('bad-input', 'Give the input with --input, e.g. --task addition --input "57+68".');
  const tape = t['task'] === 'addition' ? additionInputOf(input) : input;
  const pad = turingScratchpad(machine, tape);
  const ids = scratchpadIds(pad.configs);
  print(o.json ? JSON.stringify({ text: pad.text, halt: pad.halt, output: pad.output, ids: ids.ids }) : `${pad.text}\n(${pad.halt}; output ${JSON.stringify(pad.output)})`);
  return 0;
}

function additionInputOf(input: string): ReturnType<typeof additionInput> {
  const m = /^\s*(\d+)\s*\+\s*(\d+)\s*=?\s*$/u.exec(input);
  if (m === null) throw new LensError('bad-input', `Expected an addition like "57+68", not "${input}".`);
  return additionInput(m[1] ?? '', m[2] ?? '');
}
