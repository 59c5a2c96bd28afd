/**
 * @file The body markup of the Sparse Parity Frontier view: the form (its fields' first values are the lab's
 * defaults) and a titled section per figure. Plain constant markup (no data, no DOM use) shared by the host's
 * webview HTML and the view script.
 */
import { PARITY_FORM_DEFAULTS as D } from '../../src/shared/parityPanel';
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';
import { attr, labChart, labSection } from '../shared/labMarkup';

const field = (name: string, label: string, help: string, value: string, size = 6): string => `
    <label class="field" title="${attr(help)}"><span>${label}</span>
      <input name="${name}" id="form-${name}" type="text" size="${size}" value="${attr(value)}" spellcheck="false">
    </label>`;

const samplesText = D.samples.map((m) => (m === 0 ? 'online' : String(m))).join(', ');

const FORM = `<form id="grid-form" class="grid-form" novalidate>
  <div class="fields">
    ${field('n', 'n (bits)', HELP.n, String(D.n), 5)}
    ${field('k', 'k (relevant)', HELP.k, String(D.k), 3)}
    ${field('widths', 'Widths', HELP.widths, D.widths.join(', '), 22)}
    ${field('samples', 'Training samples', HELP.samples, samplesText, 18)}
    ${field('seeds', 'Seeds per cell', HELP.seeds, String(D.seeds), 4)}
    ${field('steps', 'Step cutoff', HELP.steps, String(D.steps), 8)}
    <fieldset class="field inits" title="${attr(HELP.inits)}"><legend>Initialization</legend>
      <label><input type="checkbox" name="inits" value="dense" checked> dense</label>
      <label><input type="checkbox" name="inits" value="sparse" checked> sparse, s =</label>
      <input name="sparsity" id="form-sparsity" type="text" size="3" value="${D.sparsity}" title="${attr(
        HELP.sparsity,
      )}" aria-label="Sparsity s">
    </fieldset>
    <label class="field check" title="${attr(HELP.rewind)}">
      <input type="checkbox" name="rewind" id="form-rewind" checked> rewind check</label>
  </div>
  <div class="form-actions">
    <button type="submit" id="run-grid" class="primary">Run grid</button>
    <button type="button" id="stop-grid">Stop</button>
    <span id="form-size" class="note" aria-live="polite"></span>
  </div>
  <p id="form-problem" class="form-problem" role="alert" hidden></p>
</form>`;

const section = (id: string, title: string, help: string, inner: string): string =>
  labSection(id, title, help, inner, { note: true, hidden: true });
const chart = labChart;

const HEATMAPS = `<ul id="heat-legend" class="legend" aria-label="Share of runs that learned"></ul>
    <div id="heatmaps" class="heatmaps"></div>`;
const LUCK = `<ul id="luck-legend" class="legend" aria-label="Series"></ul>
    ${chart('luck-chart', 'Success rate against width')}`;
const NEURONS = `<p id="neurons-note" class="note"></p>
    <div class="scroll-box">${chart('neurons-chart', 'First-layer weights of the top neurons')}</div>`;
const REWIND = `<p id="rewind-note" class="note"></p>
    ${chart('rewind-chart', 'Success of the top neurons rewound against random neurons')}`;
const CURVES = `<p class="note"><label>Run: <select id="curve-pick"></select></label>
    <span class="key dashed train"></span>training examples <span class="key test"></span>new examples</p>
    ${chart('curves-chart', 'Train and test accuracy against training step')}`;

/** Containers the parity view draws into; ids are the view's DOM contract. */
export const PARITY_BODY = `<main id="app" class="model-lens sections lab-view parity-view">
  ${viewHeader('Sparse parity: choose a grid and run it', 'Export the charts')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  ${FORM}
  ${section('heatmap', 'Which networks learned the rule', HELP.heatmap, HEATMAPS)}
  ${section('luck', 'Luck: success against width, beside the closed form', HELP.luck, LUCK)}
  ${section('neurons', 'The lottery ticket: weights of the largest neurons', HELP.neurons, NEURONS)}
  ${section('rewind', 'Rewind check: the top neurons alone, from their start', HELP.rewindFigure, REWIND)}
  ${section('curves', 'Training and test accuracy over training', HELP.curves, CURVES)}
</main>`;
