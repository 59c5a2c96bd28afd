/**
 * @file `model-lens turing`: the Turing-program scratchpad of a machine (a machine file, or the
 * built-in addition machine) on an input, or the step-by-step check of a scratchpad, or (with --model) a
 * Turing-program model's scratchpad on a problem, run through the engine's turing handlers.
 */
import type { TuringLimits } from '../../core/analyses/turing/limits';
import { LensError } from '../../core/errors';
import { scratchpadCheckRequest, scratchpadRequest, TURING_TASKS, type CheckResult } from '../../shared/turing';
import type { CliArgs, CliCommand, CliEngine, CliOutput } from '../command';
import { choiceOption, intOption, readInput } from '../input';
import { programCommand } from './program';

/** Largest value of a limit flag. */
const MAX_LIMIT = 1_000_000_000;

const option = (args: CliArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
};

/** The machine the command names: `--task addition`, or the machine file's text. */
async function machineOf(args: CliArgs): Promise<{ task: 'addition' } | { machine: string }> {
  const task = option(args, 'task');
  if (task !== undefined) return { task: choiceOption('task', task, TURING_TASKS) };
  const usage = 'Give a machine file, or --task addition for the built-in addition machine.';
  return { machine: await readInput(args.positionals[0], usage) };
}

const LIMIT_OPTIONS = {
  'max-steps': 'maxSteps',
  'max-tape': 'maxTape',
  'max-input': 'maxInput',
  'max-cells': 'maxCells',
};

/** The limits given as flags (`--max-steps` …); absent ones keep the engine's defaults. */
function limitsOf(args: CliArgs): Partial<Record<keyof TuringLimits, number>> {
  const limits: Partial<Record<keyof TuringLimits, number>> = {};
  for (const [flag, key] of Object.entries(LIMIT_OPTIONS) as [string, keyof TuringLimits][]) {
    const value = option(args, flag);
    if (value !== undefined) limits[key] = intOption(flag, value, 0, 1, MAX_LIMIT);
  }
  return limits;
}

const checkText = (r: CheckResult): string =>
  r.ok ? `valid: ${r.steps.length} steps, ${r.halt ?? 'unfinished'}\n` : `invalid: ${r.message}\n`;

async function check(args: CliArgs, engine: CliEngine, file: string): Promise<CliOutput> {
  const params = { ...limitsOf(args), ...(await machineOf(args)), scratchpad: await readInput(file) };
  const result = await engine.run(scratchpadCheckRequest, params);
  return { result, text: checkText(result), exitCode: result.ok ? 0 : 2 };
}

/** The turing command. */
export const turingCli: CliCommand = {
  name: 'turing',
  usage:
    'turing <machine-file> --input "…" | --task addition --input "57+68" | <machine-file> --check <scratchpad>\n' +
    '                     a Turing-program scratchpad, or check one step by step\n' +
    '       --input "57+68" | "123*4" --model turing-addition | turing-multiplication | <folder>\n' +
    "                     a Turing-program model's scratchpad, line by line as it writes it, each line\n" +
    '                     checked by the simulator (the first wrong step marked), then its answer\n' +
    '                     [--max-steps 10000] [--max-tape 10000] [--max-input 10000] [--max-cells 2000000]',
  options: {
    task: { type: 'string' },
    input: { type: 'string' },
    check: { type: 'string' },
    ...Object.fromEntries(Object.keys(LIMIT_OPTIONS).map((k) => [k, { type: 'string' }] as const)),
  },
  async run(args, engine) {
    const file = option(args, 'check');
    if (file !== undefined) return check(args, engine, file);
    const input = option(args, 'input');
    if (input === undefined) {
      throw new LensError('bad-input', 'Give the input with --input, e.g. --task addition --input "57+68".');
    }
    if (args.modelGiven) return programCommand(args, engine, input);
    const result = await engine.run(scratchpadRequest, { ...limitsOf(args), ...(await machineOf(args)), input });
    return { result, text: `${result.text}\n(${result.halt}; output ${JSON.stringify(result.output)})\n` };
  },
};
