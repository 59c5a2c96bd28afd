/**
 * @file Hover on an analysed token: its surprisal and the model's five most probable tokens there.
 */
import * as vscode from 'vscode';
import { cellAt, displayCells, type DisplayCell } from './displayCells';
import type { SurprisalResult } from '../../shared/surprisal';
import type { SurprisalStore } from './surprisalStore';

/** Creates the hover provider for every file. */
export function surprisalHover(store: SurprisalStore): vscode.HoverProvider {
  const cache = new WeakMap<SurprisalResult, DisplayCell[]>();
  return {
    provideHover(document, position) {
      const stored = store.get(document);
      if (stored === undefined) return undefined;
      let cells = cache.get(stored.result);
      if (cells === undefined) {
        cells = displayCells(stored.result.tokens);
        cache.set(stored.result, cells);
      }
      const cell = cellAt(cells, document.offsetAt(position));
      if (cell === undefined) return undefined;
      const range = new vscode.Range(document.positionAt(cell.start), document.positionAt(cell.end));
      return new vscode.Hover(hoverText(stored.result, cell), range);
    },
  };
}

function hoverText(result: SurprisalResult, cell: DisplayCell): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Model Lens** · surprisal **${cell.surprisal.toFixed(2)} bits**`);
  md.appendMarkdown(cell.count > 1 ? ` (${cell.count} tokens)` : '');
  md.appendMarkdown(` · ${result.model} on ${result.device}\n\n`);
  const token = result.tokens[cell.first];
  const top = token?.top ?? [];
  if (top.length > 0) {
    md.appendMarkdown('Top-5 predictions here:\n\n');
    md.appendMarkdown('| token | p |\n|---|---|\n');
    for (const c of top) md.appendMarkdown(`| \`${printable(c.text)}\` | ${(100 * c.p).toFixed(1)}% |\n`);
  }
  return md;
}

function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/ /gu, '␣').replace(/`/gu, "'").replace(/\|/gu, '\\|');
}
