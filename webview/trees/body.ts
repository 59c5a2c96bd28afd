/**
 * @file The body markup of the decision-tree trace view: plain constant markup with no DOM use,
 * no data and no inline styles, so the host's webview HTML, an HTML report and the view script
 * (which mounts it when a host left it out) can all use it. `mountView` fills the empty toolbar.
 */
import { viewHeader } from '../shared/viewHeader';

/** Containers the trace view draws into; ids and classes are the view's DOM contract. */
export const TREES_BODY = `<main id="app" class="model-lens trees-view">
  ${viewHeader('Waiting for a prediction trace…', 'Export the tree')}
  <div class="trace-panels">
    <section class="trace-panel" aria-labelledby="top-title">
      <h2 id="top-title" class="panel-title">Top candidates</h2>
      <ol id="top" class="top-list"></ol>
    </section>
    <section class="trace-panel" aria-labelledby="steps-title">
      <h2 id="steps-title" class="panel-title">Path</h2>
      <ol id="path-steps" class="path-steps"></ol>
    </section>
  </div>
  <div id="trees" class="trees"></div>
</main>`;
