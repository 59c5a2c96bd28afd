/**
 * @file Marks the tokens a selected token depends on (stronger dependencies more opaque), and
 * shows a hover on the selected token listing its dependencies with links that jump to each.
 */
import * as vscode from 'vscode';
import type { DependenciesResult, DependencyView } from '../../shared/dependencies';

/** Opacity levels of dependency decorations. */
const LEVELS = 5;

/** Decorations and hover of the last "Show Token Dependencies". */
export class DependencyDecorations implements vscode.Disposable {
  private readonly levels = Array.from({ length: LEVELS }, (_, i) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: `rgba(160, 90, 255, ${(0.15 + (0.6 * i) / (LEVELS - 1)).toFixed(2)})`,
      borderRadius: '2px',
    }),
  );
  private readonly target = vscode.window.createTextEditorDecorationType({
    border: '2px solid rgba(160, 90, 255, 0.95)',
    borderRadius: '2px',
  });
  private last: { uri: string; version: number; result: DependenciesResult } | undefined;

  /** Shows the dependencies of `result.at` in `editor`. */
  show(editor: vscode.TextEditor, result: DependenciesResult): void {
    const doc = editor.document;
    const deps = ranked(result);
    const max = Math.max(1e-9, ...deps.map((d) => d.weight));
    const buckets: vscode.DecorationOptions[][] = this.levels.map(() => []);
    for (const d of deps) {
      const level = Math.min(LEVELS - 1, Math.floor((d.weight / max) * LEVELS));
      buckets[level]?.push({
        range: new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end)),
        hoverMessage: `Model Lens: dependency, weight ${d.weight}`,
      });
    }
    this.levels.forEach((type, i) => editor.setDecorations(type, buckets[i] ?? []));
    const at = result.at !== undefined ? result.tokens[result.at.index] : undefined;
    editor.setDecorations(
      this.target,
      at !== undefined ? [new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end))] : [],
    );
    this.last = { uri: doc.uri.toString(), version: doc.version, result };
  }

  /** Hover on the analysed token: its k and its top dependencies, each a link to its place. */
  hover(): vscode.HoverProvider {
    return {
      provideHover: (document, position) => {
        const last = this.last;
        if (
          last === undefined ||
          last.uri !== document.uri.toString() ||
          last.version !== document.version ||
          last.result.at === undefined
        )
          return undefined;
        const token = last.result.tokens[last.result.at.index];
        if (token === undefined) return undefined;
        const range = new vscode.Range(document.positionAt(token.start), document.positionAt(token.end));
        return range.contains(position) ? new vscode.Hover(hoverText(last.result, document.uri), range) : undefined;
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

function ranked(result: DependenciesResult): DependencyView[] {
  return [...(result.at?.ablation ?? result.at?.attention ?? [])].filter((d) => d.index >= 0 && d.weight > 0);
}

function hoverText(result: DependenciesResult, uri: vscode.Uri): vscode.MarkdownString {
  const at = result.at;
  const i = at?.index ?? 0;
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: ['modelLens.revealRange'] };
  const kA = result.kAttention?.[i];
  const kB = result.kAblation?.[i];
  md.appendMarkdown(`**Model Lens · token dependencies** · ${result.model}\n\n`);
  if (kA !== undefined && kA !== null)
    md.appendMarkdown(`k${sub(result.p)} (attention, ${result.aggregate.split(' (')[0] ?? ''}): **${kA}** · `);
  if (kB !== undefined && kB !== null)
    md.appendMarkdown(`k_δ (ablation, δ ${result.ablation?.delta ?? ''}): **${kB}**`);
  md.appendMarkdown('\n\n');
  for (const [name, deps] of [
    ['ablation', at?.ablation],
    ['attention', at?.attention],
  ] as const) {
    if (deps === undefined || deps.length === 0) continue;
    md.appendMarkdown(`Top dependencies by ${name}:\n\n`);
    for (const d of deps.filter((x) => x.index >= 0).slice(0, 8)) {
      const args = encodeURIComponent(JSON.stringify([uri.toString(), d.start, d.end]));
      const text = JSON.stringify(d.text).slice(1, -1).replace(/`/gu, "'");
      const link = `[${d.line + 1}:${d.character + 1}](command:modelLens.revealRange?${args})`;
      md.appendMarkdown(`- ${link} \`${text}\` ${d.weight}\n`);
    }
  }
  return md;
}

function sub(p: number): string {
  return `_${p}`;
}
