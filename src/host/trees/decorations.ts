/**
 * @file Marks the source tokens a decision-tree prediction tested, and the predicted position.
 */
import * as vscode from 'vscode';
import { quoteToken } from '../../shared/tokenText';
import type { TreesTraceResult } from '../../shared/trees';

/** Decorations of the last trace, in the editor of its document. */
export class TreeDecorations implements vscode.Disposable {
  private readonly tested = vscode.window.createTextEditorDecorationType({
    backgroundColor: 'rgba(64, 156, 255, 0.28)',
    border: '1px solid rgba(64, 156, 255, 0.9)',
    borderRadius: '2px',
  });
  private readonly target = vscode.window.createTextEditorDecorationType({
    border: '2px solid rgba(255, 170, 0, 0.95)',
    borderRadius: '2px',
  });

  /** Shows which tokens `result` tested (hover: what was tested) and where the prediction is. */
  show(editor: vscode.TextEditor, result: TreesTraceResult): void {
    const doc = editor.document;
    const range = (s: { start: number; end: number }): vscode.Range =>
      new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
    // The text is appended as plain text, so a token such as `*` or a backtick is shown as it is.
    const hover = (text: string): vscode.MarkdownString =>
      new vscode.MarkdownString('**Decision tree** ').appendText(text);
    editor.setDecorations(
      this.tested,
      result.tested.map((t) => ({ range: range(t), hoverMessage: hover(`tested ${t.label}`) })),
    );
    const actual = result.actual !== undefined ? `, actual ${quoteToken(result.actual)}` : '';
    editor.setDecorations(this.target, [
      { range: range(result.position), hoverMessage: hover(`predicted ${quoteToken(result.predicted)}${actual}`) },
    ]);
  }

  /** Removes the decorations from an editor. */
  clear(editor: vscode.TextEditor): void {
    editor.setDecorations(this.tested, []);
    editor.setDecorations(this.target, []);
  }

  /** Frees the decoration types. */
  dispose(): void {
    this.tested.dispose();
    this.target.dispose();
  }
}
