/**
 * @file The body markup of the surprisal view (the side panel), shared by the VS Code webview HTML,
 * the CLI's HTML report and the view script. Plain constant markup: no data is ever interpolated
 * here, no inline styles (the CSP forbids them), and no DOM use, so it compiles for Node and the browser.
 */
import { viewHeader } from '../shared/viewHeader';

/** What the view shows, in plain words (the "what you are seeing" line). */
export const SURPRISAL_ABOUT =
  'How unexpected each token of the file was to the model, in bits: 0 bits means it was sure, each ' +
  'extra bit means half as likely. The strip is the whole file; the chart shows the framed part (drag on ' +
  'the strip, or use the buttons). Click a bar or a line to find it in the editor.';

/** The empty state's buttons: the command each runs (the host's allowlist), its label and what it does. */
const ACTIONS: readonly (readonly [string, string, string])[] = [
  ['modelLens.analyseSurprisal', 'Analyse Surprisal', 'Score every token of the file (or selection).'],
  [
    'modelLens.showTokenDependencies',
    'Show Token Dependencies',
    'Which earlier tokens the token at the cursor depends on.',
  ],
  [
    'modelLens.showSparsityMap',
    'Show Attention-Sparsity Map',
    'How many earlier tokens each token attends to, as a map.',
  ],
  ['workbench.action.openWalkthrough', 'Walk through the views', 'A short tour of the four views on a sample file.'],
];

const buttons = ACTIONS.map(
  ([command, label, help]) =>
    `<button type="button" class="run-command" data-command="${command}" title="${help}">${label}</button>`,
).join('\n      ');

/** Containers the view scripts draw into; ids and classes are the webview DOM contract. */
export const SURPRISAL_BODY = `<main id="app" class="model-lens">
  ${viewHeader('No analysis yet', 'Export the chart')}
  <section id="empty-state" class="empty-state" aria-label="Start an analysis">
    <p id="empty-text" class="empty-text">Open a file, then start an analysis.</p>
    <div class="empty-actions">
      ${buttons}
    </div>
  </section>
  <section id="surprisal-section" class="surprisal-section" aria-label="Surprisal per token" hidden>
    <p id="about" class="about help">${SURPRISAL_ABOUT}</p>
    <svg id="surprisal-overview" class="surprisal-overview" role="img"
      aria-label="The whole file: mean surprisal of each stretch of tokens"></svg>
    <div class="chart-nav" role="toolbar" aria-label="Choose the tokens the chart shows">
      <button type="button" id="zoom-out" title="Show more tokens">−</button>
      <button type="button" id="zoom-in" title="Show fewer tokens, wider bars">+</button>
      <button type="button" id="pan-back" title="Earlier tokens">◀</button>
      <button type="button" id="pan-on" title="Later tokens">▶</button>
      <span id="window-label" class="window-label"></span>
    </div>
    <div id="chart-box" class="chart-box">
      <svg id="surprisal-chart" class="surprisal-chart" role="img" aria-label="Surprisal of each token in bits"></svg>
    </div>
    <section class="top-lines" aria-label="Most surprising lines">
      <h2 class="panel-title" title="Lines ranked by the total surprisal of their tokens; the mean per token beside it.
A long unusual line ranks high; a line of one odd token has a high mean.">Most surprising lines</h2>
      <ol id="top-lines" class="top-lines-list"></ol>
    </section>
    <h2 class="panel-title">Text of the tokens in the chart</h2>
    <section id="token-text" class="token-text" aria-label="Text coloured by surprisal"></section>
  </section>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
</main>`;
