/**
 * @file The result files of serving benchmarks: vLLM's `benchmark_serving.py --save-result` (one JSON object)
 * and SGLang's `bench_serving --output-file --output-details` (one JSON object per run, appended as JSONL). Both
 * record per request `input_lens`, `output_lens` and `errors`. Newer vLLM results (`vllm bench serve
 * --save-detailed`) also record `start_times` and `queue_times`, which give the arrival times; the others record
 * none, so Poisson arrivals are drawn at the run's `request_rate` (or completed / duration), and the notes say so.
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

/** A per-request list of the result, when it has one of `n` entries. */
function perRequest(result: Result, key: string, n: number): readonly unknown[] | undefined {
  const list = result[key];
  return Array.isArray(list) && list.length === n ? (list as readonly unknown[]) : undefined;
}

/**
 * Arrival times recorded by newer vLLM results (`vllm bench serve --save-detailed`): when each request was sent
 * (`start_times`) less its wait for a concurrency slot (`queue_times`); undefined unless every one is finite.
 */
function recordedArrivals(result: Result, n: number): Float64Array | undefined {
  const starts = perRequest(result, 'start_times', n);
  if (starts === undefined) return undefined;
  const queues = perRequest(result, 'queue_times', n);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = (numberOf(starts[i]) ?? NaN) - (queues === undefined ? 0 : (numberOf(queues[i]) ?? NaN));
    if (!Number.isFinite(t)) return undefined;
    times[i] = t;
  }
  return times;
}

/** The indices of requests that did not fail (no error text). */
function succeeded(outputs: readonly unknown[], errors: readonly unknown[] | undefined): number[] {
  return outputs.flatMap((_, i) => {
    const error = errors?.[i];
    return typeof error === 'string' && error.trim() !== '' ? [] : [i];
  });
}

/**
 * Reads one benchmark result as a workload; failed requests (with an error) are left out and counted. Recorded
 * arrival times are used (requests sorted by them, shifted to start at 0); else Poisson arrivals are drawn.
 */
export function readBenchResult(result: Result, source: string, maxJobs: number, runs = 1): TraceRead {
  const format = benchFormat(result);
  const outputs = result['output_lens'] as readonly unknown[];
  const n = outputs.length;
  const inputs = perRequest(result, 'input_lens', n);
  if (Array.isArray(result['input_lens']) && inputs === undefined)
    throw new LensError(
      'bad-input',
      `${source} has ${(result['input_lens'] as unknown[]).length} input_lens but ${n} output_lens. ` +
        'Save the result again.',
    );
  const kept = succeeded(outputs, perRequest(result, 'errors', n));
  const times = recordedArrivals(result, n);
  if (times !== undefined) kept.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0));
  const t0 = times === undefined || kept.length === 0 ? 0 : (times[kept[0] ?? 0] ?? 0);
  const builder = new WorkloadBuilder(source, maxJobs);
  for (const i of kept)
    builder.add(
      {
        output: numberOf(outputs[i]),
        prompt: inputs === undefined ? 0 : numberOf(inputs[i]),
        ...(times !== undefined ? { arrival: (times[i] ?? 0) - t0 } : {}),
      },
      `Request ${i + 1} of ${source}`,
    );
  const tool = format === 'vllm' ? 'vLLM' : 'SGLang';
  const drawn = times === undefined ? arrivalRate(result, builder.jobs, tool) : undefined;
  const recorded = 'Arrival times are its start_times less its queue_times, shifted so that the first is at 0 s.';
  const notes = [drawn?.note ?? recorded, ...settingNotes(result)];
  if (runs > 1) notes.unshift(`${source} holds ${runs} benchmark runs (one per line): the last one is read.`);
  const failed = n - kept.length;
  if (failed > 0) notes.push(`${failed} failed request${failed === 1 ? '' : 's'} (with an error) left out.`);
  if (inputs === undefined) notes.push('No input_lens: prompt tokens taken as 0.');
  const arrivals = drawn === undefined ? undefined : poissonArrivals(builder.jobs, drawn.rate);
  return { workload: builder.build(arrivals), source, format, notes };
}
