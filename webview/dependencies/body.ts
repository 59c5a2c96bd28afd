/**
 * @file The body markup of the attention-sparsity (token dependencies) view: plain constant markup
 * with no DOM use, no data and no inline styles, so the host's webview HTML, an HTML report and the
 * view script (which mounts it when a host left it out) can all use it. The export buttons are
 * added to `#toolbar` by `mountView`. Every section starts with a line saying what it shows, and
 * `details.glossary` says what each word and statistic means.
 */
import { escapeHtml } from '../../src/shared/html';
import { viewHeader } from '../shared/viewHeader';
import { DEFAULT_P } from '../../src/shared/dependencies';
import { K_DIFFERENCE, METHOD_HELP, SECTION_INTRO, STAT_HELP, VIEW_INTRO } from './explain';

const help = (text: string, id = ''): string =>
  `<p${id ? ` id="${id}"` : ''} class="section-help">${escapeHtml(text)}</p>`;
const option = (value: string, text: string, title: string, selected = false): string =>
  `<option value="${value}" title="${escapeHtml(title)}"${selected ? ' selected' : ''}>${text}</option>`;

const READOUT_HINT = 'Hover the map to read a weight; click to show the key token.';

const GLOSSARY: readonly (readonly [string, string])[] = [
  ['k_p', STAT_HELP.kp(DEFAULT_P)],
  ['mean k', STAT_HELP.meanK(DEFAULT_P)],
  ['k_δ', STAT_HELP.kDelta(undefined)],
  ['head mean', STAT_HELP.headMean],
  ['mean distance', STAT_HELP.meanDistance],
  ['sink share', STAT_HELP.sinkShare],
  ['agreement, Jaccard', STAT_HELP.agreement],
  ['L3H1', 'a head by name: layer 3, head 1 (both counted from 0).'],
  ['attention', METHOD_HELP.attention],
  ['ablation', METHOD_HELP.ablation],
  ['attention rollout (Abnar & Zuidema 2020)', METHOD_HELP.rollout],
  ['attention k vs ablation k', K_DIFFERENCE],
];

/** A help text without its leading `name: `, for the glossary that names it already. */
const withoutName = (text: string): string => text.replace(/^[^:]+: /u, '');

const glossary = `<details class="glossary">
    <summary>What the words and numbers mean</summary>
    <dl>${GLOSSARY.map(([t, d]) => `<dt>${escapeHtml(t)}</dt><dd>${escapeHtml(withoutName(d))}</dd>`).join('')}</dl>
  </details>`;

/** Containers the dependencies view draws into; ids and classes are the view's DOM contract. */
export const DEPENDENCIES_BODY = `<main id="app" class="model-lens dependencies-view">
  ${viewHeader('Waiting for token dependencies…', 'Export the charts')}
  <p id="view-intro" class="view-intro">${escapeHtml(VIEW_INTRO)}</p>
  <p id="stats-help" class="section-help" hidden></p>
  ${glossary}
  <section class="deps-panel k-panel" aria-labelledby="k-title">
    <h2 id="k-title" class="panel-title">Dependencies per prediction (k) along the text</h2>
    ${help(SECTION_INTRO.k)}
    <svg id="k-along" class="k-along" role="img" aria-label="k of each token along the text"></svg>
    ${help('', 'k-help')}
  </section>
  <div class="deps-columns">
    <div class="deps-side">
      <section class="deps-panel" aria-labelledby="grid-title">
        <h2 id="grid-title" class="panel-title">Heads</h2>
        ${help(SECTION_INTRO.grid)}
        <label class="control">Colour by
          <select id="grid-stat" title="${escapeHtml(STAT_HELP.meanK(DEFAULT_P))}">
            ${option('meanK', 'mean k', STAT_HELP.meanK(DEFAULT_P), true)}
            ${option('meanDistance', 'mean distance', STAT_HELP.meanDistance)}
            ${option('sinkShare', 'sink share', STAT_HELP.sinkShare)}
          </select>
        </label>
        <p id="grid-stat-help" class="section-help">${escapeHtml(STAT_HELP.meanK(DEFAULT_P))}</p>
        <svg id="head-grid" class="head-grid" role="group"
          aria-label="Layers by heads, coloured by the chosen statistic"></svg>
      </section>
      <section id="at" class="deps-panel at-panel" aria-labelledby="at-title" hidden>
        <h2 id="at-title" class="panel-title">Dependencies of the token</h2>
        ${help(SECTION_INTRO.at)}
        <div id="at-lists" class="at-lists"></div>
      </section>
    </div>
    <section id="map" class="deps-panel map-panel" aria-labelledby="map-title">
      <h2 id="map-title" class="panel-title">Attention map</h2>
      ${help(SECTION_INTRO.map)}
      <div class="map-controls">
        <label class="control">Layer
          <select id="layer"><option value="all" selected>all (mean)</option></select></label>
        <label class="control">Head
          <select id="head"><option value="all" selected>all (mean)</option></select></label>
        <span id="map-source" class="map-source"></span>
        <button type="button" id="map-reset" title="Show the whole map">Reset zoom</button>
      </div>
      <canvas id="map-canvas" class="map-canvas" role="img"
        aria-label="Attention of each query token (rows) on earlier key tokens (columns); wheel to zoom, drag to pan">
      </canvas>
      <div id="map-readout" class="map-readout" aria-live="polite">${READOUT_HINT}</div>
    </section>
    <section id="lines" class="deps-panel lines-panel" aria-labelledby="lines-title" hidden>
      <h2 id="lines-title" class="panel-title">Attention lines (BertViz style)</h2>
      ${help(SECTION_INTRO.lines)}
      <div class="map-controls">
        <label class="control">Layer <select id="lines-layer"></select></label>
        <label class="control">Head <select id="lines-head"></select></label>
      </div>
      <div class="map-controls">
        <button type="button" id="lines-earlier" title="Show earlier tokens of the window">◀ earlier</button>
        <button type="button" id="lines-later" title="Show later tokens of the window">later ▶</button>
        <span id="lines-range" class="map-source"></span>
      </div>
      <div id="lines-legend" class="lines-legend" hidden></div>
      <p id="lines-note" class="empty-note" hidden>This result has no per-head attention window.</p>
      <svg id="attn-lines" class="attn-lines" role="img"
        aria-label="Tokens in two columns joined by lines weighted by attention"></svg>
    </section>
  </div>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
</main>`;
