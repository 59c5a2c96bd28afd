/**
 * @file `model-lens moe sweep [--live] [--sample N] [--seed S]`: the zoo's MoE and dense models of the phone-book
 * and path tasks with their sizes and build-time accuracy, the live re-measure on a seeded sample when asked, and
 * the headline checks.
 */
import { basename } from 'node:path';
import {
  MAX_SEED,
  moeSweepRequest,
  SAMPLE,
  sweepLabel,
  TASK_TITLES,
  type Headline,
  type MoeSweepResult,
  type SweepModel,
} from '../../shared/moeSweep';
import type { CliCommand } from '../command';
import { intOption, readInput } from '../input';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** How a model is named in the table: E = 4 (top-2), or dense 2×. */
export function modelLabel(m: SweepModel): string {
  return m.kind === 'moe' ? `${sweepLabel(m)} (top-${m.topK})` : sweepLabel(m);
}

function row(m: SweepModel, live: boolean): string {
  const cells = [
    m.name.padEnd(26),
    modelLabel(m).padEnd(16),
    String(m.totalParams).padStart(10),
    String(m.activeParams).padStart(10),
    pct(m.accuracy).padStart(8),
  ];
  if (live) {
    const l = m.live;
    cells.push(l === undefined ? '-'.padStart(8) : `${pct(l.accuracy).padStart(8)} [${pct(l.low)}, ${pct(l.high)}]`);
  }
  return cells.join(' ');
}

const checkLines = (h: Headline): string[] => [h.phonebookRise.text, h.pathRange.text, h.denseGap.text];

/** The table per task, then the headline checks (build time, and live when measured). */
export function sweepText(r: MoeSweepResult): string {
  const live = r.live !== undefined;
  const head = ['model'.padEnd(26), 'experts'.padEnd(16), 'total'.padStart(10), 'active'.padStart(10)];
  const lines: string[] = [];
  for (const [task, title] of Object.entries(TASK_TITLES)) {
    const models = r.models.filter((m) => m.task === task);
    if (models.length === 0) continue;
    lines.push(title, [...head, 'build'.padStart(8), ...(live ? ['live (95% interval)'.padStart(8)] : [])].join(' '));
    lines.push(...models.map((m) => row(m, live)), '');
  }
  lines.push('Checks on the build-time accuracy:', ...checkLines(r.headline));
  if (r.live !== undefined) {
    const g = r.live.graph;
    const from =
      g === undefined ? '' : `; the path tasks: the ${g.items} pairs of vertices of the graph in ${g.source}`;
    lines.push(`Live on ${r.live.sample} items per model (seed ${r.live.seed})${from}:`);
    if (r.live.headline !== undefined) lines.push(...checkLines(r.live.headline));
  }
  return `${lines.join('\n')}\n`;
}

/** `moe sweep [--live] [--sample N] [--seed S]`. */
export const moeSweepCli: CliCommand = {
  name: 'moe sweep',
  usage: `moe sweep [--live] [--sample ${SAMPLE.default}] [--seed 1] [--graph edges.txt]
                     memorization (phone book) and reasoning (length-2 paths) accuracy of the zoo's mixture-of-
                     experts models (E = 1 … 16, top-2) and dense 1× and 2× models, against total and active
                     parameters, with the headline checks; --live re-scores each model on a seeded sample of its
                     task's eval items (greedy exact match, 95% Wilson interval); --graph (live) asks the path
                     models about every pair of vertices of the graph in a file, one edge per line (a -> b,
                     a -- b or a - b; at most 8 vertices and 8 edges)`,
  options: {
    live: { type: 'boolean' },
    sample: { type: 'string' },
    seed: { type: 'string' },
    graph: { type: 'string' },
  },
  async run(args, engine) {
    const text = (name: string) => (typeof args.values[name] === 'string' ? args.values[name] : undefined);
    const graphFile = text('graph');
    const graph =
      graphFile === undefined ? undefined : { source: basename(graphFile), text: await readInput(graphFile) };
    const result = await engine.run(moeSweepRequest, {
      live: args.values['live'] === true || graph !== undefined,
      ...(graph ? { graph } : {}),
      sample: intOption('sample', text('sample'), SAMPLE.default, SAMPLE.min, SAMPLE.max),
      seed: intOption('seed', text('seed'), 1, 0, MAX_SEED),
      device: args.device,
    });
    return {
      result,
      text: sweepText(result),
      report: { view: 'moeSweep', kind: moeSweepRequest.name, title: 'Model Lens · memorization vs reasoning' },
    };
  },
};
