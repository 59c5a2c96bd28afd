/**
 * @file The body markup of the serving view: plain constant markup (no data, no DOM use) shared by the host's
 * webview HTML, an HTML report and the view script. Every chart has a heading whose tooltip says what it shows.
 */
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';
import { attr, labChart, labSection } from '../shared/labMarkup';

const section = labSection;
const chart = labChart;

/** Containers the serving view draws into; ids are the view's DOM contract. */
export const SERVING_BODY = `<main id="app" class="model-lens sections lab-view serving-view">
  ${viewHeader('Waiting for a serving simulation…', 'Export the charts')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  <div class="controls">
    <label for="c-slider" title="${attr(HELP.c)}">TRAIL\u2019s c <output id="c-value">0.8</output></label>
    <input id="c-slider" type="range" min="0.05" max="1" step="0.05" value="0.8" title="${attr(HELP.c)}">
    <span id="c-note" class="note">${HELP.c}</span>
  </div>
  <ul id="policy-legend" class="legend" aria-label="Policies"></ul>
  ${section(
    'summary-table',
    'Each policy in numbers',
    'Hover a column name for what it means.',
    '<div class="scroll-box"><table id="runs-table" class="lab-table"></table></div>',
  )}
  ${section(
    'load',
    'Mean latency against load',
    HELP.load,
    `<p id="load-note" class="note">${HELP.load}</p>
    ${chart('load-chart', 'Mean latency of each policy against load')}`,
  )}
  ${section(
    'cdf',
    'How long requests wait: latency and time to first token',
    HELP.cdf,
    `<p class="note">${HELP.cdf}</p>
    <div class="pair">${chart('latency-chart', 'Cumulative share of requests finished within each latency')}
    ${chart('ttft-chart', 'Cumulative share of requests started within each time to first token')}</div>`,
  )}
  ${section(
    'gantt',
    'Who ran when',
    HELP.gantt,
    `<p class="note">${HELP.gantt} <label>Policy: <select id="gantt-policy"></select></label></p>
    ${chart('gantt-chart', 'Gantt strip of the requests in a window of time')}`,
  )}
  ${section(
    'memory',
    'Memory held by paused requests',
    HELP.memory,
    `<p id="memory-note" class="note">${HELP.memory}</p>
    ${chart('memory-chart', 'KV-cache tokens held by paused requests over time')}`,
  )}
</main>`;
