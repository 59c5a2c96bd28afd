/**
 * @file The token strip: the analysed text as one `span.token` per token, whitespace preserved,
 * each span's background stronger the more surprising the token.
 */
import type { SurprisalToken } from '../../src/shared/results';
import { highlightColour, type SurprisalColour } from './colour';

/** Renders `tokens` into `container` (replacing its content) and returns the spans, indexed like the tokens. */
export function drawStrip(container: HTMLElement, tokens: readonly SurprisalToken[], colour: SurprisalColour): HTMLElement[] {
  const fragment = document.createDocumentFragment();
  const spans = tokens.map((token, i) => {
    const span = document.createElement('span');
    span.className = 'token';
    span.dataset['index'] = String(i);
    span.dataset['start'] = String(token.start);
    span.dataset['end'] = String(token.end);
    span.textContent = token.text;
    span.style.backgroundColor = highlightColour(colour, token.surprisal);
    fragment.append(span);
    return span;
  });
  container.replaceChildren(fragment);
  return spans;
}
