/**
 * @file Which model "Show Expert Routing" runs: the `modelLens.model` setting when it names one of the zoo's
 * mixture-of-experts models, else one picked from them (the default first: `moe-lm`, else `moe-phonebook-e16`),
 * with the setting's model offered too when it is a local file or folder (its graph may have router outputs).
 */
import * as vscode from 'vscode';
import { readManifest } from '../../core/model/manifest';
import { defaultMoeModel, zooMoeModels } from '../../shared/routing';

/** The model to route with, or undefined when the pick was dismissed. */
export async function pickMoeModel(modelsDir: string, setting: string): Promise<string | undefined> {
  const entries = readManifest(modelsDir);
  const zoo = zooMoeModels(entries);
  if (zoo.includes(setting)) return setting;
  const first = defaultMoeModel(zoo);
  const names = [first, ...zoo.filter((n) => n !== first)].filter((n) => zoo.includes(n));
  const local = entries.some((e) => e.name === setting) ? [] : [setting];
  const items = [
    ...local.map((label) => ({ label, description: 'the modelLens.model setting (needs router_logits outputs)' })),
    ...names.map((label) => ({ label, description: 'embedded mixture-of-experts model' })),
  ];
  if (items.length === 0) return first;
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Model Lens: Show Expert Routing — which mixture-of-experts model?',
  });
  return pick?.label;
}
