/**
 * @file Colours each routed token by its first expert in the chosen layer (a background in the expert's colour,
 * the panel's legend), and the routing part of the hover: the token's top-k experts with their gates and router
 * probabilities in that layer, and its first experts in the other layers.
 */
import * as vscode from 'vscode';
import { EXPERT_COLOURS, tokenAtOffset, type RoutingResult } from '../../shared/routing';
import { quoteToken, showToken } from '../../shared/tokenText';

const rgba = (hex: string, alpha: number): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

/** The last routing shown, the document it belongs to, and the layer the editor shows. */
interface Shown {
  readonly uri: string;
  readonly version: number;
  readonly result: RoutingResult;
  readonly layer: number;
}

/** Decorations and hover of the last "Show Expert Routing". */
export class RoutingDecorations implements vscode.Disposable {
  private readonly types = EXPERT_COLOURS.map((c) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: rgba(c, 0.35),
      overviewRulerColor: rgba(c, 0.8),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    }),
  );
  private shown: Shown | undefined;

  /** The layer (index into the result's layers) the editor colours by. */
  get layer(): number {
    return this.shown?.layer ?? 0;
  }

  /** The result shown last, if any. */
  get result(): RoutingResult | undefined {
    return this.shown?.result;
  }

  /** Colours the tokens of `result` in `editor` by their first expert in layer index `layer`. */
  show(editor: vscode.TextEditor, result: RoutingResult, layer: number): void {
    const doc = editor.document;
    const l = result.layers[layer];
    if (l === undefined) return;
    const k = result.topK;
    const buckets: vscode.Range[][] = this.types.map(() => []);
    const { start, end } = result.tokens;
    let t = 0;
    while (t < start.length) {
      const e = l.topk[t * k] ?? 0;
      let u = t + 1;
      while (u < start.length && l.topk[u * k] === e) u++;
      buckets[e % this.types.length]?.push(
        new vscode.Range(doc.positionAt(start[t] ?? 0), doc.positionAt(end[u - 1] ?? 0)),
      );
      t = u;
    }
    this.types.forEach((type, i) => editor.setDecorations(type, buckets[i] ?? []));
    this.shown = { uri: doc.uri.toString(), version: doc.version, result, layer };
  }

  /** The routing part of the hover: the token's experts, gates and p in the shown layer. */
  hover(): vscode.HoverProvider {
    return {
      provideHover: (document, position) => {
        const s = this.shown;
        if (s?.uri !== document.uri.toString() || s.version !== document.version) return undefined;
        const t = tokenAtOffset(s.result.tokens, document.offsetAt(position));
        if (t < 0) return undefined;
        const range = new vscode.Range(
          document.positionAt(s.result.tokens.start[t] ?? 0),
          document.positionAt(s.result.tokens.end[t] ?? 0),
        );
        return new vscode.Hover(routingHover(s.result, s.layer, t), range);
      },
    };
  }

  /** Removes the colours. */
  clear(): void {
    this.shown = undefined;
    for (const editor of vscode.window.visibleTextEditors) for (const t of this.types) editor.setDecorations(t, []);
  }

  /** Frees the decoration types. */
  dispose(): void {
    for (const t of this.types) t.dispose();
  }
}

/** Markdown of token `t`: its experts, gates and p in layer index `layer`, then its first expert in each layer. */
export function routingHover(r: RoutingResult, layer: number, t: number): vscode.MarkdownString {
  const l = r.layers[layer];
  const k = r.topK;
  const md = new vscode.MarkdownString();
  const token = quoteToken(showToken(r.tokens.text[t] ?? ''));
  md.appendMarkdown(
    `**Expert routing** · layer ${l?.layer ?? layer} · token ${token.replace(/[\\`*_[\]]/gu, '\\$&')}\n\n`,
  );
  md.appendMarkdown('| expert | gate | p |\n|---:|---:|---:|\n');
  for (let j = 0; j < k; j++) {
    const i = t * k + j;
    const e = l?.topk[i] ?? 0;
    md.appendMarkdown(`| ${e} | ${(l?.gates[i] ?? 0).toFixed(3)} | ${(l?.probs[i] ?? 0).toFixed(3)} |\n`);
  }
  const firsts = r.layers.map((x) => `${x.layer}: ${x.topk.slice(t * k, t * k + k).join(', ')}`).join(' · ');
  md.appendMarkdown(`\nGate: p renormalised over the top-${k}. Experts per layer: ${firsts}`);
  return md;
}
