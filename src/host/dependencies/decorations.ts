/**
 * @file Marks what a selected token depends on: each dependency outlined in blue (stronger more opaque), the token
 * itself in a thick blue box, no background, so the marks read apart from surprisal's orange backgrounds. The
 * dependency part of the hover (on the token, or on a marked dependency) is read from the same result.
 */
import * as vscode from 'vscode';
import type { DependenciesResult } from '../../shared/dependencies';
import { dependencyHover, ranked, targetHover } from './dependencyHover';

/** Opacity levels of dependency outlines. */
const LEVELS = 5;
/** The dependencies' colour (blue: surprisal colours with orange backgrounds). */
const BLUE = '0, 140, 255';

/** Decorations and hover of the last "Show Token Dependencies". */
export class DependencyDecorations implements vscode.Disposable {
  private readonly levels = Array.from({ length: LEVELS }, (_, i) =>
    vscode.window.createTextEditorDecorationType({
      border: `1px solid rgba(${BLUE}, ${(0.35 + (0.65 * i) / (LEVELS - 1)).toFixed(2)})`,
      borderRadius: '3px',
      ...(i >= LEVELS - 2 ? { overviewRulerColor: `rgba(${BLUE}, 0.8)` } : {}),
    }),
  );
  private readonly target = vscode.window.createTextEditorDecorationType({
    border: `2px solid rgba(${BLUE}, 1)`,
    borderRadius: '3px',
    overviewRulerColor: `rgba(${BLUE}, 1)`,
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private last: { uri: string; version: number; result: DependenciesResult } | undefined;

  /** Shows the dependencies of `result.at` in `editor`. */
  show(editor: vscode.TextEditor, result: DependenciesResult): void {
    const doc = editor.document;
    const deps = ranked(result.at?.ablation ?? result.at?.attention).filter((d) => d.weight > 0);
    const max = Math.max(1e-9, ...deps.map((d) => d.weight));
    const buckets: vscode.Range[][] = this.levels.map(() => []);
    for (const d of deps) {
      const level = Math.min(LEVELS - 1, Math.floor((d.weight / max) * LEVELS));
      buckets[level]?.push(new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end)));
    }
    this.levels.forEach((type, i) => editor.setDecorations(type, buckets[i] ?? []));
    const at = result.at !== undefined ? result.tokens[result.at.index] : undefined;
    editor.setDecorations(
      this.target,
      at !== undefined ? [new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end))] : [],
    );
    this.last = { uri: doc.uri.toString(), version: doc.version, result };
  }

  /** The dependency part of the hover: on the analysed token its dependencies, on a marked one its rank. */
  hover(): vscode.HoverProvider {
    return {
      provideHover: (document, position) => {
        const last = this.last;
        if (last?.uri !== document.uri.toString() || last.version !== document.version) return undefined;
        const { result } = last;
        const token = result.at !== undefined ? result.tokens[result.at.index] : undefined;
        if (token === undefined) return undefined;
        const offset = document.offsetAt(position);
        const range = (start: number, end: number): vscode.Range =>
          new vscode.Range(document.positionAt(start), document.positionAt(end));
        if (token.start <= offset && offset < Math.max(token.end, token.start + 1))
          return new vscode.Hover(targetHover(result, document.uri), range(token.start, token.end));
        const marked = ranked(result.at?.ablation ?? result.at?.attention).find(
          (d) => d.weight > 0 && d.start <= offset && offset < d.end,
        );
        if (marked === undefined) return undefined;
        return new vscode.Hover(dependencyHover(result, document.uri, offset), range(marked.start, marked.end));
      },
    };
  }

  /** Removes the decorations. */
  clear(): void {
    this.last = undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      for (const t of [...this.levels, this.target]) editor.setDecorations(t, []);
    }
  }

  /** Frees the decoration types. */
  dispose(): void {
    for (const t of [...this.levels, this.target]) t.dispose();
  }
}
