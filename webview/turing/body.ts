/**
 * @file The body markup of the Turing-program view: plain constant markup (no data, no DOM use) shared by the
 * host's webview HTML, an HTML report and the view script.
 */
import { attr, labChart, labSection } from '../shared/labMarkup';
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';

const key = (cls: string, label: string, help: string): string =>
  `<li title="${attr(help)}"><span class="key-box ${cls}"></span>${label}</li>`;

const LEGEND = `<ul class="legend" aria-label="Line verdicts">
      ${key('right', 'right step', HELP.legendRight)}${key('wrong', 'wrong step', HELP.legendWrong)}
      ${key('unchecked', 'after a wrong step', HELP.legendUnchecked)}
    </ul>`;

/** Containers the Turing-program view draws into; ids are the view's DOM contract. */
export const TURING_BODY = `<main id="app" class="model-lens sections lab-view turing-view">
  ${viewHeader('Waiting for a Turing-program run…', 'Export the scratchpad')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  ${labSection(
    'lines',
    'The scratchpad, line by line as the model writes it',
    HELP.lines,
    `${LEGEND}
    <div class="scroll-box"><ol id="program" class="program" start="0" aria-label="Scratchpad lines"></ol></div>
    <p id="answer" class="answer-line"></p>`,
    { note: true },
  )}
  ${labSection(
    'cells',
    'Cells right per line',
    HELP.chart,
    labChart('cells-chart', 'Cells of each line equal to the true line, against the line number'),
  )}
</main>`;
