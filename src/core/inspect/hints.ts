/**
 * @file What a `config.json` beside a checkpoint says about its experts (Hugging Face's keys for Mixtral, Qwen-MoE,
 * DeepSeek, OLMoE and the zoo's own), read with a size limit; a missing or unreadable config gives no hints.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExpertHints } from './experts';

/** Largest config.json read (they are a few kilobytes). */
export const CONFIG_MAX_BYTES = 1024 * 1024;

const COUNT_KEYS = ['num_local_experts', 'num_experts', 'n_routed_experts', 'experts'];
const TOPK_KEYS = ['num_experts_per_tok', 'num_experts_per_token', 'moe_top_k', 'topK', 'top_k'];

function firstCount(json: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = json[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  }
  return undefined;
}

/** The expert count and top-k from `config.json` in the folder of `file` (or in `file` itself, a folder). */
export async function configHints(file: string, isFolder = false): Promise<ExpertHints> {
  const path = join(isFolder ? file : dirname(file), 'config.json');
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile() || info.size > CONFIG_MAX_BYTES) return {};
  try {
    const json: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
    const record = json as Record<string, unknown>;
    return { count: firstCount(record, COUNT_KEYS), topK: firstCount(record, TOPK_KEYS), from: 'config.json' };
  } catch {
    return {};
  }
}
