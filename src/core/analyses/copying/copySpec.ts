/**
 * @file The `copy` block of an embedded copy model's manifest entry (alphabet, separator, architecture, state
 * size), or undefined for any other model: the user's own models and lens-lm are probed on their text.
 */
import { readManifest } from '../../model/manifest';
import { parseWith } from '../../parse';
import { CopySpecSchema, type CopySpec } from '../../../shared/copying';

/** The copy block of the embedded model `name`, checked; undefined when it is not an embedded copy model. */
export function copySpecOf(modelsDir: string, name: string): CopySpec | undefined {
  const entry: Record<string, unknown> | undefined = readManifest(modelsDir).find((m) => m.name === name.trim());
  const copy = entry?.['copy'];
  if (copy === undefined) return undefined;
  return parseWith(CopySpecSchema, copy, `the manifest entry of ${name}`, {
    code: 'internal',
    fix: 'Reinstall Model Lens.',
  });
}
