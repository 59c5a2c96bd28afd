/** @file The text panels of the trace view: the top candidates and the path as numbered steps. */
import type { TreeNodeView, TreesTraceResult } from '../../src/shared/trees';
import { formatProbability, quoteToken, stepText } from './format';

/** The on-path split nodes of a drawn tree, root first. */
export function pathSplits(root: TreeNodeView): TreeNodeView[] {
  const steps: TreeNodeView[] = [];
  let node: TreeNodeView | undefined = root;
  while (node?.onPath && node.split !== undefined) {
    steps.push(node);
    node = node.children?.find((c) => c.onPath);
  }
  return steps;
}

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

/** Fills `#top` with the candidates, each with a bar as long as its probability. */
export function renderTop(list: HTMLElement, r: TreesTraceResult): void {
  const items = r.top.map((c) => {
    const li = document.createElement('li');
    li.className = 'top-candidate';
    li.classList.toggle('predicted', c.text === r.predicted);
    li.classList.toggle('actual', c.text === r.actual);
    const bar = span('top-bar', '');
    const fill = bar.appendChild(span('top-bar-fill', ''));
    fill.style.width = `${Math.max(0, Math.min(1, c.p)) * 100}%`;
    li.append(span('top-token', quoteToken(c.text)), bar, span('top-p', formatProbability(c.p)));
    if (c.text === r.actual) li.title = 'the token actually there';
    return li;
  });
  list.replaceChildren(...items);
}

function stepItem(node: TreeNodeView, tree: number): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'path-step';
  li.textContent = stepText(node);
  li.dataset['tree'] = String(tree);
  li.dataset['node'] = String(node.node);
  if (node.source !== undefined) {
    li.dataset['start'] = String(node.source.start);
    li.dataset['end'] = String(node.source.end);
    li.classList.add('has-source');
    li.tabIndex = 0;
    li.setAttribute('role', 'button');
    li.title = `Show the tested token (line ${node.source.line + 1}, column ${node.source.character + 1})`;
  }
  return li;
}

/** Fills `#path-steps` with one `li.path-step` per on-path split of every drawn tree, in order. */
export function renderSteps(list: HTMLElement, r: TreesTraceResult): void {
  list.replaceChildren(...r.trees.flatMap((t, i) => pathSplits(t.root).map((n) => stepItem(n, i))));
}
