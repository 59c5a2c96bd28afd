/**
 * @file The body markup of the attention-sparsity (token dependencies) view: plain constant markup
 * with no DOM use, no data and no inline styles, so the host's webview HTML, an HTML report and the
 * view script (which mounts it when a host left it out) can all use it. The export buttons are
 * added to `#toolbar` by `mountView`.
 */
import { viewHeader } from '../shared/viewHeader';

/** Containers the dependencies view draws into; ids and classes are the view's DOM contract. */
export const DEPENDENCIES_BODY = `<main id="app" class="model-lens dependencies-view">
  ${viewHeader('Waiting for token dependencies…', 'Export the charts')}
  <section class="deps-panel k-panel" aria-labelledby="k-title">
    <h2 id="k-title" class="panel-title">Dependencies per prediction (k) along the text</h2>
    <svg id="k-along" class="k-along" role="img" aria-label="k of each token along the text"></svg>
  </section>
  <div class="deps-columns">
    <div class="deps-side">
      <section class="deps-panel" aria-labelledby="grid-title">
        <h2 id="grid-title" class="panel-title">Heads</h2>
        <label class="control">Colour by
          <select id="grid-stat">
            <option value="meanK" selected>mean k</option>
            <option value="meanDistance">mean distance</option>
            <option value="sinkShare">sink share</option>
          </select>
        </label>
        <svg id="head-grid" class="head-grid" role="group"
          aria-label="Layers by heads, coloured by the chosen statistic"></svg>
      </section>
      <section id="at" class="deps-panel at-panel" aria-labelledby="at-title" hidden>
        <h2 id="at-title" class="panel-title">Dependencies of the token</h2>
        <div id="at-lists" class="at-lists"></div>
      </section>
    </div>
    <section id="map" class="deps-panel map-panel" aria-labelledby="map-title">
      <h2 id="map-title" class="panel-title">Attention map</h2>
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
      <div id="map-readout" class="map-readout" aria-live="polite">
        Hover the map to read a weight; click to show the key token.</div>
    </section>
  </div>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
</main>`;
