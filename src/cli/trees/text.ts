/**
 * @file What the `trees` commands print without --json: one line per fact.
 */
import { quoteToken } from '../../shared/tokenText';
import type { AutomatonRow, TreesCompareResult, TreesModelSummary, TreesTraceResult } from '../../shared/trees';

/** The training summary, and where the model was saved. */
export function trainText(s: TreesModelSummary, out: string | undefined): string {
  const what = `${s.learner} tree LM on ${s.tokens} tokens (${s.features}, window ${s.window})`;
  const shape = `${s.nodes} nodes, depth ${s.depth}, training accuracy ${(100 * s.trainAccuracy).toFixed(1)}%`;
  const saved = out !== undefined ? `; saved to ${out}` : '';
  return `Trained a ${what} in ${s.seconds.toFixed(2)} s: ${shape}${saved}\n`;
}

/** The path of each drawn tree, one step a line. */
export function traceText(r: TreesTraceResult): string {
  const actual = r.actual !== undefined ? `, actual ${quoteToken(r.actual)}` : '';
  const at = `${r.source} ${r.position.line + 1}:${r.position.character + 1}`;
  const lines = [
    `${at}: predicted ${quoteToken(r.predicted)}${actual}; replay ${r.replayed ? 'reproduces it' : 'FAILED'}`,
  ];
  for (const tree of r.trees) {
    const score = tree.classToken !== undefined ? ` (score of ${quoteToken(tree.classToken)})` : '';
    lines.push(`tree ${tree.index}${score}:`);
    for (let n: typeof tree.root | undefined = tree.root; n !== undefined; n = n.children?.find((c) => c.onPath)) {
      if (n.split === undefined) {
        lines.push(`  leaf: ${(n.top ?? []).map((c) => `${quoteToken(c.text)}×${c.count}`).join(', ')}`);
      } else {
        const where = n.source !== undefined ? ` (at ${n.source.line + 1}:${n.source.character + 1})` : '';
        lines.push(`  ${n.split}? saw ${n.seen ?? '?'} → ${n.taken ?? '?'}${where}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Held-out accuracy of each model, one a line. */
export function compareText(r: TreesCompareResult): string {
  return r.rows.map((row) => `${(100 * row.accuracy).toFixed(1).padStart(5)}%  ${row.name}\n`).join('');
}

/** The automaton demos as a table. */
export function automataText(rows: readonly AutomatonRow[]): string {
  const lines = ['automaton       layout        depth  nodes  accuracy at 1x  at 10x  (majority at 10x)'];
  for (const r of rows) {
    const counts = `${String(r.depth).padStart(5)}  ${String(r.nodes).padStart(5)}`;
    const accuracy = `${r.accuracy1x.toFixed(3).padStart(14)}  ${r.accuracyLong.toFixed(3).padStart(6)}`;
    lines.push(
      `${r.automaton.padEnd(15)} ${r.layout.padEnd(13)} ${counts}  ${accuracy}  (${r.majorityLong.toFixed(3)})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
