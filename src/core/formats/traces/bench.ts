/**
 * @file The result files of serving benchmarks: vLLM's `benchmark_serving.py --save-result` (one JSON object)
 * and SGLang's `bench_serving --output-file --output-details` (one JSON object per run, appended as JSONL). Both
 * record per request `input_lens`, `output_lens` and `errors`, but no arrival times: those are drawn as Poisson
 * arrivals at the run's `request_rate` (the notes say so), or at completed / duration when the rate is absent.
 */
import { LensError } from '../../errors';
import { jsonParse } from '../../parse';
import { ARRIVAL_SEED, poissonArrivals } from './arrivals';
import { WorkloadBuilder } from './columns';
import { numberOf } from './fields';
import type { TraceRead } from './types';

/** Python's bare NaN / Infinity / -Infinity after a colon, bracket or comma (SGLang writes `Infinity` rates). */
const BARE_SPECIAL = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/gu;

/** Parses a line of a benchmark file, Python's bare NaN and Infinity read as texts. */
export function parseBenchLine(text: string, where: string): unknown {
  return jsonParse(text.replace(BARE_SPECIAL, '$1"$2"'), where, { maxBytes: Infinity });
}

/** A benchmark result object (the fields read here). */
type Result = Readonly<Record<string, unknown>>;

/** Whether a parsed JSON value is a benchmark result: an object with an `output_lens` array. */
export function isBenchResult(value: unknown): value is Result {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Array.isArray((value as Result)['output_lens'])
  );
}

/** SGLang's results name their dataset's settings; vLLM's name the model and tokenizer. */
export function benchFormat(result: Result): 'vllm' | 'sglang' {
  return 'dataset_name' in result || 'random_input_len' in result ? 'sglang' : 'vllm';
}

/** The run's request rate: a number, "inf" or Infinity; undefined when absent or unreadable. */
function rateOf(result: Result): number | undefined {
  const raw = result['request_rate'];
  if (typeof raw === 'string' && /^\+?inf(inity)?$/iu.test(raw.trim())) return Infinity;
  const rate = numberOf(raw);
  return rate !== undefined && rate > 0 && (Number.isFinite(rate) || rate === Infinity) ? rate : undefined;
}

/** The rate arrivals are drawn at, with the note that says where it came from. */
function arrivalRate(result: Result, jobs: number, tool: string): { rate: number; note: string } {
  const rate = rateOf(result);
  const none = `${tool}'s result records no arrival times`;
  if (rate === Infinity)
    return { rate, note: `${none}; its request rate was inf, so every request arrives at 0 s, as it sent them.` };
  const drawn = `Poisson arrivals were drawn (seed ${ARRIVAL_SEED})`;
  if (rate !== undefined) return { rate, note: `${none}: ${drawn} at its request rate, ${rate} per second.` };
  const duration = numberOf(result['duration']);
  if (duration !== undefined && duration > 0 && Number.isFinite(duration)) {
    const derived = jobs / duration;
    return { rate: derived, note: `${none} nor rate: ${drawn} at requests / duration, ${derived.toPrecision(4)}/s.` };
  }
  return { rate: 1, note: `${none}, rate nor duration: ${drawn} at 1 request per second.` };
}

/** Notes on settings the simulation does not reproduce. */
function settingNotes(result: Result): string[] {
  const notes: string[] = [];
  const burst = numberOf(result['burstiness']);
  if (burst !== undefined && burst !== 1)
    notes.push(`The run's burstiness (${burst}, gamma gaps) is not reproduced: the drawn gaps are exponential.`);
  const cap = numberOf(result['max_concurrency']);
  if (cap !== undefined && Number.isFinite(cap))
    notes.push(`The run capped concurrency at ${cap}; the simulation does not.`);
  return notes;
}

/** Reads one benchmark result as a workload; failed requests (with an error) are left out and counted. */
export function readBenchResult(result: Result, source: string, maxJobs: number, runs = 1): TraceRead {
  const format = benchFormat(result);
  const tool = format === 'vllm' ? 'vLLM' : 'SGLang';
  const outputs = result['output_lens'] as readonly unknown[];
  const inputs = Array.isArray(result['input_lens']) ? (result['input_lens'] as readonly unknown[]) : undefined;
  const errors = Array.isArray(result['errors']) ? (result['errors'] as readonly unknown[]) : [];
  if (inputs !== undefined && inputs.length !== outputs.length)
    throw new LensError(
      'bad-input',
      `${source} has ${inputs.length} input_lens but ${outputs.length} output_lens. Save the result again.`,
    );
  const builder = new WorkloadBuilder(source, maxJobs);
  let failed = 0;
  outputs.forEach((output, i) => {
    const error = errors[i];
    if (typeof error === 'string' && error.trim() !== '') {
      failed += 1;
      return;
    }
    const where = `Request ${i + 1} of ${source}`;
    builder.add({ output: numberOf(output), prompt: inputs === undefined ? 0 : numberOf(inputs[i]) }, where);
  });
  const { rate, note } = arrivalRate(result, builder.jobs, tool);
  const notes = [note, ...settingNotes(result)];
  if (runs > 1) notes.unshift(`${source} holds ${runs} benchmark runs (one per line): the last one is read.`);
  if (failed > 0) notes.push(`${failed} failed request${failed === 1 ? '' : 's'} (with an error) left out.`);
  if (inputs === undefined) notes.push('No input_lens: prompt tokens taken as 0.');
  return { workload: builder.build(poissonArrivals(builder.jobs, rate)), source, format, notes };
}
