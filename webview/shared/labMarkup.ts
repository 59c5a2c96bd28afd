/**
 * @file Markup of the sectioned lab views (serving, Kronecker, parity): a titled section whose heading's tooltip
 * (and, where asked, a note under it) says what it shows, and the box of one chart. Plain strings with no DOM use,
 * so the host and the CLI's reports build pages from them too.
 */
import { escapeHtml } from '../../src/shared/html';

/** Text made safe for a double-quoted attribute (or element content). */
export const attr = escapeHtml;

/** How a {@link labSection} is drawn: the help repeated as a note under the title; hidden until the view shows it. */
export interface LabSectionOptions {
  readonly note?: boolean;
  readonly hidden?: boolean;
}

/** A section `${id}-section` titled `${id}-title` with the help as the title's tooltip, then `inner`. */
export function labSection(id: string, title: string, help: string, inner: string, o: LabSectionOptions = {}): string {
  const note = o.note === true ? `\n    <p class="note">${help}</p>` : '';
  return `
  <section class="lab-section" id="${id}-section" aria-labelledby="${id}-title"${o.hidden === true ? ' hidden' : ''}>
    <h2 id="${id}-title" class="panel-title" title="${attr(help)}">${title}</h2>${note}
    ${inner}
  </section>`;
}

/** The box of one chart: an `svg.lab-chart` with the id and an accessible label. */
export const labChart = (id: string, label: string): string =>
  `<div class="chart-box"><svg id="${id}" class="lab-chart" role="img" aria-label="${attr(label)}"></svg></div>`;
