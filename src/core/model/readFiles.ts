/**
 * @file Reads a model folder's JSON files (tokenizer.json, tokenizer_config.json, config.json)
 * with errors that name the file and say what to do.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LensError } from '../errors';
import { jsonParse, JSON_MAX_BYTES, parseWith, type JsonLimits } from '../parse';
import { v, Count } from '../../shared/schema';
import { spanTokenizer, type SpanTokenizer } from './tokenizer';

/** Reads tokenizer.json (and tokenizer_config.json when present) from a folder. */
export function readTokenizer(dir: string): SpanTokenizer {
  const path = join(dir, 'tokenizer.json');
  if (!existsSync(path))
    throw new LensError('bad-model', `No tokenizer.json in ${dir}. Put the model's tokenizer.json beside it.`);
  return spanTokenizer(readJson(path, undefined), readJson(join(dir, 'tokenizer_config.json'), {}));
}

/** Parses a JSON file within the JSON limits; a missing file gives `fallback`, or a `bad-model` error when none. */
export function readJson(path: string, fallback: unknown, limits: JsonLimits = {}): unknown {
  if (!existsSync(path)) {
    if (fallback !== undefined) return fallback;
    throw new LensError('bad-model', `${path} is missing.`);
  }
  const fix = "Replace it with the model's original file.";
  const maxBytes = limits.maxBytes ?? JSON_MAX_BYTES;
  const { size } = statSync(path);
  if (size > maxBytes)
    throw new LensError(
      'bad-model',
      `${path} is ${size} bytes, more than the JSON size limit of ${maxBytes} bytes. ${fix}`,
    );
  return jsonParse(readFileSync(path, 'utf8'), path, { ...limits, code: 'bad-model', fix });
}

/** Longest window used for local models whose config says nothing smaller. */
export const MAX_WINDOW = 1024;

/** What a local model folder's config.json says about its context and start token. */
export interface LocalModelConfig {
  /** Tokens per window: the config's context length, at most {@link MAX_WINDOW}. */
  readonly context: number;
  readonly bosId: number | undefined;
}

const positive = v.nullish(v.pipe(v.number(), v.safeInteger(), v.minValue(1)));

/** The fields of a Hugging Face config.json that Model Lens reads; others are kept as they are. */
const LocalConfigSchema = v.looseObject({
  n_ctx: positive,
  max_position_embeddings: positive,
  n_positions: positive,
  bos_token_id: v.nullish(Count),
});

/** Reads config.json of a model folder (a missing file means defaults; a field of the wrong type is named). */
export function localModelConfig(dir: string): LocalModelConfig {
  const path = join(dir, 'config.json');
  const fix = "Correct it, or replace it with the model's original config.json.";
  const config = parseWith(LocalConfigSchema, readJson(path, {}), path, { code: 'bad-model', fix });
  const context = config.n_ctx ?? config.max_position_embeddings ?? config.n_positions ?? MAX_WINDOW;
  return { context: Math.min(MAX_WINDOW, context), bosId: config.bos_token_id ?? undefined };
}
