/**
 * @file The headline checks of Mixture of Parrots on the sweep's numbers: the phone book's rise from E = 2 to
 * E = 16 experts (checked as at least 30 points), and whether path accuracy moves across E by less than the
 * gap between the dense 1× and 2× models. Each check says what it compared, or which model is missing.
 */
import { PHONEBOOK_RISE_POINTS, type Headline, type SweepModel } from '../../../shared/moeSweep';

/** Which accuracy a check reads: the build-time one or the live sample's. */
export type AccuracyFrom = Headline['from'];

type Check = Headline['phonebookRise'];

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const pts = (x: number): string => `${x.toFixed(1)} points`;

/** A model's accuracy of `from` (undefined when the live one is not measured yet). */
const accuracyOf = (m: SweepModel, from: AccuracyFrom): number | undefined =>
  from === 'build' ? m.accuracy : m.live?.accuracy;

const missing = (what: string): Check => ({ points: null, holds: null, text: `Cannot check: ${what}.` });

function phonebookRise(models: readonly SweepModel[], from: AccuracyFrom): Check {
  const at = (e: number) => models.find((m) => m.task === 'phonebook' && m.kind === 'moe' && m.experts === e);
  const [two, sixteen] = [at(2), at(16)];
  if (two === undefined || sixteen === undefined)
    return missing('the zoo needs phone-book MoE models with E = 2 and 16');
  const [a, b] = [accuracyOf(two, from), accuracyOf(sixteen, from)];
  if (a === undefined || b === undefined) return missing('E = 2 or E = 16 is not measured yet');
  const points = 100 * (b - a);
  const holds = points >= PHONEBOOK_RISE_POINTS;
  const verdict = `${holds ? 'at least' : 'less than'} ${PHONEBOOK_RISE_POINTS}`;
  return {
    points,
    holds,
    text: `Phone book: ${pct(a)} at E = 2, ${pct(b)} at E = 16, a rise of ${pts(points)} (${verdict}).`,
  };
}

function pathRange(models: readonly SweepModel[], from: AccuracyFrom): Check {
  const moe = models.filter((m) => m.task === 'paths' && m.kind === 'moe');
  const accs = moe.map((m) => accuracyOf(m, from));
  if (moe.length < 2) return missing('the zoo needs at least two path MoE models');
  if (accs.some((a) => a === undefined)) return missing('not every path MoE model is measured yet');
  const values = accs as number[];
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const es = moe.map((m) => m.experts).join(', ');
  return {
    points: 100 * (hi - lo),
    holds: null,
    text: `Paths: accuracy from ${pct(lo)} to ${pct(hi)} across E = ${es}, a range of ${pts(100 * (hi - lo))}.`,
  };
}

function denseGap(models: readonly SweepModel[], from: AccuracyFrom): Check {
  const dense = models.filter((m) => m.task === 'paths' && m.kind === 'dense');
  const one = dense.find((m) => m.width === 1);
  const two = dense.find((m) => m.width === 2);
  if (one === undefined || two === undefined) return missing('the zoo needs dense 1× and 2× path models');
  const [a, b] = [accuracyOf(one, from), accuracyOf(two, from)];
  if (a === undefined || b === undefined) return missing('a dense path model is not measured yet');
  const points = 100 * (b - a);
  return { points, holds: null, text: `Paths: dense 1× ${pct(a)}, dense 2× ${pct(b)}, a gap of ${pts(points)}.` };
}

/** The headline checks on the accuracies of `from`. */
export function headlineChecks(models: readonly SweepModel[], from: AccuracyFrom): Headline {
  const range = pathRange(models, from);
  const gap = denseGap(models, from);
  // Reasoning follows width: the range across E must be smaller than the dense 1× → 2× gap.
  const holds = range.points === null || gap.points === null ? null : range.points < gap.points;
  const verdict = holds === null ? '' : holds ? ' It is below the dense gap.' : ' It is not below the dense gap.';
  return {
    from,
    phonebookRise: phonebookRise(models, from),
    pathRange: { ...range, holds, text: range.text + verdict },
    denseGap: { ...gap, holds },
  };
}
