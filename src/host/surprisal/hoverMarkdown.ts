/**
 * @file The Markdown of the surprisal hover (no vscode, so it is unit-tested): the token's bits, then its top
 * predictions with each token shown as in the file (`showToken`: quotes as they are, partial bytes as `<0xC3>`).
 */
import type { TokenCandidate } from '../../shared/schema';
import type { SurprisalResult } from '../../shared/surprisal';
import { showToken } from '../../shared/tokenText';
import type { DisplayCell } from './displayCells';

/** Markdown of a hover: the cell's surprisal, then a table of the top predictions when known. */
export function hoverMarkdown(
  result: SurprisalResult,
  cell: DisplayCell,
  top: readonly TokenCandidate[] | undefined,
): string {
  let md = `**Model Lens** · surprisal **${cell.surprisal.toFixed(2)} bits**`;
  md += cell.count > 1 ? ` (${cell.count} tokens)` : '';
  md += ` · ${result.model} on ${result.device}\n\n`;
  if (top !== undefined && top.length > 0) {
    md += `Top-${top.length} predictions here:\n\n| token | p |\n|---|---|\n`;
    for (const c of top) md += `| ${codeSpan(showToken(c.text))} | ${(100 * c.p).toFixed(1)}% |\n`;
  } else if (result.topId !== undefined) {
    md += 'The top predictions are no longer kept by the engine: run the analysis again to see them.';
  }
  return md;
}

/** `text` as a Markdown code span inside a table cell: fenced by more backticks than it holds, `|` escaped. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/gu, '\\|')}${pad}${fence}`;
}
