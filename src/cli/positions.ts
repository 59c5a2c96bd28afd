/**
 * @file `model-lens positions` (position coupling of a problem, decoded by a positions model),
 * `model-lens length-probe` (accuracy against length of the ppc, coupled and absolute models) and
 * `model-lens turing` (Turing-program scratchpads: generate for a machine or for addition, and check one).
 */
import { readFile } from 'node:fs/promises';
import { couple } from '../core/analyses/positions/couple';
import { COUPLING_TASKS, type CouplingTask } from '../core/analyses/positions/couplingTypes';
import { DECODE_MODES, positionsDecode, type DecodeMode } from '../core/analyses/positions/decode';
import { lengthProbe } from '../core/analyses/positions/lengthProbe';
import { taskGuess } from '../core/analyses/positions/parseProblem';
import { modelCoupleOptions, POSITION_METHODS, positionModelLoad, positionModelName, type PositionMethod, type PositionTask } from '../core/analyses/positions/positionModel';
import { additionInput, additionMachine } from '../core/analyses/turing/additionMachine';
import { machineParse } from '../core/analyses/turing/machineParse';
import { turingScratchpad } from '../core/analyses/turing/scratchpad';
import { scratchpadCheck } from '../core/analyses/turing/scratchpadCheck';
import { scratchpadIds } from '../core/analyses/turing/scratchpadIds';
import { LensError } from '../core/errors';
import { modelsDir } from '../core/paths';
import type { CliOptions } from './args';
import { choiceOption, intOption, readInput } from './input';

const print = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** Tasks that have positions models in the zoo (the others get rule IDs only). */
const MODEL_TASKS: readonly string[] = ['addition', 'copy'];

const METHOD_OF_MODE: Record<DecodeMode, PositionMethod> = { ppc: 'ppc', oracle: 'coupled', absolute: 'absolute' };

/**
 * `positions "<problem>" [--task T] [--offset N] [--method ppc|oracle|absolute] [--model M] --json`:
 * tokens with their coupled position IDs and, for addition and copy, the answer an embedded
 * positions model writes (ppc: with the IDs it predicts; oracle: the coupled model fed the rule's
 * IDs; absolute: the model with ordinary positions). `--model` decodes with another positions model.
 */
export async function positionsCommand(o: CliOptions): Promise<number> {
  const problem = o.file;
  if (problem === undefined) throw new LensError('bad-input', 'Give a problem, e.g. model-lens positions "48213+9077=" --task addition');
  const guessed = taskGuess(problem);
  const task: CouplingTask = o.trees['task'] === undefined && guessed !== undefined ? guessed : choiceOption('task', o.trees['task'], COUPLING_TASKS);
  const offset = intOption('offset', o.trees['offset'], 0, 0, 1_000_000);
  if (!MODEL_TASKS.includes(task)) {
    const r = couple(problem, task, { offset });
    const note = `No positions model for ${task}: rule IDs only (models exist for ${MODEL_TASKS.join(' and ')}).`;
    if (o.json) print(JSON.stringify({ ...r, expected: r.answer, model: null, note }));
    else print(`${r.tokens.map((t, i) => `${JSON.stringify(t)}:${r.ruleIds[i] ?? ''}`).join(' ')}\nanswer ${r.answer}${r.givenCorrect !== undefined ? ` (given answer ${r.givenCorrect ? 'correct' : 'wrong'})` : ''}\n${note}`);
    return 0;
  }
  const mode = choiceOption('method', o.trees['method'], DECODE_MODES);
  couple(problem, task, { maxPosition: Number.MAX_SAFE_INTEGER }); // a malformed problem is reported before any model loads
  const model = await positionModelLoad(o.modelGiven ? o.model : positionModelName(task as PositionTask, METHOD_OF_MODE[mode]), { modelsDir: modelsDir(__dirname) });
  const coupled = couple(problem, task, { offset: mode === 'absolute' ? 0 : offset, ...modelCoupleOptions(model) });
  const d = await positionsDecode(model, coupled, mode);
  const given = coupled.given === undefined ? {} : { given: coupled.given, givenCorrect: coupled.givenCorrect };
  if (o.json) {
    print(JSON.stringify({ task, model: d.model, mode, offset: coupled.offset, tokens: d.tokens, ruleIds: d.ruleIds, fedIds: d.fedIds, predictedIds: d.predictedIds ?? null, answer: d.answer, expected: d.expected, correct: d.correct, idMatches: d.idMatches, ...given }));
    return 0;
  }
  const rows = d.tokens.map((t, i) => `${JSON.stringify(t)}:${d.fedIds[i] ?? ''}${d.fedIds[i] === d.ruleIds[i] ? '' : `(rule ${d.ruleIds[i] ?? ''})`}`);
  print(`${rows.join(' ')}\n${d.model} (${mode}) answers ${d.answer}; expected ${d.expected}: ${d.correct ? 'correct' : 'wrong'}; ${d.idMatches}/${d.answerIndices.length} answer IDs as the rule's`);
  return 0;
}

/** `length-probe --task addition|copy --max-length N [--samples K] [--seed S] --json`: accuracy against length per method. */
export async function lengthProbeCommand(o: CliOptions): Promise<number> {
  const task = choiceOption('task', o.trees['task'], ['addition', 'copy'] as const);
  if (o.trees['maxLength'] === undefined) throw new LensError('bad-input', 'Give --max-length, e.g. model-lens length-probe --task addition --max-length 30');
  const maxLength = intOption('max-length', o.trees['maxLength'], 30, 1, 1000);
  const samples = intOption('samples', o.trees['samples'], 50, 1, 100_000);
  const seed = intOption('seed', o.trees['seed'], 1, 0, 4_000_000);
  const dir = modelsDir(__dirname);
  const models = [];
  for (const method of POSITION_METHODS) models.push(await positionModelLoad(positionModelName(task, method), { modelsDir: dir }));
  const tty = process.stderr.isTTY && !o.json;
  const r = await lengthProbe(models, { task, maxLength, samples, seed, ...(tty ? { onProgress: (done: number, total: number) => process.stderr.write(`\r${done}/${total} problems`) } : {}) });
  if (tty) process.stderr.write('\n');
  if (o.json) {
    print(JSON.stringify(r));
    return 0;
  }
  const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : `${(100 * v).toFixed(1)}%`).padStart(9);
  print(`${task}: exact match over ${samples} problems per length (seed ${seed}, offset 0; trained on lengths 1-${r.trainMaxLength})`);
  print(`length${r.methods.map((m) => m.name.padStart(9)).join('')}`);
  r.lengths.forEach((n, i) => print(`${String(n).padStart(6)}${r.methods.map((m) => cell(m.accuracy[i])).join('')}`));
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
