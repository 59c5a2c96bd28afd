/**
 * @file The manifest of embedded models (media/models/manifest.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LensError } from '../errors';
import { parseWith } from '../parse';
import { v, Count, type Infer } from '../../shared/schema';

const EmbeddedModelSchema = v.object({
  name: v.string(),
  task: v.string(),
  description: v.string(),
  /** Folder under media/models. */
  dir: v.string(),
  /** Graphs by role: `lm` (logits, KV cache) and `analysis` (attentions, hidden states). */
  graphs: v.object({ lm: v.string(), analysis: v.optional(v.string()) }),
  /** Context length the model was trained on. */
  context: v.pipe(Count, v.minValue(1)),
  bosTokenId: v.optional(Count),
  /** sha256 of each file, by path relative to `dir`. */
  sha256: v.record(v.string(), v.string()),
});

const ManifestSchema = v.looseObject({ models: v.array(v.looseObject(EmbeddedModelSchema.entries)) });

/** Manifest tasks of embedded models that are causal LMs over text (the copy and mixture-of-experts zoo are). */
export const LM_TASKS: readonly string[] = ['causal-lm', 'copy', 'moe'];

/** One embedded model as the manifest lists it. */
export type EmbeddedModel = Infer<typeof EmbeddedModelSchema>;

/** Reads the manifest from the models folder; throws `internal` if it is missing or malformed. */
export function readManifest(modelsDir: string): readonly EmbeddedModel[] {
  const path = join(modelsDir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LensError(
      'internal',
      `The embedded model manifest ${path} is unreadable (${why}). Reinstall Model Lens.`,
    );
  }
  return parseWith(ManifestSchema, raw, path, { code: 'internal', fix: 'Reinstall Model Lens.' }).models;
}
