/**
 * @file What a revived panel's webview state holds: the results its view drew last (as `mountView` saves them
 * with `setState`), read back without trusting their shape. Free of `vscode`, so it is unit tested.
 */

/** One result a revived panel shows: its request kind, the result (unchecked) and the analysed document name. */
export interface RevivedResult {
  readonly kind: string;
  readonly result: unknown;
  readonly source: string | undefined;
}

/** The results in a webview's saved state; anything malformed is left out. */
export function revivedResults(state: unknown): RevivedResult[] {
  if (!Array.isArray(state)) return [];
  const out: RevivedResult[] = [];
  for (const item of state as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { kind, result, source } = item as Record<string, unknown>;
    if (typeof kind !== 'string' || result === undefined) continue;
    out.push({ kind, result, source: typeof source === 'string' ? source : undefined });
  }
  return out;
}
