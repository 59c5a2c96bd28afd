/**
 * @file The "words used here" list of the positions and probe views: position coupling, then each
 * method with its one-line description; the method shown now is marked.
 */
import { POSITION_METHODS, type PositionMethod } from '../../src/shared/positions';
import { COUPLING_WORDS, METHOD_WORDS } from './words';

/** One entry of the list: the word in bold, its line, and whether it is the one shown now. */
export function methodItem(name: string, line: string, current: boolean): HTMLLIElement {
  const li = document.createElement('li');
  li.appendChild(document.createElement('strong')).textContent = name;
  li.append(` \u2014 ${line}${current ? ' (shown now)' : ''}`);
  if (current) li.className = 'current';
  return li;
}

/** Fills `list`; `current` is the method shown, if any. */
export function renderMethods(list: HTMLUListElement, current: PositionMethod | undefined): void {
  list.replaceChildren(
    methodItem(COUPLING_WORDS.name, COUPLING_WORDS.line, false),
    ...POSITION_METHODS.map((m) => methodItem(METHOD_WORDS[m].name, METHOD_WORDS[m].line, m === current)),
  );
}
