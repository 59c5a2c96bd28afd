/**
 * @file Colours the analysed text by surprisal: one decoration type per level, more opaque for
 * more surprising tokens. Reapplied when a result changes or an editor becomes visible.
 */
import * as vscode from 'vscode';
import { displayCells, surprisalLevel, SURPRISAL_LEVELS } from './displayCells';
import type { SurprisalStore } from './surprisalStore';

/** Applies surprisal decorations to every visible editor with a current result. */
export class SurprisalDecorations implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Creates the decoration types and follows the store and the visible editors. */
  constructor(private readonly store: SurprisalStore) {
    for (let level = 1; level < SURPRISAL_LEVELS; level++) {
      const alpha = (0.08 + (0.55 * (level - 1)) / (SURPRISAL_LEVELS - 2)).toFixed(2);
      this.types.push(
        vscode.window.createTextEditorDecorationType({
          backgroundColor: `rgba(255, 110, 30, ${alpha})`,
          ...(level >= SURPRISAL_LEVELS - 2 ? { overviewRulerColor: 'rgba(255, 110, 30, 0.8)' } : {}),
          overviewRulerLane: vscode.OverviewRulerLane.Right,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
    }
    this.subscriptions.push(
      store.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    );
  }

  /** Redraws every visible editor. */
  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  private apply(editor: vscode.TextEditor): void {
    const stored = this.store.get(editor.document);
    const ranges: vscode.Range[][] = this.types.map(() => []);
    if (stored !== undefined) {
      for (const cell of displayCells(stored.result.tokens)) {
        const level = surprisalLevel(cell.surprisal);
        if (level === 0) continue;
        const range = new vscode.Range(editor.document.positionAt(cell.start), editor.document.positionAt(cell.end));
        ranges[level - 1]?.push(range);
      }
    }
    this.types.forEach((type, i) => editor.setDecorations(type, ranges[i] ?? []));
  }

  /** Removes the decorations. */
  dispose(): void {
    for (const t of this.types) t.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
