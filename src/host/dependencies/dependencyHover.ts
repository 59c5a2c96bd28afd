/**
 * @file The dependency part of Model Lens's hover: on the analysed token, how many earlier tokens it depends on and
 * its strongest dependencies, each a link that jumps to it; on a marked dependency, its rank for that token.
 */
import * as vscode from 'vscode';
import {
  ablationCut,
  ablationMeasureWords,
  type DependenciesResult,
  type DependencyView,
} from '../../shared/dependencies';
import { showToken } from '../../shared/tokenText';

/** Dependencies listed per method in the hover. */
const SHOWN = 6;

/** A token as inline code, as it stands in the file (a backtick inside gets a wider fence). */
export function code(text: string): string {
  const shown = showToken(text, 24);
  return shown.includes('`') ? `\`\` ${shown} \`\`` : `\`${shown}\``;
}

/** The ranked dependencies of a method without the start-of-text token, one per place (a character's bytes merged). */
export function ranked(deps: readonly DependencyView[] | undefined): DependencyView[] {
  const seen = new Set<string>();
  const out: DependencyView[] = [];
  for (const d of deps ?? []) {
    const key = `${d.start}:${d.end}`;
    if (d.index < 0 || d.end <= d.start || seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

const place = (d: { line: number; character: number }): string => `${d.line + 1}:${d.character + 1}`;

/** A link that selects `[start, end)` of the document. */
function link(uri: vscode.Uri, label: string, start: number, end: number): string {
  const args = encodeURIComponent(JSON.stringify([uri.toString(), start, end]));
  return `[${label}](command:modelLens.revealRange?${args} "Go there")`;
}

const depLink = (uri: vscode.Uri, d: DependencyView): string =>
  link(uri, `${code(d.text)} ${place(d)}`, d.start, d.end);

/** What each method's number beside a dependency is. */
const weightWords = (name: 'ablation' | 'attention', result: DependenciesResult): string =>
  name === 'attention'
    ? 'share of the attention'
    : `how far removing it moves the prediction: ${ablationMeasureWords(result.ablation?.measure).long}, nats`;

/** One line of counts in plain words: how many earlier tokens matter by each method. */
function counts(result: DependenciesResult): string {
  const i = result.at?.index ?? 0;
  const parts: string[] = [];
  const kB = result.kAblation?.[i];
  const kA = result.kAttention?.[i];
  const context = result.at?.context;
  const reach = ablationCut(result);
  const tried = reach !== undefined ? ` (of the nearest ${reach}, those ablated)` : '';
  if (kB !== undefined && kB !== null)
    parts.push(
      `removing any of **${kB}**${tried} changes the prediction (k_δ, δ ${result.ablation?.delta ?? ''} nats, ` +
        `${ablationMeasureWords(result.ablation?.measure).long})`,
    );
  if (kA !== undefined && kA !== null)
    parts.push(`**${kA}** hold ${Math.round(result.p * 100)}% of its attention (k_${result.p})`);
  const of = context !== undefined ? ` Of the ${context} tokens before it, ` : ' ';
  return parts.length === 0 ? '' : `${of}${parts.join('; ')}.`;
}

/** The hover on the analysed token: counts, then each method's strongest dependencies as links. */
export function targetHover(result: DependenciesResult, uri: vscode.Uri): vscode.MarkdownString {
  const md = trusted();
  const token = result.tokens[result.at?.index ?? -1];
  md.appendMarkdown(`**Model Lens · what ${code(token?.text ?? '')} depends on.**${counts(result)}\n\n`);
  for (const [name, deps] of [
    ['ablation', result.at?.ablation],
    ['attention', result.at?.attention],
  ] as const) {
    const shown = ranked(deps).slice(0, SHOWN);
    if (shown.length === 0) continue;
    const list = shown.map((d) => `${depLink(uri, d)} ${d.weight.toPrecision(3)}`).join(' · ');
    md.appendMarkdown(`By ${name}: ${list} _(${weightWords(name, result)})_\n\n`);
  }
  return md;
}

/** The hover on a marked dependency: its rank and weight by each method, and a link back to the analysed token. */
export function dependencyHover(result: DependenciesResult, uri: vscode.Uri, offset: number): vscode.MarkdownString {
  const md = trusted();
  const at = result.at;
  const token = result.tokens[at?.index ?? -1];
  const facts: string[] = [];
  for (const [name, deps] of [
    ['ablation', at?.ablation],
    ['attention', at?.attention],
  ] as const) {
    const list = ranked(deps);
    const rank = list.findIndex((d) => d.start <= offset && offset < d.end);
    if (rank >= 0) facts.push(`#${rank + 1} by ${name} (${list[rank]?.weight ?? ''})`);
  }
  const back = token !== undefined ? link(uri, code(token.text), token.start, token.end) : '';
  md.appendMarkdown(`**Model Lens · a dependency of** ${back}: ${facts.join(', ')}\n\n`);
  return md;
}

function trusted(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: ['modelLens.revealRange'] };
  return md;
}
