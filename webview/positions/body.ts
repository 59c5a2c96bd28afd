/**
 * @file The body markup of the positions view (position IDs of a problem, the model's answer as
 * written and as a number, the attention of a chosen token), shared by the VS Code panel, the CLI's
 * HTML report and the view script: constant markup, no data, no DOM use. The length-generalization
 * probe has its own view (`webview/probe`).
 */
import { viewHeader } from '../shared/viewHeader';

const WAITING = 'Select a problem (e.g. 48213+9077=) and run Show Position IDs.';

/** Containers the positions view draws into; ids are the view's DOM contract. */
export const POSITIONS_BODY = `<main id="app" class="model-lens positions-view">
  ${viewHeader(WAITING, 'Export the shown result')}
  <p id="what" class="what">What you are seeing: each token of the problem with its position ID. A model that
    reads positions by ID writes the answer one digit at a time; this panel shows the IDs it used and its answer.</p>
  <section id="answer-section" class="positions-section" aria-labelledby="answer-title" hidden>
    <h2 id="answer-title" class="panel-title">Answer</h2>
    <p id="answer-written" class="answer-line"></p>
    <p id="answer-number" class="answer-line"></p>
  </section>
  <section id="ids-section" class="positions-section" aria-labelledby="ids-title" hidden>
    <h2 id="ids-title" class="panel-title">Tokens and position IDs</h2>
    <p id="ids-note" class="note"></p>
    <div class="ids-scroll"><table id="ids" class="ids-table"></table></div>
  </section>
  <section id="attention-section" class="positions-section" aria-labelledby="attention-title" hidden>
    <h2 id="attention-title" class="panel-title">Attention of the chosen answer token</h2>
    <p class="note">Click a token in the table to choose it. Each bar is how much the token attends to an
      earlier one (taller = more); bars of tokens with the same rule ID are coloured.</p>
    <label>Layer <select id="attention-layer" title="Which layer of the model"></select></label>
    <label>Head <select id="attention-head" title="One attention head, or the mean of all heads"></select></label>
    <p id="attention-note" class="note"></p>
    <div class="ids-scroll"><svg id="attention" class="attention-strip" role="img"
      aria-label="Attention of the chosen token over the tokens before it"></svg></div>
  </section>
  <section id="methods-section" class="positions-section methods" aria-labelledby="methods-title">
    <h2 id="methods-title" class="panel-title">Words used here</h2>
    <ul id="methods" class="method-list"></ul>
  </section>
</main>`;
