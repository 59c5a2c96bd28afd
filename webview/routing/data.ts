/**
 * @file What the routing view computes from a result before drawing: the reading line of a layer and the
 * expert × token-kind shares (each kind's routing choices split over the experts).
 */
import { TOKEN_KINDS, type LayerRouting, type RoutingResult, type TokenKind } from '../../src/shared/routing';

/** One column of the heatmap: a kind with tokens, and the share of its choices that went to each expert. */
export interface KindColumn {
  readonly kind: TokenKind;
  readonly tokens: number;
  readonly shares: readonly number[];
}

/** The heatmap's columns: kinds with at least one token, in TOKEN_KINDS order. */
export function kindColumns(r: RoutingResult, l: LayerRouting): KindColumn[] {
  return TOKEN_KINDS.flatMap((kind, i) => {
    const tokens = r.kindTotals[i] ?? 0;
    if (tokens === 0) return [];
    const shares = Array.from({ length: r.experts }, (_, e) => (l.kindCounts[e]?.[i] ?? 0) / (tokens * r.topK));
    return [{ kind, tokens, shares }];
  });
}

/** One line on a layer: its busiest expert, the auxiliary loss and the dead experts. */
export function readingOf(l: LayerRouting): string {
  const busiest = l.counts.indexOf(Math.max(...l.counts));
  const dead = l.dead.length === 0 ? 'no dead experts' : `${l.dead.length} dead (${l.dead.join(', ')})`;
  return (
    `Layer ${l.layer}: expert ${busiest} takes the most tokens (${(100 * (l.fractions[busiest] ?? 0)).toFixed(1)} % ` +
    `of choices); auxiliary loss ${l.auxLoss.toFixed(3)} (1 = balanced), ${dead}.`
  );
}
