/**
 * @file Hover on an analysed token: its surprisal and the model's five most probable tokens there (asked of the
 * engine on demand when the result is too long to carry them). Tokens read as in the file (`showToken`): quotes
 * as they are, a partial character's bytes as `<0xC3>`.
 */
import * as vscode from 'vscode';
import type { TokenCandidate } from '../../shared/schema';
import { showToken } from '../../shared/tokenText';
import { cellAt, cellsOf, type DisplayCell } from './displayCells';
import type { SurprisalResult } from '../../shared/surprisal';
import type { StoredResult, SurprisalStore } from './surprisalStore';

/** Creates the hover provider for every file. */
export function surprisalHover(store: SurprisalStore): vscode.HoverProvider {
  return {
    async provideHover(document, position) {
      const stored = store.get(document);
      if (stored === undefined) return undefined;
      const cell = cellAt(cellsOf(stored.result.tokens), document.offsetAt(position));
      if (cell === undefined) return undefined;
      const range = new vscode.Range(document.positionAt(cell.start), document.positionAt(cell.end));
      return new vscode.Hover(hoverText(stored.result, cell, await topOf(stored, cell.first)), range);
    },
  };
}

/** The top predictions at token `index`: from the result, else from the engine (none when it cannot say). */
async function topOf(stored: StoredResult, index: number): Promise<readonly TokenCandidate[] | undefined> {
  const inline = stored.result.tokens[index]?.top;
  if (inline !== undefined || stored.topAt === undefined) return inline;
  try {
    return await stored.topAt(index);
  } catch {
    return undefined;
  }
}

/** Markdown of a hover: the cell's surprisal, then a table of the top predictions when known. */
export function hoverText(
  result: SurprisalResult,
  cell: DisplayCell,
  top: readonly TokenCandidate[] | undefined,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Model Lens** · surprisal **${cell.surprisal.toFixed(2)} bits**`);
  md.appendMarkdown(cell.count > 1 ? ` (${cell.count} tokens)` : '');
  md.appendMarkdown(` · ${result.model} on ${result.device}\n\n`);
  if (top !== undefined && top.length > 0) {
    md.appendMarkdown(`Top-${top.length} predictions here:\n\n`);
    md.appendMarkdown('| token | p |\n|---|---|\n');
    for (const c of top) md.appendMarkdown(`| ${codeSpan(showToken(c.text))} | ${(100 * c.p).toFixed(1)}% |\n`);
  } else if (result.topId !== undefined) {
    md.appendMarkdown('The top predictions are no longer kept by the engine: run the analysis again to see them.');
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
