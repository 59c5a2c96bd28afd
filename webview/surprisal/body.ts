/**
 * @file The body markup of the surprisal view (the side panel), shared by the VS Code webview HTML,
 * the CLI's HTML report and the view script. Plain constant markup: no data is ever interpolated
 * here, no inline styles (the CSP forbids them), and no DOM use, so it compiles for Node and the browser.
 */
import { viewHeader } from '../shared/viewHeader';

/** Containers the view scripts draw into; ids and classes are the webview DOM contract. */
export const SURPRISAL_BODY = `<main id="app" class="model-lens">
  ${viewHeader('Waiting for an analysis…', 'Export the chart')}
  <section class="chart-section" aria-label="Surprisal per token">
    <svg id="chart-y-axis" class="chart-y-axis" aria-hidden="true"></svg>
    <div id="chart-scroll" class="chart-scroll">
      <svg id="surprisal-chart" class="surprisal-chart" role="img" aria-label="Surprisal of each token in bits"></svg>
    </div>
  </section>
  <section id="token-text" class="token-text" aria-label="Text coloured by surprisal"></section>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
</main>`;
