/**
 * @file Model Lens's one hover: the parts of several providers (token dependencies, then surprisal) merged into a
 * single compact hover, so they never stack as separate boxes. A part that has nothing to say is left out.
 */
import * as vscode from 'vscode';

/** Commands a part's links may run (a trusted part's own list, merged). */
function enabledCommands(md: vscode.MarkdownString): readonly string[] {
  const t = md.isTrusted;
  return typeof t === 'object' ? t.enabledCommands : [];
}

/** The markdown of one hover content. */
function markdownOf(content: vscode.MarkdownString | vscode.MarkedString): vscode.MarkdownString {
  if (content instanceof vscode.MarkdownString) return content;
  if (typeof content === 'string') return new vscode.MarkdownString(content);
  return new vscode.MarkdownString().appendCodeblock(content.value, content.language);
}

/** One hover from several, in order, separated by rules; undefined when there are none. */
export function mergeHovers(hovers: readonly vscode.Hover[]): vscode.Hover | undefined {
  if (hovers.length === 0) return undefined;
  if (hovers.length === 1) return hovers[0];
  const parts = hovers.flatMap((h) => h.contents.map(markdownOf));
  const md = new vscode.MarkdownString(parts.map((p) => p.value.trim()).join('\n\n---\n\n'));
  md.supportThemeIcons = parts.some((p) => p.supportThemeIcons === true);
  md.supportHtml = parts.some((p) => p.supportHtml === true);
  // Only the commands a part enabled by name: merging never trusts a part more than it was.
  const commands = [...new Set(parts.flatMap(enabledCommands))];
  if (commands.length > 0) md.isTrusted = { enabledCommands: commands };
  const ranges = hovers.flatMap((h) => (h.range !== undefined ? [h.range] : []));
  const range = ranges.reduce<vscode.Range | undefined>((a, r) => (a === undefined ? r : a.union(r)), undefined);
  return new vscode.Hover(md, range);
}

/**
 * The one hover provider of Model Lens: asks each of the parts the toolkits registered, `providers()` (first shown
 * first), and merges their answers. A provider that fails is left out, so one broken part never hides the others.
 */
export function lensHover(providers: () => readonly vscode.HoverProvider[]): vscode.HoverProvider {
  return {
    async provideHover(document, position, token) {
      const answers = await Promise.all(
        providers().map(async (p) => {
          try {
            return (await p.provideHover(document, position, token)) ?? undefined;
          } catch {
            return undefined;
          }
        }),
      );
      return mergeHovers(answers.filter((h): h is vscode.Hover => h !== undefined));
    },
  };
}
