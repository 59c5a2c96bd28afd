/**
 * @file What the parity commands ask, free of `vscode` (unit-tested): the words of the modal that asks before a
 * long grid, how long the host waits for a grid, the result shown as it starts, the header of a CSV (for the
 * label quick pick) and the params of the MLP-vs-trees comparison.
 */
import {
  TABLE_OPTIONS,
  type ParityEstimate,
  type ParityGridParams,
  type ParityGridResult,
  type TableCompareParams,
} from '../../shared/parity';

/** A duration in words: "40 s", "12 min", "3.5 h", "12 days", "67 years". */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'an unknown time';
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  const hours = seconds / 3600;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  const days = hours / 24;
  return days < 730 ? `${Math.round(days)} days` : `${Math.round(days / 365.25).toLocaleString('en-US')} years`;
}

/** A number of threads in words: "1 thread", "4 threads". */
export const threadsText = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

/** Networks a grid trains, and its cells. */
export function gridSize(p: ParityGridParams): { cells: number; runs: number } {
  const cells = p.widths.length * p.samples.length * p.inits.length;
  return { cells, runs: cells * p.seeds };
}

/** The result shown as a grid starts, before any cell finished: every cell still training (S not known yet). */
export function startingResult(p: ParityGridParams): ParityGridResult {
  return {
    n: p.n,
    k: p.k,
    support: [],
    sparsity: p.sparsity,
    steps: p.steps,
    totalCells: gridSize(p).cells,
    cells: [],
    luck: [],
    curves: [],
    seconds: 0,
    done: false,
  };
}

/** The modal's question before a long grid: what it trains, how long it should take, on how many threads. */
export function confirmText(p: ParityGridParams, e: ParityEstimate): string {
  const { cells, runs } = gridSize(p);
  const threads = threadsText(e.workers);
  return (
    `This grid trains ${runs.toLocaleString('en-US')} networks (${cells} cells × ${p.seeds} seeds, up to ` +
    `${p.steps.toLocaleString('en-US')} steps each) and should take about ${durationText(e.seconds)} on ` +
    `${threads}. Run it? Fewer widths, sample sizes or seeds, or a lower step cutoff, make it shorter.`
  );
}

/** How long the host waits for a grid (ms): four times its estimate and two minutes, at least ten minutes. */
export function gridTimeoutMs(e: ParityEstimate): number {
  return Math.max(600_000, Math.ceil((4 * e.seconds + 120) * 1000));
}

/** The column names of a CSV's header line (the first line of `head`; quoted names may hold commas). */
export function csvHeader(head: string): string[] {
  const line = head.replace(/^\uFEFF/u, '').split(/\r?\n/u)[0] ?? '';
  const names: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      names.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  names.push(cur.trim());
  return names.length === 1 && names[0] === '' ? [] : names;
}

/** The comparison's params: the table's defaults, the label column picked (the last column when undefined). */
export function tableParams(path: string, label: string | undefined, allowLocalFiles: boolean): TableCompareParams {
  return {
    path,
    ...(label !== undefined ? { label } : {}),
    fractions: [...TABLE_OPTIONS.fractions.default],
    testShare: TABLE_OPTIONS.testShare.default,
    width: TABLE_OPTIONS.width.default,
    sparsity: TABLE_OPTIONS.sparsity.default,
    steps: TABLE_OPTIONS.steps.default,
    seed: TABLE_OPTIONS.seed.default,
    allowLocalFiles,
  };
}
