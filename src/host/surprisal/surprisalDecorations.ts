/**
 * @file Colours the analysed text by surprisal: one decoration type per level, more opaque for more surprising
 * tokens. Only the visible lines (and a screen's worth around them) are decorated, again as the editor scrolls,
 * so a file of a million tokens costs what a screen of them does; the overview ruler marks the lines of the most
 * surprising tokens of the whole file, at most 500 of them. Reapplied when a result changes or an
 * editor becomes visible.
 */
import * as vscode from 'vscode';
import { cellsIn, cellsOf, rulerOffsets, surprisalLevel, SURPRISAL_LEVELS } from './displayCells';
import type { SurprisalResult } from '../../shared/surprisal';
import type { SurprisalStore } from './surprisalStore';

/** Lines decorated above and below the visible ones, so a short scroll shows colour before the redraw. */
const MARGIN_LINES = 100;
/** Applies surprisal decorations to every visible editor with a current result. */
export class SurprisalDecorations implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[] = [];
  private readonly ruler = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: 'rgba(255, 110, 30, 0.8)',
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly rulerOf = new WeakMap<SurprisalResult, number[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Creates the decoration types and follows the store, the visible editors and their scrolling. */
  constructor(private readonly store: SurprisalStore) {
    for (let level = 1; level < SURPRISAL_LEVELS; level++) {
      const alpha = (0.08 + (0.55 * (level - 1)) / (SURPRISAL_LEVELS - 2)).toFixed(2);
      this.types.push(
        vscode.window.createTextEditorDecorationType({
          backgroundColor: `rgba(255, 110, 30, ${alpha})`,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
    }
    this.subscriptions.push(
      store.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.apply(e.textEditor, false)),
    );
  }

  /** Redraws every visible editor. */
  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor, true);
  }

  private apply(editor: vscode.TextEditor, withRuler: boolean): void {
    const stored = this.store.get(editor.document);
    const ranges: vscode.Range[][] = this.types.map(() => []);
    if (stored !== undefined) {
      const { document } = editor;
      const cells = cellsOf(stored.result.tokens);
      for (const visible of editor.visibleRanges) {
        const from = document.offsetAt(new vscode.Position(Math.max(0, visible.start.line - MARGIN_LINES), 0));
        const to = document.offsetAt(new vscode.Position(visible.end.line + MARGIN_LINES + 1, 0));
        for (const cell of cellsIn(cells, from, to)) {
          const level = surprisalLevel(cell.surprisal);
          if (level > 0)
            ranges[level - 1]?.push(new vscode.Range(document.positionAt(cell.start), document.positionAt(cell.end)));
        }
      }
    }
    this.types.forEach((type, i) => editor.setDecorations(type, ranges[i] ?? []));
    if (withRuler)
      editor.setDecorations(this.ruler, stored === undefined ? [] : this.rulerRanges(editor, stored.result));
  }

  private rulerRanges(editor: vscode.TextEditor, result: SurprisalResult): vscode.Range[] {
    let offsets = this.rulerOf.get(result);
    if (offsets === undefined) {
      offsets = rulerOffsets(cellsOf(result.tokens));
      this.rulerOf.set(result, offsets);
    }
    return offsets.map((o) => editor.document.lineAt(editor.document.positionAt(o).line).range);
  }

  /** Removes the decorations. */
  dispose(): void {
    for (const t of this.types) t.dispose();
    this.ruler.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
