/**
 * @file The turing toolkit in the engine: the Turing-program scratchpad of a machine (a machine
 * file's text, or the built-in addition machine) on an input, with the coupled ID of every token,
 * the step-by-step check of a scratchpad against a machine, and a Turing-program model's scratchpad on a problem,
 * line by line as it writes it, each line checked by the simulator.
 */
import { additionInput, additionMachine } from '../../core/analyses/turing/additionMachine';
import { turingLimits } from '../../core/analyses/turing/limits';
import type { TuringMachine } from '../../core/analyses/turing/machine';
import { machineParse } from '../../core/analyses/turing/machineParse';
import { turingScratchpad } from '../../core/analyses/turing/scratchpad';
import { scratchpadCheck } from '../../core/analyses/turing/scratchpadCheck';
import { scratchpadIds } from '../../core/analyses/turing/scratchpadIds';
import { LensError } from '../../core/errors';
import { quote } from '../../shared/schema';
import { programModelLoad } from '../../core/analyses/turing/programModel';
import { programRunRequest, scratchpadCheckRequest, scratchpadRequest, type TuringTask } from '../../shared/turing';
import { loadOnce } from '../loadOnce';
import { programRun } from './programRun';
import { handle, type EngineToolkit } from '../toolkit';

/** The machine a request names: a built-in task, or a machine file's text. */
function machineOf(p: {
  readonly task?: TuringTask | undefined;
  readonly machine?: string | undefined;
}): TuringMachine {
  if (p.task === 'addition') return additionMachine();
  if (p.machine === undefined) {
    throw new LensError('bad-input', 'Give a machine file, or --task addition for the built-in addition machine.');
  }
  return machineParse(p.machine);
}

/** The tape of the addition machine for "57+68". */
function additionTape(input: string): string {
  const m = /^\s*(\d+)\s*\+\s*(\d+)\s*=?\s*$/u.exec(input);
  if (m === null) throw new LensError('bad-input', `Expected an addition like "57+68", not "${quote(input)}".`);
  return additionInput(m[1] ?? '', m[2] ?? '');
}

/** Handlers of the turing toolkit. */
export const turingEngine: EngineToolkit = (env) => {
  const model = loadOnce((spec, allowLocalFiles) =>
    programModelLoad(spec, { modelsDir: env.modelsDir, allowLocalFiles }),
  );
  return [
    handle(scratchpadRequest, (params) => {
      const machine = machineOf(params);
      const input = params.task === 'addition' ? additionTape(params.input) : params.input;
      const pad = turingScratchpad(machine, input, turingLimits(params));
      return { text: pad.text, halt: pad.halt, output: pad.output, ids: scratchpadIds(pad.configs).ids };
    }),
    handle(scratchpadCheckRequest, (params) =>
      scratchpadCheck(machineOf(params), params.scratchpad, turingLimits(params)),
    ),
    handle(programRunRequest, async (params, job) =>
      programRun(await model(params.model, params.allowLocalFiles), params, job),
    ),
  ];
};
