/**
 * @file Reading one token's dependencies out of a result: the token at an editor offset, and its
 * kept dependencies with their source ranges (for decorations, hovers and "go to dependency").
 */
import type { Dependency } from './dependencyTypes';

/** What attention and ablation results share: source ranges and sparse rows of k per token. */
export interface SparseDependencies {
  readonly k: number;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly topPositions: Int32Array;
  readonly topWeights: Float32Array;
}

/**
 * The first token whose source range contains the UTF-16 `offset` (for a multi-byte character,
 * its first byte), or −1 when no token does. The BOS (0) is never returned.
 */
export function tokenAtOffset(result: SparseDependencies, offset: number): number {
  let lo = 1;
  let hi = result.start.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((result.end[mid] ?? 0) <= offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo < result.start.length && (result.start[lo] ?? Infinity) <= offset ? lo : -1;
}

/** The kept dependencies of token `t`, largest first, with source ranges. */
export function dependenciesOf(result: SparseDependencies, t: number): Dependency[] {
  const deps: Dependency[] = [];
  if (t < 1 || t >= result.start.length) return deps;
  for (let i = 0; i < result.k; i++) {
    const position = result.topPositions[t * result.k + i] ?? -1;
    if (position < 0) break;
    deps.push({
      position,
      weight: result.topWeights[t * result.k + i] ?? 0,
      start: result.start[position] ?? 0,
      end: result.end[position] ?? 0,
    });
  }
  return deps;
}
