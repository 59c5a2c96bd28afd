/**
 * @file The body markup of the MLP-vs-trees view: plain constant markup (no data, no DOM use) shared by the
 * host's webview HTML and the view script.
 */
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';
import { attr } from '../shared/labMarkup';

/** Containers the tabular view draws into; ids are the view's DOM contract. */
export const TABULAR_BODY = `<main id="app" class="model-lens sections lab-view tabular-view">
  ${viewHeader('Waiting for a table comparison…', 'Export the chart')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  <ul id="method-legend" class="legend" aria-label="Methods"></ul>
  <section class="lab-section" id="bars-section" aria-labelledby="bars-title">
    <h2 id="bars-title" class="panel-title" title="${attr(HELP.chart)}">Test accuracy by method and training rows</h2>
    <p class="note">${HELP.chart}</p>
    <div class="chart-box"><svg id="bars-chart" class="lab-chart" role="img"
      aria-label="Test accuracy of each method at each share of the training rows"></svg></div>
  </section>
  <section class="lab-section" id="table-section" aria-labelledby="table-title">
    <h2 id="table-title" class="panel-title" title="${attr(HELP.table)}">In numbers</h2>
    <div class="scroll-box"><table id="scores-table" class="lab-table"></table></div>
    <ul id="table-notes" class="note"></ul>
  </section>
</main>`;
