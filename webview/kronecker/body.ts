/**
 * @file The body markup of the Kronecker view: plain constant markup (no data, no DOM use) shared by the host's
 * webview HTML, an HTML report and the view script. Every chart has a heading whose tooltip says what it shows.
 */
import { viewHeader } from '../shared/viewHeader';
import { APPROXES } from './data';
import { HELP } from './help';
import { attr, labChart, labSection } from '../shared/labMarkup';

const section = (id: string, title: string, help: string, inner: string): string =>
  labSection(id, title, help, inner, { note: true });
const chart = labChart;

const legend = APPROXES.map(
  (a) => `<li title="${attr(a.help)}"><span class="swatch approx-${a.key}"></span>${a.label}</li>`,
).join('');

/** Containers the Kronecker view draws into; ids are the view's DOM contract. */
export const KRONECKER_BODY = `<main id="app" class="model-lens sections lab-view kronecker-view">
  ${viewHeader('Waiting for a Kronecker analysis…', 'Export the charts')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  ${section(
    'cosines',
    'How close each stand-in is to H, per layer',
    HELP.cosines,
    `<ul id="approx-legend" class="legend" aria-label="Stand-ins for H">${legend}</ul>
    ${chart('cosines-chart', 'Cosine to H of the optimal Kronecker product, Shampoo squared and Shampoo, per layer')}
    <div class="scroll-box"><table id="layers-table" class="lab-table"></table></div>`,
  )}
  <div class="controls">
    <label id="layer-label" for="layer-select" title="${attr(HELP.layer)}">Layer shown below</label>
    <select id="layer-select" title="The layer the two charts below show (or click its bars above)"></select>
    <span id="h-note" class="note" title="${attr(HELP.hNorm)}"></span>
  </div>
  ${section(
    'convergence',
    'Power iteration from (I, I): Shampoo\u00b2 is its first step',
    HELP.convergence,
    `${chart('convergence-chart', 'Cosine to H after each step of power iteration')}
    <p id="convergence-note" class="note"></p>`,
  )}
  ${section(
    'spectra',
    'Eigenvalues of L and R',
    HELP.spectra,
    `<ul class="legend" aria-label="Spectra">
      <li title="${attr(HELP.spectrumL)}"><span class="key spectrum-l"></span>L (outputs)</li>
      <li title="${attr(HELP.spectrumR)}"><span class="key dashed spectrum-r"></span>R (inputs)</li>
    </ul>
    ${chart('spectra-chart', 'Eigenvalues of L and R, largest first, log scale')}
    <p id="spectra-note" class="note"></p>`,
  )}
</main>`;
