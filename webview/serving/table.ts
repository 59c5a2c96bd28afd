/** @file The serving panel's table (each run's figures, every column with its tooltip) and its policy legend. */
import type { ServingSimulateResult, SimSummaryResult } from '../../src/shared/serving';
import { fmt, POLICY_COLOURS, policyHelp, runLabel } from './data';
import { HELP } from './help';

type Column = readonly [string, string, (s: SimSummaryResult) => number | undefined];

const COLUMNS: readonly Column[] = [
  ['Mean latency', HELP.meanLatency, (s) => s.meanLatency],
  ['p50', HELP.p50, (s) => s.p50],
  ['p99', HELP.p99, (s) => s.p99],
  ['Mean TTFT', HELP.meanTtft, (s) => s.meanTtft],
  ['p99 TTFT', HELP.p99Ttft, (s) => s.p99Ttft],
  ['Preemptions / request', HELP.preemptions, (s) => s.preemptionsPerJob],
  ['Mean paused KV', HELP.pausedKv, (s) => s.meanPausedKv],
  ['Peak paused KV', HELP.peakKv, (s) => s.peakPausedKv],
  ['Theory', HELP.theory, (s) => s.theory],
];

function cell(tag: 'th' | 'td', text: string, title?: string): HTMLTableCellElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (title !== undefined) el.title = title;
  return el;
}

/** The table of runs: columns without any value (e.g. paused KV in M/G/1 mode) are left out. */
export function renderTable(table: HTMLTableElement, r: ServingSimulateResult): void {
  const summaries = r.runs.map((run) => run.summary);
  const cols = COLUMNS.filter(([, , get]) => summaries.some((s) => get(s) !== undefined));
  const head = document.createElement('tr');
  head.append(cell('th', 'Policy', 'Hover a policy for how it schedules.'), ...cols.map(([n, h]) => cell('th', n, h)));
  const body = summaries.map((s) => {
    const tr = document.createElement('tr');
    const name = cell('td', runLabel(s), policyHelp(s));
    name.className = 'policy';
    name.style.setProperty('--ml-policy', POLICY_COLOURS[s.policy] ?? '#888');
    tr.append(name, ...cols.map(([, h, get]) => cell('td', fmt(get(s) ?? NaN), `${runLabel(s)} · ${h}`)));
    return tr;
  });
  table.replaceChildren(document.createElement('thead'), document.createElement('tbody'));
  table.tHead?.append(head);
  table.tBodies[0]?.append(...body);
}

/** The policy legend: a swatch per run, its tooltip saying how the policy schedules. */
export function renderLegend(list: HTMLElement, r: ServingSimulateResult): void {
  list.replaceChildren(
    ...r.runs.map((run) => {
      const li = document.createElement('li');
      li.title = policyHelp(run.summary);
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = POLICY_COLOURS[run.summary.policy] ?? '#888';
      li.append(sw, runLabel(run.summary));
      return li;
    }),
  );
}
