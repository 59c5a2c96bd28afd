/**
 * @file The token strip: the analysed text as one `span.token` per token, whitespace preserved,
 * each span's background stronger the more surprising the token.
 */
import type { SurprisalToken } from '../../src/shared/surprisal';
import { highlightColour, type SurprisalColour } from './colour';

/**
 * Renders `tokens` into `container` (replacing its content) and returns the spans, indexed like the tokens;
 * each span's `data-index` is its index in the file, `first` plus its index here.
 * Tokens may share source text (a byte-level model splits `é` into two tokens that both cover it), so each
 * span shows only the text past the end of the tokens before it; the text is never shown twice.
 */
export function drawStrip(
  container: HTMLElement,
  tokens: readonly SurprisalToken[],
  colour: SurprisalColour,
  first = 0,
): HTMLElement[] {
  const fragment = document.createDocumentFragment();
  let covered = tokens[0]?.start ?? 0;
  const spans = tokens.map((token, i) => {
    const span = document.createElement('span');
    span.className = 'token';
    span.dataset['index'] = String(first + i);
    span.dataset['start'] = String(token.start);
    span.dataset['end'] = String(token.end);
    span.textContent = token.start >= covered ? token.text : token.text.slice(covered - token.start);
    covered = Math.max(covered, token.end);
    span.style.backgroundColor = highlightColour(colour, token.surprisal);
    fragment.append(span);
    return span;
  });
  container.replaceChildren(fragment);
  return spans;
}
