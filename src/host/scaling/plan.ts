/**
 * @file What "Fit Scaling Laws…" asks the engine for, decided without VS Code (unit-tested): the law a mapping
 * allows, the loss each dataset is fitted on (its own evaluation loss when a column is named after it), the fit
 * of each dataset among the replies, and typed κ, K, E₁.
 */
import type { DatasetFit, ScalingFitResult, ScalingLawKind } from '../../shared/scaling';
import type { Mapping } from './mapping';

/** The compute law L(N,D) needs N and D; with compute C alone only L(C) can be fitted. */
export function lawFor(mapping: Mapping): ScalingLawKind {
  return mapping.N !== undefined && mapping.D !== undefined ? 'compute' : 'power';
}

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

/**
 * The loss a dataset's runs are fitted on: a loss column named after the dataset (`eval/code` for `code`: the
 * loss on the data it was trained on, as the paper fits), preferring one without "train" in its name; else the
 * mapping's first loss.
 */
export function lossForDataset(dataset: string, losses: readonly string[]): string | undefined {
  const named = words(dataset);
  const own = losses.filter((l) => named.length > 0 && named.every((w) => words(l).includes(w)));
  return own.find((l) => !words(l).includes('train')) ?? own[0] ?? losses[0];
}

/** Each dataset's loss, and the distinct losses to fit (one engine fit each). */
export function fitPlan(datasets: readonly string[], losses: readonly string[]) {
  const lossOf = new Map<string, string>();
  for (const d of datasets) {
    const loss = lossForDataset(d, losses);
    if (loss !== undefined) lossOf.set(d, loss);
  }
  return { lossOf, losses: [...new Set(lossOf.values())] };
}

/** From the replies (one per loss), each dataset's fit on its own loss, in the order of `datasets`. */
export function pickFits(
  datasets: readonly string[],
  lossOf: ReadonlyMap<string, string>,
  replies: readonly ScalingFitResult[],
): DatasetFit[] {
  const all = replies.flatMap((r) => r.fits);
  return datasets.flatMap((d) => all.filter((f) => f.dataset === d && f.loss === lossOf.get(d)).slice(0, 1));
}

/** The two datasets to compare: the two given, else the first two (undefined with fewer than two). */
export function defaultPair(datasets: readonly string[]): readonly [string, string] | undefined {
  const [x, y] = datasets;
  return x !== undefined && y !== undefined ? [x, y] : undefined;
}

/** Typed "κ K E₁" (spaces or commas): the three numbers, or what is wrong with them. */
export function parseTyped(text: string): { kappa: number; K: number; e1: number } | string {
  const parts = text
    .trim()
    .split(/[\s,;]+/u)
    .filter((s) => s !== '');
  if (parts.length !== 3) return 'Type three numbers: κ, K and E₁ (say "1.10 0.63 0.85").';
  const [kappa, K, e1] = parts.map(Number) as [number, number, number];
  if (![kappa, K, e1].every((x) => Number.isFinite(x) && x > 0)) return 'κ, K and E₁ must be positive numbers.';
  return { kappa, K, e1 };
}

/** One run of a dataset offered to "Translate Law…": its name, what it is, and whether it starts picked. */
export interface TargetRun {
  readonly run: string;
  readonly detail: string;
  readonly picked: boolean;
}

/**
 * The runs of `fit`'s dataset (its fitted points and its held-out run), smallest compute first; the
 * smaller-compute half (at least 3) starts picked, as a user with a few small runs of a new dataset has.
 */
export function targetRuns(fit: DatasetFit): TargetRun[] {
  const all = [...fit.points, ...(fit.heldOut ? [fit.heldOut] : [])].map((p) => ({
    run: p.run ?? p.where,
    C: p.C ?? Number.POSITIVE_INFINITY,
    detail: [p.N && `N ${p.N.toPrecision(3)}`, p.D && `D ${p.D.toPrecision(3)}`, p.C && `C ${p.C.toPrecision(3)}`]
      .filter(Boolean)
      .join(', '),
  }));
  all.sort((a, b) => a.C - b.C);
  const picked = Math.max(3, Math.ceil(all.length / 2));
  return all.map((r, i) => ({ run: r.run, detail: r.detail, picked: i < picked }));
}
