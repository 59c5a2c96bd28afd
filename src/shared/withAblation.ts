/**
 * @file One result from two runs on the same tokens: attention's (shown first, it takes one pass) and
 * ablation's (a pass per earlier token), as if both methods had run together.
 */
import type { DependenciesResult } from './dependencies';

/**
 * `attention`'s result with `ablation`'s measurements added: k_δ per token, the ablation settings, the token's
 * ranked ablation dependencies and any notes. Both must cover the same tokens (the same request but the method).
 */
export function withAblation(attention: DependenciesResult, ablation: DependenciesResult): DependenciesResult {
  const same =
    attention.tokens.length === ablation.tokens.length &&
    attention.tokens.every((t, i) => t.start === ablation.tokens[i]?.start && t.end === ablation.tokens[i]?.end);
  if (!same) throw new Error('The attention and ablation runs cover different tokens.');
  const notes = [...new Set([...(attention.notes ?? []), ...(ablation.notes ?? [])])];
  const at =
    attention.at === undefined
      ? ablation.at
      : { ...attention.at, ...(ablation.at?.ablation !== undefined ? { ablation: ablation.at.ablation } : {}) };
  return {
    ...attention,
    methods: [...new Set([...attention.methods, ...ablation.methods])],
    ...(notes.length > 0 ? { notes } : {}),
    ...(ablation.kAblation !== undefined ? { kAblation: ablation.kAblation } : {}),
    ...(ablation.ablation !== undefined ? { ablation: ablation.ablation } : {}),
    ...(at !== undefined ? { at } : {}),
  };
}
