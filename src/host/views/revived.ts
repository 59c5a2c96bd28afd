/**
 * @file What a revived panel's webview state holds: the results its view drew last (as `mountView` saves them
 * with `setState`), read back by schema without trusting their shape. Free of `vscode`, so it is unit tested.
 */
import { v, type Infer } from '../../shared/schema';

/** One saved result: its request kind, the result (checked by its view when drawn) and the document name. */
const RevivedItemSchema = v.object({
  kind: v.string(),
  result: v.pipe(
    v.unknown(),
    v.check((r) => r !== undefined, 'no result'),
  ),
  source: v.fallback(v.optional(v.string()), undefined),
});

/** One result a revived panel shows: its request kind, the result (unchecked) and the analysed document name. */
export type RevivedResult = Infer<typeof RevivedItemSchema>;

/** The results in a webview's saved state; anything malformed is left out. */
export function revivedResults(state: unknown): RevivedResult[] {
  if (!Array.isArray(state)) return [];
  return state.flatMap((item: unknown) => {
    const parsed = v.safeParse(RevivedItemSchema, item);
    return parsed.success ? [{ ...parsed.output, source: parsed.output.source }] : [];
  });
}
