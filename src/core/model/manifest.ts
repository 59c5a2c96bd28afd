/**
 * @file The manifest of embedded models (media/models/manifest.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LensError } from '../errors';

/** One embedded model as the manifest lists it. */
export interface EmbeddedModel {
  readonly name: string;
  readonly task: string;
  readonly description: string;
  /** Folder under media/models. */
  readonly dir: string;
  /** Graphs by role: `lm` (logits, KV cache) and `analysis` (attentions, hidden states). */
  readonly graphs: { readonly lm: string; readonly analysis?: string };
  /** Context length the model was trained on. */
  readonly context: number;
  readonly bosTokenId?: number;
  /** sha256 of each file, by path relative to `dir`. */
  readonly sha256: Readonly<Record<string, string>>;
}

/** Reads the manifest from the models folder; throws `internal` if it is missing or malformed. */
export function readManifest(modelsDir: string): readonly EmbeddedModel[] {
  const path = join(modelsDir, 'manifest.json');
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { models?: unknown };
    if (!Array.isArray(parsed.models)) throw new Error('no "models" array');
    return parsed.models as EmbeddedModel[];
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LensError('internal', `The embedded model manifest ${path} is unreadable (${why}). Reinstall Model Lens.`);
  }
}
