/**
 * @file The body markup every Model Lens view starts from, shared by the VS Code webview HTML,
 * the CLI's HTML report and the view scripts (which mount it when a host left it out).
 * Plain constant markup: no data is ever interpolated here, no inline styles (the CSP forbids them),
 * and no imports, so it compiles for Node and for the browser alike.
 */

/** Containers the view scripts draw into; ids and classes are the webview DOM contract. */
export const VIEW_BODY = `<main id="app" class="model-lens">
  <header class="view-header">
    <h1 id="summary" class="summary" aria-live="polite">Waiting for an analysis…</h1>
    <div id="toolbar" class="toolbar" role="toolbar" aria-label="Export the chart">
      <button type="button" id="export-svg" class="export" data-format="svg" title="Save the chart as SVG" disabled>SVG</button>
      <button type="button" id="export-png" class="export" data-format="png" title="Save the chart as PNG" disabled>PNG</button>
      <button type="button" id="export-json" class="export" data-format="json" title="Save the result as JSON" disabled>JSON</button>
    </div>
  </header>
  <div id="status" class="status" role="status" aria-live="polite" hidden></div>
  <section class="chart-section" aria-label="Surprisal per token">
    <svg id="chart-y-axis" class="chart-y-axis" aria-hidden="true"></svg>
    <div id="chart-scroll" class="chart-scroll">
      <svg id="surprisal-chart" class="surprisal-chart" role="img" aria-label="Surprisal of each token in bits"></svg>
    </div>
  </section>
  <section id="token-text" class="token-text" aria-label="Text coloured by surprisal"></section>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
</main>`;
