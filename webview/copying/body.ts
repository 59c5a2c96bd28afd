/**
 * @file The body markup of the copy and lookup view: constant markup (no data, no DOM use) shared by the host's
 * webview HTML, an HTML report and the view script.
 */
import { labChart, labSection } from '../shared/labMarkup';
import { viewHeader } from '../shared/viewHeader';
import { COPY_HELP } from './help';

const WAITING = 'Copy & Lookup Probe: run the command Model Lens: Copy & Lookup Probe.';

/** Containers the copy view draws into; ids are the view's DOM contract. */
export const COPYING_BODY = `<main id="app" class="model-lens sections lab-view copying-view">
  ${viewHeader(WAITING, 'Export the charts')}
  <p class="intro">${COPY_HELP.intro}</p>
  ${labSection(
    'accuracy',
    'String accuracy against span length',
    COPY_HELP.accuracy,
    `<ul id="accuracy-legend" class="legend" aria-label="Models"></ul>
    ${labChart('accuracy-chart', 'String accuracy against span length, one line per model')}
    <p id="bound-note" class="note" hidden></p>`,
    { note: true, hidden: true },
  )}
  ${labSection(
    'surprisal',
    'Surprisal of the first and second copy',
    COPY_HELP.surprisal,
    `<ul id="surprisal-legend" class="legend" aria-label="Lines"></ul>
    ${labChart('surprisal-chart', 'Bits per token of the first and second copy against span length')}`,
    { note: true, hidden: true },
  )}
  ${labSection('lookup', 'Lookup', COPY_HELP.lookup, '<table id="lookup-table" class="lab-table"></table>', {
    note: true,
    hidden: true,
  })}
  ${labSection(
    'tasks',
    'Tasks, wrong ones first',
    COPY_HELP.tasks,
    '<table id="tasks-table" class="lab-table tasks"></table>',
    {
      note: true,
      hidden: true,
    },
  )}
</main>`;
