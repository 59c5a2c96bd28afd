/**
 * @file How PEFT picks a module's rank and alpha, and whether a module is targeted.
 * A `rank_pattern` / `alpha_pattern` key applies to a module when the regular expression
 * `(.*\.)?(key)$` matches the module's whole name; the first matching key wins (PEFT ≥ 0.14's
 * `get_pattern_key`; older PEFT required a dot before the key, so a key equal to the whole name
 * only matches here). Target modules: a list matches a name equal to an entry or ending in
 * `.entry`; a string is a regular expression that must match the whole name; `all-linear` matches all.
 */
import type { LoraConfig } from './types';

function fullMatch(pattern: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(name);
  } catch {
    return false;
  }
}

/** The first key of `pattern` that applies to `moduleName`, or undefined. */
export function patternKey(pattern: Readonly<Record<string, number>>, moduleName: string): string | undefined {
  return Object.keys(pattern).find((key) => fullMatch(`(?:.*\\.)?(?:${key})`, moduleName));
}

/** The rank and alpha the config gives `moduleName`. */
export function moduleRankAlpha(config: LoraConfig, moduleName: string): { rank: number; alpha: number } {
  const rk = patternKey(config.rankPattern, moduleName);
  const ak = patternKey(config.alphaPattern, moduleName);
  return {
    rank: rk === undefined ? config.r : (config.rankPattern[rk] ?? config.r),
    alpha: ak === undefined ? config.loraAlpha : (config.alphaPattern[ak] ?? config.loraAlpha),
  };
}

/** Whether the config's target_modules covers `moduleName`. */
export function moduleTargeted(config: LoraConfig, moduleName: string): boolean {
  const t = config.targetModules;
  if (typeof t === 'string') return t === 'all-linear' || fullMatch(t, moduleName);
  return t.some((s) => moduleName === s || moduleName.endsWith(`.${s}`));
}
