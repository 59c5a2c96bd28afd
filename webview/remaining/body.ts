/**
 * @file The body markup of the remaining-length view: plain constant markup (no data, no DOM use) shared by the
 * host's webview HTML, an HTML report and the view script.
 */
import { viewHeader } from '../shared/viewHeader';
import { ESTIMATE_HELP } from './data';
import { HELP } from './help';

const attr = (s: string): string => s.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;');

const key = (cls: string, which: keyof typeof ESTIMATE_HELP): string =>
  `<li title="${attr(ESTIMATE_HELP[which].help)}"><span class="key ${cls}"></span>${ESTIMATE_HELP[which].label}</li>`;

/** Containers the remaining-length view draws into; ids are the view's DOM contract. */
export const REMAINING_BODY = `<main id="app" class="model-lens sections lab-view remaining-view">
  ${viewHeader('Waiting for a remaining-length prediction…', 'Export the charts')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  <section class="lab-section" id="strip-section" aria-labelledby="strip-title">
    <h2 id="strip-title" class="panel-title" title="${attr(HELP.strip)}">How many tokens are left, token by token</h2>
    <p class="note">${HELP.strip}</p>
    <ul class="legend" aria-label="Lines">
      <li title="${attr(HELP.heat)}"><span class="swatch heat-key"></span>
        Probe\u2019s probability (darker: likelier)</li>
      ${key('refined', 'refined')}${key('probe', 'probeOnly')}${key('dashed prompt', 'promptOnly')}
      ${key('dotted truth', 'truth')}
    </ul>
    <div class="chart-box"><svg id="strip-chart" class="lab-chart" role="img"
      aria-label="Predicted distribution of the remaining length after each generated token"></svg></div>
    <p id="mae-line" class="note"></p>
    <div id="answer" class="answer" aria-label="The generated answer, token by token"></div>
  </section>
  <section class="lab-section" id="scan-section" aria-labelledby="scan-title">
    <h2 id="scan-title" class="panel-title" title="${attr(HELP.scan)}">Which layer knows best: the layer scan</h2>
    <p class="note">${HELP.scan}</p>
    <div class="chart-box"><svg id="scan-chart" class="lab-chart" role="img"
      aria-label="Mean absolute error of each layer's probe"></svg></div>
  </section>
</main>`;
