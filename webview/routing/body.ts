/**
 * @file The body markup of the routing view: plain constant markup (no data, no DOM use) shared by the host's
 * webview HTML, an HTML report and the view script. Every chart and statistic carries a tooltip saying what it is.
 */
import { viewHeader } from '../shared/viewHeader';
import { attr, labChart, labSection } from '../shared/labMarkup';
import { HELP } from './help';

const section = (id: string, title: string, help: string, inner: string): string =>
  labSection(id, title, help, inner, { note: true });

/** Containers the routing view draws into; ids are the view's DOM contract. */
export const ROUTING_BODY = `<main id="app" class="model-lens sections lab-view routing-view">
  ${viewHeader('Waiting for expert routing…', 'Export the charts')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  <div class="controls">
    <label id="layer-label" for="layer-select" title="${attr(HELP.layer)}">Layer</label>
    <select id="layer-select" title="${attr(HELP.layer)}"></select>
    <ul id="expert-legend" class="legend" aria-label="Expert colours (top-1 expert of each token)"></ul>
  </div>
  ${section(
    'load',
    'Load per expert',
    HELP.load,
    `${labChart('load-chart', 'Tokens routed to each expert, with the uniform load as a dashed line')}
    <dl id="stats" class="routing-stats"></dl>`,
  )}
  ${section(
    'kinds',
    'Which experts take which kinds of token',
    HELP.kinds,
    labChart('kinds-chart', 'Share of each token kind routed to each expert'),
  )}
</main>`;
