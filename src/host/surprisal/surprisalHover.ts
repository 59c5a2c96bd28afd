/**
 * @file Hover on an analysed token: its surprisal and the model's five most probable tokens there (asked of the
 * engine on demand when the result is too long to carry them). Tokens read as in the file (`showToken`): quotes
 * as they are, a partial character's bytes as `<0xC3>`.
 */
import * as vscode from 'vscode';
import type { TokenCandidate } from '../../shared/schema';
import { cellAt, cellsOf } from './displayCells';
import { hoverMarkdown } from './hoverMarkdown';
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
      const md = new vscode.MarkdownString(hoverMarkdown(stored.result, cell, await topOf(stored, cell.first)));
      return new vscode.Hover(md, range);
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
