/**
 * @file "Translate Law…": a compute law fitted on one dataset carried to another through a train-to-train
 * loss-to-loss law (α′ = κα, β′ = κβ, A′ = A·K^(1/(κα)), B′ = B·K^(1/(κβ)), E′ = E₁).
 * κ, K and E₁ are fitted on a few runs of the target the user picks, paired with the source's runs by (N, D),
 * or are typed.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { scalingTranslateRequest } from '../../shared/scaling';
import type { DatasetFit } from '../../shared/scaling';
import type { PanelL2l, ScalingPanel, Translated } from '../../shared/scalingPanel';
import { runWithProgress } from '../runWithProgress';
import type { ScalingState } from './index';
import { pickLaw } from './picks';
import { parseTyped, targetRuns } from './plan';

/** What translateLaw needs from the toolkit. */
export interface TranslateDeps {
  show(s: ScalingState, path: string, shown: ScalingPanel): void;
  fitPair(
    s: ScalingState,
    shown: ScalingPanel,
    path: string,
    pair: readonly [string, string],
    yRuns?: readonly string[],
  ): Promise<PanelL2l | undefined>;
}

type Source = { kappa: number; K: number; e1: number; to: string; how: string };

async function typed(from: string): Promise<Source | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Translate Law: κ, K and E₁ of the loss-to-loss law from ${from}`,
    prompt: 'Three numbers: κ (exponent), K (scale) and E₁ (the other dataset\u2019s irreducible loss)',
    placeHolder: '1.10 0.63 0.85',
    validateInput: (t) => {
      const r = parseTyped(t);
      return typeof r === 'string' ? r : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseTyped(text);
  return typeof r === 'string' ? undefined : { ...r, to: 'typed parameters', how: 'typed κ, K and E₁' };
}

/** The few runs of `target` the translation is fitted on (the smaller-compute half picked first); ≥ 3 needed. */
async function pickRuns(target: DatasetFit, from: string): Promise<string[] | undefined> {
  const choices = targetRuns(target);
  const items = choices.map((c) => ({ label: c.run, description: c.detail, picked: c.picked }));
  const picks = await vscode.window.showQuickPick(items, {
    title: `Translate Law (3/3): the runs of ${target.dataset} you have (paired with ${from}'s by N and D)`,
    placeHolder: 'Pick at least 3: κ, K and E₁ are fitted on these; the others show how well the law carries',
    canPickMany: true,
  });
  if (picks === undefined) return undefined;
  if (picks.length < 3) {
    throw new LensError('bad-input', `Pick at least 3 runs of ${target.dataset}: the fit has 3 parameters.`);
  }
  return picks.map((p) => p.label);
}

async function source(s: ScalingState, deps: TranslateDeps, from: string): Promise<Source | undefined> {
  const last = s.last;
  if (last === undefined) return undefined;
  const others = last.shown.fits.map((f) => f.dataset).filter((d) => d !== from);
  const items = [
    ...others.map((d) => ({
      label: `${from} → ${d}: from the loss-to-loss fit`,
      detail: `κ, K and E₁ fitted on runs of ${d} you pick next, paired with ${from}'s by N and D`,
      to: d,
    })),
    { label: 'Type κ, K and E₁…', detail: 'from a loss-to-loss fit made elsewhere (the paper\u2019s)', to: '' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Translate Law (2/3): to which dataset' });
  if (pick === undefined) return undefined;
  if (pick.to === '') return typed(from);
  const target = last.shown.fits.find((f) => f.dataset === pick.to);
  const runs = target === undefined ? undefined : await pickRuns(target, from);
  if (runs === undefined) return undefined;
  const l2l = await deps.fitPair(s, last.shown, last.path, [from, pick.to], runs);
  if (l2l === undefined) return undefined;
  const { kappa, K, e1 } = l2l.fit;
  const how = `κ, K and E₁ from ${runs.length} runs of ${pick.to} paired with ${from}'s (E₀ from ${from}'s fit)`;
  return { kappa, K, e1, to: pick.to, how };
}

/** Picks a fitted compute law and where κ, K, E₁ come from, translates it and adds it to the panel. */
export async function translateLaw(s: ScalingState, deps: TranslateDeps): Promise<void> {
  const last = s.last;
  if (last === undefined) throw new LensError('bad-input', 'Run "Model Lens: Fit Scaling Laws…" on a log first.');
  const fit = await pickLaw(last.shown.fits, 'Translate Law (1/3): the fitted law to translate');
  if (fit === undefined || fit.law.kind !== 'compute') return;
  const src = await source(s, deps, fit.dataset);
  if (src === undefined) return;
  if (!(src.e1 > 0)) {
    throw new LensError('bad-input', `E₁ is ${src.e1}; a translated law needs a positive E₁. Type κ, K and E₁.`);
  }
  const params = { law: fit.law.params, kappa: src.kappa, K: src.K, e1: src.e1 };
  const out = await runWithProgress('Model Lens: translating the law', s.ctx.log, (signal) =>
    s.ctx.engine.request(scalingTranslateRequest, params, { signal }),
  );
  if (out === undefined || s.last === undefined) return;
  const entry: Translated = { from: fit.dataset, ...src, law: out.law, optimal: out.optimal };
  const kept = s.last.shown.translated.filter((t) => t.from !== entry.from || t.to !== entry.to);
  deps.show(s, s.last.path, { ...s.last.shown, translated: [...kept, entry] });
}
