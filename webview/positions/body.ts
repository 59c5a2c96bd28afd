/**
 * @file The body markup of the positions view (position IDs of a problem, the attention of a
 * chosen token, and the length-generalization curve), shared by the VS Code panel, the CLI's HTML
 * report and the view script: constant markup, no data, no DOM use.
 */
import { viewHeader } from '../shared/viewHeader';

const WAITING =
  'Select a problem (e.g. 48213+9077=) and run Show Position IDs, or run the Length Generalization Probe.';

/** Containers the positions view draws into; ids are the view's DOM contract. */
export const POSITIONS_BODY = `<main id="app" class="model-lens positions-view">
  ${viewHeader(WAITING, 'Export the shown result')}
  <section id="ids-section" class="positions-section" aria-labelledby="ids-title" hidden>
    <h2 id="ids-title" class="panel-title">Tokens and position IDs</h2>
    <p id="ids-note" class="note"></p>
    <div class="ids-scroll"><table id="ids" class="ids-table"></table></div>
  </section>
  <section id="attention-section" class="positions-section" aria-labelledby="attention-title" hidden>
    <h2 id="attention-title" class="panel-title">Attention of the chosen answer token</h2>
    <label>Layer <select id="attention-layer"></select></label>
    <label>Head <select id="attention-head"></select></label>
    <p id="attention-note" class="note"></p>
    <div class="ids-scroll"><svg id="attention" class="attention-strip" role="img"
      aria-label="Attention of the chosen token over the tokens before it"></svg></div>
  </section>
  <section id="probe-section" class="positions-section" aria-labelledby="probe-title" hidden>
    <h2 id="probe-title" class="panel-title">Exact match against length</h2>
    <svg id="probe" class="probe-chart" role="img" aria-label="Exact match against problem length per method"></svg>
    <table id="probe-table" class="ids-table"></table>
  </section>
</main>`;
