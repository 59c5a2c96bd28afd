/**
 * @file The list of the most surprising lines: one button per line (its number, total and mean bits, its
 * text) that reveals the line in the editor.
 */
import { showToken } from '../../src/shared/tokenText';
import type { LineStat } from './lines';

function span(className: string, text: string, help?: string): HTMLElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  if (help !== undefined) el.title = help;
  return el;
}

/** Fills `list` with `lines`; `pick(line)` runs when one is clicked. `selection`: line numbers count from it. */
export function drawTopLines(
  list: HTMLElement,
  lines: readonly LineStat[],
  pick: (line: LineStat) => void,
  selection: boolean,
): void {
  const items = lines.map((l) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'top-line';
    button.dataset['line'] = String(l.line);
    button.title = `Show line ${l.line} in the editor`;
    const where = selection ? `line ${l.line} of the selection` : `line ${l.line}`;
    const bits = `${l.bits.toFixed(1)} bits · ${l.mean.toFixed(1)}/token`;
    const help = `${l.tokens} tokens: ${l.bits.toFixed(1)} bits in all, ${l.mean.toFixed(2)} bits per token`;
    const text = document.createElement('code');
    text.className = 'top-line-text';
    text.textContent = showToken(l.text.trim(), 80);
    button.append(span('top-line-no', where), span('top-line-bits', bits, help), text);
    button.addEventListener('click', () => pick(l));
    item.append(button);
    return item;
  });
  list.replaceChildren(...items);
}
