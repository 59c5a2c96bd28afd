/**
 * @file The `#at` panel: the ranked dependencies of one token (`result.at`) by each method, as
 * `li.dependency` items that reveal their token in the editor.
 */
import {
  ablationMeasureWords,
  type DependenciesResult,
  type DependencyView,
  type MeasuredMethod,
} from '../../src/shared/dependencies';
import { showToken } from '../../src/shared/tokenText';
import { K_DIFFERENCE, METHOD_HELP, ablationHelp, aggregateHelp } from './explain';
import { tokenLabel } from './format';

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

function dependencyItem(d: DependencyView, method: MeasuredMethod, top: number, measure: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'dependency';
  li.dataset['index'] = String(d.index);
  li.dataset['start'] = String(d.start);
  li.dataset['end'] = String(d.end);
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  li.title = `Show this token in the editor (line ${d.line + 1}, column ${d.character + 1})`;
  const bar = span('dep-bar', '');
  bar.appendChild(span('dep-bar-fill', '')).style.width =
    `${top > 0 ? Math.max(0, Math.min(1, d.weight / top)) * 100 : 0}%`;
  const weight = method === 'ablation' ? `${d.weight.toFixed(3)} nats` : d.weight.toFixed(3);
  li.title +=
    method === 'ablation'
      ? `\n${weight}: how much the prediction changes (${measure}) when this token is removed`
      : `\n${weight}: the share of the prediction's attention that reaches this token`;
  li.append(
    span('dep-pos', `${d.line + 1}:${d.character + 1}`),
    span('dep-text', showToken(d.text)),
    bar,
    span('dep-weight', weight),
  );
  return li;
}

function methodList(method: MeasuredMethod, list: readonly DependencyView[], r: DependenciesResult): HTMLElement {
  const section = document.createElement('div');
  section.className = `at-method ${method}`;
  const title =
    method === 'attention'
      ? `attention (${r.aggregate.split(/[(:]/)[0]?.trim() ?? 'aggregate'})`
      : `ablation (${ablationMeasureWords(r.ablation?.measure).short})`;
  section.append(span('at-method-title', title));
  const help = method === 'ablation' ? ablationHelp(r) : `${METHOD_HELP.attention} ${aggregateHelp(r)}`;
  section.append(span('section-help', help));
  const ol = section.appendChild(document.createElement('ol'));
  ol.className = 'dependency-list';
  const top = Math.max(0, ...list.map((d) => d.weight));
  const measure = ablationMeasureWords(r.ablation?.measure).long;
  ol.append(...list.map((d) => dependencyItem(d, method, top, measure)));
  if (list.length === 0) section.append(span('empty-note', 'none'));
  return section;
}

/** Fills `#at` with the dependencies of `r.at` (hides the panel when the result has none). */
export function renderAt(panel: HTMLElement, lists: HTMLElement, title: HTMLElement, r: DependenciesResult): void {
  panel.hidden = r.at === undefined;
  if (!r.at) {
    lists.replaceChildren();
    return;
  }
  title.textContent = `Dependencies of ${tokenLabel(r, r.at.index)}`;
  const methods: HTMLElement[] = [];
  if (r.at.attention) methods.push(methodList('attention', r.at.attention, r));
  if (r.at.ablation) methods.push(methodList('ablation', r.at.ablation, r));
  if (methods.length > 1) methods.push(span('section-help', K_DIFFERENCE));
  lists.replaceChildren(...methods);
}
