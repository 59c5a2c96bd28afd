/**
 * @file The hover card of a token: its text, its surprisal and the model's top-5 candidates.
 * Built with `textContent` only, so token text is never parsed as HTML.
 */
import type { SurprisalToken } from '../../src/shared/surprisal';
import { placeTooltip } from '../shared/dom';
import { showToken } from '../../src/shared/tokenText';
import { formatBits, formatProbability } from './format';

function line(className: string, text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  return el;
}

function candidates(token: SurprisalToken): HTMLElement | undefined {
  if (!token.top || token.top.length === 0) return undefined;
  const list = document.createElement('ol');
  list.className = 'tooltip-top';
  for (const c of token.top.slice(0, 5)) {
    const item = document.createElement('li');
    const text = document.createElement('code');
    text.textContent = showToken(c.text);
    const p = document.createElement('span');
    p.className = 'tooltip-p';
    p.textContent = formatProbability(c.p);
    item.append(text, p);
    list.append(item);
  }
  return list;
}

/** Fills `tooltip` with the card of `token` and places it next to the pointer, inside the window. */
export function showTooltip(
  tooltip: HTMLElement,
  token: SurprisalToken,
  index: number,
  at: { x: number; y: number },
): void {
  const title = document.createElement('code');
  title.className = 'tooltip-token';
  title.textContent = showToken(token.text);
  const bits = line('tooltip-bits', `${formatBits(token.surprisal)} of surprisal · token ${index}`);
  bits.title = 'Surprisal: -log2 of the probability the model gave this token. 1 bit more = half as likely.';
  const parts: HTMLElement[] = [title, bits];
  const top = candidates(token);
  if (top) parts.push(line('tooltip-heading', 'The model expected (probability)'), top);
  tooltip.replaceChildren(...parts);
  placeTooltip(tooltip, at.x, at.y);
}

/** Hides the hover card. */
export function hideTooltip(tooltip: HTMLElement): void {
  tooltip.hidden = true;
}
