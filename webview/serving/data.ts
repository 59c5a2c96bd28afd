/**
 * @file What the serving panel's charts draw, computed from a simulation's result with no DOM (unit-tested): the
 * series of each chart, the Gantt strip's rows with their preemptions, and the one line that says what they show.
 */
import type { ServingSimulateResult, SimSummaryResult } from '../../src/shared/serving';

/** A policy with its c, as a run or a load point names it. */
export interface RunKey {
  readonly policy: string;
  readonly c?: number | undefined;
}

/** Colours of the policies (readable on light and dark themes). */
export const POLICY_COLOURS: Readonly<Record<string, string>> = {
  fcfs: '#8c8c8c',
  sjf: '#e8710a',
  sprpt: '#8250df',
  trail: '#2da44e',
};

/** The short name of a policy at c, as legends and tooltips write it. */
export function runLabel(k: RunKey): string {
  if (k.policy === 'trail') return `TRAIL c = ${k.c ?? 1}`;
  return { fcfs: 'FCFS', sjf: 'SJF', sprpt: 'SPRPT' }[k.policy] ?? k.policy;
}

/** One sentence per policy for someone who never read the paper. */
export function policyHelp(k: RunKey): string {
  switch (k.policy) {
    case 'fcfs':
      return 'FCFS: first come, first served; a request runs once every earlier one has.';
    case 'sjf':
      return 'SJF: the request with the shortest predicted length runs next, and is never interrupted.';
    case 'sprpt':
      return (
        'SPRPT: the request with the shortest predicted remaining length runs; a newcomer predicted shorter ' +
        'interrupts it (pauses it) at any time.'
      );
    default:
      return `TRAIL: like SPRPT, but a request can be interrupted only while it has generated less than c = ${
        k.c ?? 1
      } times its first predicted length; after that it runs to the end.`;
  }
}

const keyOf = (k: RunKey): string => `${k.policy}@${k.c ?? ''}`;

/** A policy's line of points. */
export interface Series<P> {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly help: string;
  readonly points: readonly P[];
}

function series<P>(k: RunKey, points: readonly P[]): Series<P> {
  return { key: keyOf(k), label: runLabel(k), colour: POLICY_COLOURS[k.policy] ?? '#888', help: policyHelp(k), points };
}

/** A point of the latency-against-load chart. */
export interface LoadXY {
  readonly load: number;
  readonly simulated: number;
  readonly theory?: number | undefined;
}

/** Mean latency against load per policy × c, sorted by load (theory where the closed form applies). */
export function loadSeries(r: ServingSimulateResult): Series<LoadXY>[] {
  const groups = new Map<string, { k: RunKey; pts: LoadXY[] }>();
  for (const p of r.loads) {
    const k = { policy: p.policy, c: p.c };
    const g = groups.get(keyOf(k)) ?? { k, pts: [] };
    g.pts.push({ load: p.load, simulated: p.meanLatency, theory: p.theory });
    groups.set(keyOf(k), g);
  }
  return [...groups.values()].map((g) =>
    series(
      g.k,
      g.pts.sort((a, b) => a.load - b.load),
    ),
  );
}

/** The empirical CDF of latency or TTFT per run: points (value, p) with value > 0 (the chart's x is logarithmic). */
export function cdfSeries(r: ServingSimulateResult, which: 'latency' | 'ttft'): Series<{ value: number; p: number }>[] {
  return r.runs.map((run) =>
    series(
      run.summary,
      run[which].filter((q) => q.value > 0),
    ),
  );
}

/** A row of the Gantt strip: one request of the window. */
export interface GanttRow {
  readonly job: number;
  readonly arrival: number;
  readonly size: number;
  readonly predicted?: number | undefined;
  readonly running: readonly (readonly [number, number])[];
  readonly paused: readonly (readonly [number, number])[];
  /** Times it was preempted: each end of a running stretch but its last. */
  readonly preemptions: readonly number[];
}

/** The Gantt rows of run `i`: the window's requests by arrival, their running and paused stretches, preemptions. */
export function ganttRows(r: ServingSimulateResult, i: number): GanttRow[] {
  const segments = r.runs[i]?.segments ?? [];
  return [...r.windowJobs]
    .sort((a, b) => a.arrival - b.arrival || a.job - b.job)
    .map((j) => {
      const own = segments.filter((s) => s.job === j.job).sort((a, b) => a.start - b.start);
      const running = own.filter((s) => s.state === 'running').map((s) => [s.start, s.end] as const);
      const paused = own.filter((s) => s.state === 'paused').map((s) => [s.start, s.end] as const);
      return {
        job: j.job,
        arrival: j.arrival,
        size: j.size,
        predicted: j.predicted,
        running,
        paused,
        preemptions: running.slice(0, -1).map(([, end]) => end),
      };
    });
}

/**
 * What paused memory is counted in: KV-cache tokens on a trace; in M/G/1 mode (sizes of mean 1, a paused request
 * holding its age) mean request lengths.
 */
export function kvUnit(r: ServingSimulateResult): string {
  return r.mode === 'batched' || r.timeUnit === 's' ? 'KV tokens' : 'mean request lengths of KV cache';
}

/** Paused KV over time per run (runs that recorded none left out). */
export function memorySeries(r: ServingSimulateResult): Series<{ t: number; paused: number }>[] {
  return r.runs
    .filter((run) => run.memory.t.length > 0)
    .map((run) =>
      series(
        run.summary,
        run.memory.t.map((t, j) => ({ t, paused: run.memory.paused[j] ?? 0 })),
      ),
    );
}

/** Significant figures: 3 by default, no exponent between 0.001 and 1e6. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return Number(x.toPrecision(digits)).toExponential();
  return String(Number(x.toPrecision(digits)));
}

const find = (r: ServingSimulateResult, policy: string): SimSummaryResult[] =>
  r.runs.map((run) => run.summary).filter((s) => s.policy === policy);

/** The best TRAIL run by mean latency, or undefined. */
export function bestTrail(r: ServingSimulateResult): SimSummaryResult | undefined {
  return find(r, 'trail').sort((a, b) => a.meanLatency - b.meanLatency)[0];
}

/** "2.4× lower" or "1.3× higher" of `x` against `base`. */
function ratio(x: number, base: number): string {
  if (x === base || (base > 0 && Math.abs(x / base - 1) < 0.02)) return 'about the same as';
  if (!(x > 0) || !(base > 0)) return x < base ? 'lower than' : 'higher than';
  return x <= base ? `${fmt(base / x, 2)}× lower than` : `${fmt(x / base, 2)}× higher than`;
}

/** The one line that says what the panel shows, in plain words. */
export function reading(r: ServingSimulateResult): string {
  const unit = r.timeUnit === 's' ? ' s' : '';
  const fcfs = find(r, 'fcfs')[0];
  const trail = bestTrail(r);
  const where = r.rho !== undefined ? `at load ${fmt(r.rho, 2)}` : `on ${r.jobs} requests`;
  if (fcfs === undefined || trail === undefined) {
    const best = [...r.runs].sort((a, b) => a.summary.meanLatency - b.summary.meanLatency)[0]?.summary;
    return best === undefined
      ? ''
      : `Lowest mean latency ${where}: ${runLabel(best)}, ${fmt(best.meanLatency)}${unit}.`;
  }
  let line =
    `${runLabel(trail)} ${where}: mean latency ${fmt(trail.meanLatency)}${unit}, ` +
    `${ratio(trail.meanLatency, fcfs.meanLatency)} ` +
    `FCFS (${fmt(fcfs.meanLatency)}${unit}); mean time to first token ${fmt(trail.meanTtft)}${unit}, ` +
    `${ratio(trail.meanTtft, fcfs.meanTtft)} FCFS (${fmt(fcfs.meanTtft)}${unit}).`;
  const sprpt = find(r, 'sprpt')[0];
  if (sprpt?.meanPausedKv !== undefined && trail.meanPausedKv !== undefined) {
    line += ` Paused requests held ${fmt(trail.meanPausedKv)} ${kvUnit(r)} on average against ${fmt(
      sprpt.meanPausedKv,
    )} under SPRPT (c = 1).`;
  }
  return line;
}
