/**
 * @file `model-lens serve-sim`: simulate scheduling policies (FCFS, SJF, SPRPT, TRAIL's limited preemption at each
 * c) on a trace or generated M/G/1 jobs, through the engine's `serving.simulate`; prints per policy and c the
 * mean, p50 and p99 latency, mean TTFT and preemptions per job, and the closed form in M/G/1 mode.
 */
import { servingSimulateRequest, type ServingSimulateResult } from '../../shared/serving';
import type { CliCommand } from '../command';
import { SERVE_SIM_OPTIONS, serveSimParams } from './args';
import { serveSimText } from './text';

/** What --json prints (without --full): the workload and one line per policy × c. */
export function compactResult(r: ServingSimulateResult) {
  return {
    source: r.source,
    format: r.format,
    mode: r.mode,
    timeUnit: r.timeUnit,
    jobs: r.jobs,
    ...(r.rho !== undefined ? { rho: r.rho } : {}),
    notes: r.notes,
    runs: r.runs.map((run) => run.summary),
    ...(r.loads.length > 0 ? { loadAxis: r.loadAxis, loads: r.loads } : {}),
  };
}

/** `serve-sim [trace] [--mg1 …] --policies … --c … [--predictions …] [--cost …] --json`. */
export const serveSimCli: CliCommand = {
  name: 'serve-sim',
  usage: `serve-sim [trace] [--mg1 --rho 0.8 --jobs 100000 --seed 1 --sizes exponential|alpaca]
                     [--policies fcfs,sjf,sprpt,trail] [--c 0.5,0.8] [--predictions perfect|noisy:SIGMA|model]
                     [--cost mg1 --rate 1 | --cost batched --prefill-per-token S --decode-per-token S
                      --step-overhead S --kv-capacity N --max-batch N] [--loads L,L,…] [--rps R]
                     [--max-jobs N] [--full]
                     simulate serving policies on a trace (JSONL, CSV, vLLM or SGLang benchmark results) or on
                     M/G/1 jobs: per policy and c the mean, p50, p99 latency, mean TTFT, preemptions per job and
                     (M/G/1) the closed form; --loads adds mean latency against load (ρ, or multiples of the
                     trace's rate); --rps rescales a trace's arrivals to R requests per second; --full prints
                     the whole result (CDFs, Gantt window, KV memory), which --out x.html draws`,
  options: SERVE_SIM_OPTIONS,
  async run(args, engine) {
    const result = await engine.run(servingSimulateRequest, serveSimParams(args));
    const text = serveSimText(result);
    // An HTML report draws the whole result with the panel's view.
    const full = args.values['full'] === true || (args.out?.toLowerCase().endsWith('.html') ?? false);
    if (!full) return { result: compactResult(result), text };
    const title = `Model Lens · serving simulation · ${result.source}`;
    const report = { view: 'serving', kind: servingSimulateRequest.name, source: result.source, title } as const;
    return { result, text, report };
  },
};
