/**
 * @file The text `model-lens scaling …` prints without --json: each law with R² and intervals, the held-out
 * predictions with their errors, a loss-to-loss law and its predictions, a translated law.
 */
import type {
  DatasetFit,
  Prediction,
  ScalingFitResult,
  ScalingL2lResult,
  ScalingTranslateResult,
} from '../../shared/scaling';

const num = (x: number): string => (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(4) : x.toPrecision(5));

function withInterval(name: string, value: number, intervals: Readonly<Record<string, readonly number[]>>): string {
  const i = intervals[name];
  return i
    ? `${name} = ${num(value)} [${num(i[0] ?? Number.NaN)}, ${num(i[1] ?? Number.NaN)}]`
    : `${name} = ${num(value)}`;
}

function predictionLine(label: string, p: Prediction): string {
  const band = p.interval ? ` [${num(p.interval[0])}, ${num(p.interval[1])}]` : '';
  const seen = p.loss !== undefined ? `, observed ${num(p.loss)}` : '';
  const error = p.relativeError !== undefined ? `, error ${(100 * p.relativeError).toFixed(2)}%` : '';
  const name = p.run !== undefined && !p.where.includes(p.run) ? `${p.run} (${p.where})` : p.where;
  return `  ${label} ${name}: predicted ${num(p.predicted)}${band}${seen}${error}`;
}

function fitLines(f: DatasetFit): string[] {
  const params = Object.entries(f.law.params).map(([k, value]) => withInterval(k, value, f.intervals));
  const lines = [
    `${f.dataset} (${f.loss}, ${f.points.length} runs): ${f.law.kind} law, R² = ${f.r2.toFixed(4)}`,
    `  ${params.join(', ')}`,
  ];
  if (f.law.kind === 'compute') lines.push(`  N*(C) = (${num(f.law.optimal.G)}·C/6)^${num(f.law.optimal.a)}`);
  if (f.heldOut) lines.push(predictionLine('held out', f.heldOut));
  return lines;
}

/** `scaling fit`'s text. */
export function fitText(r: ScalingFitResult): string {
  const intervals = r.fits.some((f) => f.resamples > 0) ? ' (intervals: 95% bootstrap)' : '';
  return `${[`Scaling laws of ${r.source}${intervals}`, ...r.fits.flatMap(fitLines)].join('\n')}\n`;
}

/** `scaling l2l`'s text. */
export function l2lText(r: ScalingL2lResult): string {
  const params = (['kappa', 'K', 'e0', 'e1'] as const).map((k) => withInterval(k, r[k], r.intervals));
  const lines = [
    `${r.y} = K·(${r.x} − e0)^kappa + e1 (${r.mode}, ${r.points.length} pairs), R² = ${r.r2.toFixed(4)}`,
    `  ${params.join(', ')}`,
    ...(r.prediction ?? []).map((p) => predictionLine('prediction at', p)),
    ...(r.heldOut ? [predictionLine('held out', r.heldOut)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** `scaling translate`'s text. */
export function translateText(r: ScalingTranslateResult): string {
  const { A, B, E, alpha, beta } = r.law;
  return (
    `L(N,D) = ((${num(A)}/N)^(${num(alpha)}/${num(beta)}) + ${num(B)}/D)^${num(beta)} + ${num(E)}\n` +
    `  N*(C) = (${num(r.optimal.G)}·C/6)^${num(r.optimal.a)}\n`
  );
}
