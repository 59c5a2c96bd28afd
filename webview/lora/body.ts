/**
 * @file The body markup of the LoRA composition view: plain constant markup (no data, no inline
 * styles, no DOM use) shared by the host's webview HTML, an HTML report and the view script. The
 * export buttons are added to `#toolbar` by `mountView`.
 */
import { viewHeader } from '../shared/viewHeader';

/** Containers the composition view draws into; ids are the view's DOM contract. */
export const LORA_BODY = `<main id="app" class="model-lens lora-view">
  ${viewHeader('Waiting for a LoRA composition…', 'Export the scores')}
  <section class="lora-section" aria-labelledby="scores-title">
    <h2 id="scores-title" class="panel-title">Exact match on the target test split</h2>
    <svg id="bars" class="lora-bars" role="img" aria-label="Exact match per configuration"></svg>
    <table id="scores" class="lora-table"></table>
  </section>
  <div class="lora-panels">
    <section class="lora-section" aria-labelledby="cat-title">
      <h2 id="cat-title" class="panel-title">CAT weights (layer × LoRA)</h2>
      <p id="cat-note" class="note"></p>
      <svg id="cat-heatmap" class="lora-heatmap" role="img"
        aria-label="Learned CAT weight of each LoRA in each layer"></svg>
    </section>
    <section class="lora-section" aria-labelledby="layers-title">
      <h2 id="layers-title" class="panel-title">Adapters per layer: cosine of updates, TIES sign conflicts</h2>
      <table id="layers" class="lora-table"></table>
    </section>
  </div>
  <section class="lora-section" aria-labelledby="examples-title">
    <h2 id="examples-title" class="panel-title">Answers to the first test items</h2>
    <table id="examples" class="lora-table"></table>
  </section>
</main>`;
