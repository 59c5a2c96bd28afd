/**
 * @file `model-lens parity` (train a sparse-parity grid: success per width × samples × init, the luck curve, the
 * lottery ticket and the rewind check; a grid estimated to take longer than the limit is refused unless --yes) and
 * `model-lens mlp-vs-trees <csv>` (a wide sparse MLP against CART and boosted trees on a table).
 */
import { LensError } from '../../core/errors';
import {
  PARITY_OPTIONS,
  TABLE_OPTIONS,
  parityEstimateRequest,
  parityGridRequest,
  tableCompareRequest,
  type ParityGridResult,
  type TableCompareResult,
} from '../../shared/parity';
import type { CliCommand } from '../command';
import { intOption } from '../input';
import { PARITY_FLAGS, parityParams } from './args';

/** A duration in words: "40 s", "12 min", "3.5 h". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** What --json prints without --full: everything but the curves. */
export function compactGrid(r: ParityGridResult) {
  const { curves: _curves, ...rest } = r;
  return rest;
}

/** One line per cell, then the rewind check. */
export function gridText(r: ParityGridResult): string {
  const lines = [`n = ${r.n}, k = ${r.k}, S = {${r.support.join(', ')}}, cutoff ${r.steps} steps`];
  lines.push('init    samples   width  success  median steps  mean test acc');
  for (const c of r.cells) {
    const m = c.samples === 0 ? 'online' : String(c.samples);
    const steps = c.medianSteps === null ? '-' : String(c.medianSteps);
    lines.push(
      `${c.init.padEnd(6)} ${m.padStart(8)} ${String(c.width).padStart(7)} ${`${c.successes}/${c.runs}`.padStart(8)}` +
        ` ${steps.padStart(13)} ${c.meanTest.toFixed(3).padStart(14)}`,
    );
  }
  const w = r.rewind;
  if (w !== undefined)
    lines.push(
      `rewind (width ${w.width}, ${w.init}, keep ${w.keep}): top neurons ${w.top.successes}/${w.top.runs}, ` +
        `random ${w.random.successes}/${w.random.runs}`,
    );
  lines.push(`${r.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/** `parity --n N --k K --widths … --samples … --seeds S [--init dense|sparse2] [--steps T] [--yes] --json`. */
export const parityCli: CliCommand = {
  name: 'parity',
  usage: `parity [--n 30] [--k 3] [--widths 10,30,100,300,1000] [--samples online|M,…] [--seeds 5]
                     [--init dense,sparse2] [--sparsity 2] [--steps 20000] [--batch 32] [--lr 0.1]
                     [--weight-decay 0.01] [--test-size 1000] [--eval-every 100] [--seed 1] [--no-rewind]
                     [--yes] [--full]
                     train 2-layer ReLU MLPs on (n, k)-sparse parity over widths × sample sizes × inits × seeds:
                     success (test accuracy ≥ 0.99 within the cutoff) and median steps per cell, the luck curve
                     beside its closed form, the top-norm neurons and the rewind check; a grid estimated to take
                     over ${PARITY_OPTIONS.confirmSeconds / 60} minutes is refused unless --yes; --full adds the
                     train/test curves`,
  options: PARITY_FLAGS,
  async run(args, engine) {
    const params = parityParams(args);
    const estimate = await engine.run(parityEstimateRequest, params);
    if (estimate.confirm && args.values['yes'] !== true)
      throw new LensError(
        'bad-input',
        `This grid would take up to about ${duration(estimate.seconds)} (${estimate.runs} runs on ` +
          `${estimate.workers} threads). Add --yes to run it, or give fewer widths, samples, seeds or steps.`,
      );
    const result = { ...(await engine.run(parityGridRequest, params)), estimate };
    return { result: args.values['full'] === true ? result : compactGrid(result), text: gridText(result) };
  },
};

/** One line per method and fraction. */
export function tableText(r: TableCompareResult): string {
  const lines = [`${r.source}: ${r.rows} rows, ${r.features.length} features, ${r.classes.length} classes`];
  lines.push(`label ${r.label}; test on ${r.testRows} rows; majority class ${r.majority.toFixed(3)}`);
  for (const s of r.scores)
    lines.push(
      `${s.method.padEnd(8)} ${`${(s.fraction * 100).toPrecision(3)} %`.padStart(8)} ` +
        `${String(s.trainRows).padStart(7)} rows  test accuracy ${s.testAccuracy.toFixed(3)}`,
    );
  return `${[...lines, ...r.notes].join('\n')}\n`;
}

/** `mlp-vs-trees <csv> [--label col] [--fractions 0.01,0.1,1] [--width 1000] [--sparsity 2] --json`. */
export const mlpVsTreesCli: CliCommand = {
  name: 'mlp-vs-trees',
  usage: `mlp-vs-trees <table.csv> [--label COLUMN] [--fractions 0.01,0.1,1] [--width 1000] [--sparsity 2]
                     [--steps 3000] [--seed 1]
                     test accuracy of a wide sparse 2-layer MLP, a CART tree and boosted trees trained on
                     fractions of a seeded training split of the table (label: the named or last column)`,
  options: Object.fromEntries(
    ['label', 'fractions', 'width', 'sparsity', 'steps', 'seed'].map((n) => [n, { type: 'string' as const }]),
  ),
  async run(args, engine) {
    const path = args.positionals[0];
    if (path === undefined) throw new LensError('bad-input', 'mlp-vs-trees needs a CSV file: mlp-vs-trees table.csv');
    const value = (name: string) => (typeof args.values[name] === 'string' ? args.values[name] : undefined);
    const T = TABLE_OPTIONS;
    const fractions = (value('fractions')?.split(',') ?? T.fractions.default.map(String)).map(Number);
    if (fractions.some((f) => !(f > 0 && f <= 1)) || fractions.length > 10)
      throw new LensError('bad-input', `--fractions takes up to 10 numbers in (0, 1] separated by commas.`);
    const label = value('label');
    const result = await engine.run(tableCompareRequest, {
      path,
      ...(label !== undefined ? { label } : {}),
      fractions,
      testShare: T.testShare.default,
      width: intOption('width', value('width'), T.width.default, T.width.min, T.width.max),
      sparsity: intOption('sparsity', value('sparsity'), T.sparsity.default, 0, T.sparsity.max),
      steps: intOption('steps', value('steps'), T.steps.default, T.steps.min, T.steps.max),
      seed: intOption('seed', value('seed'), T.seed.default, T.seed.min, T.seed.max),
      allowLocalFiles: true,
    });
    return { result, text: tableText(result) };
  },
};

/** The parity toolkit's commands. */
export const PARITY_COMMANDS: readonly CliCommand[] = [parityCli, mlpVsTreesCli];
