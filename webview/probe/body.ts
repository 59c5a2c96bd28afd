/**
 * @file The body markup of the probe view (the length-generalization probe: exact match against
 * problem length for every model of a task, and against longest carry chain), shared by the VS Code
 * panel, the CLI's HTML report and the view script: constant markup, no data, no DOM use.
 */
import { viewHeader } from '../shared/viewHeader';

const WAITING = 'Length Generalization Probe: run the command Model Lens: Length Generalization Probe.';

/** Containers the probe view draws into; ids are the view's DOM contract. */
export const PROBE_BODY = `<main id="app" class="model-lens probe-view">
  ${viewHeader(WAITING, 'Export the curves')}
  <p id="what" class="what">What you are seeing: how often each model of the task gets the whole answer right
    (exact match) as problems grow longer than any it was trained on, one line per model on the same problems;
    dashed lines mark each training length and twice it. Below, the same answers by longest carry chain. Hover a
    point for its problems and 95% interval.</p>
  <p id="probe-progress" class="note" hidden></p>
  <section id="probe-section" class="probe-section" aria-labelledby="probe-title" hidden>
    <h2 id="probe-title" class="panel-title">Exact match against problem length</h2>
    <div id="probe-box" class="probe-box"><svg id="probe" class="probe-chart" role="img"
      aria-label="Exact match against problem length per model"></svg></div>
    <div id="chain-part" hidden>
      <h2 id="chain-title" class="panel-title">Exact match against longest carry chain</h2>
      <p id="chain-what" class="note"></p>
      <label class="chain-control">Lengths
        <select id="chain-lengths" title="Which problem lengths the chain chart counts: every length probed, or only
          those longer than each model was trained on">
          <option value="all" selected>all</option>
          <option value="past">past training</option>
        </select>
      </label>
      <div id="chain-box" class="probe-box"><svg id="chains" class="probe-chart" role="img"
        aria-label="Exact match against longest carry chain per model"></svg></div>
    </div>
    <h2 class="panel-title">At a few lengths</h2>
    <p class="note">Exact match: the share of problems whose whole answer is right. PPC IDs right: the share of
      answer tokens whose predicted position ID equals the rule's. Hover a number for more.</p>
    <div class="probe-scroll"><table id="probe-table" class="probe-table"></table></div>
  </section>
  <section class="methods" aria-labelledby="methods-title">
    <h2 id="methods-title" class="panel-title">Words used here</h2>
    <ul id="methods" class="method-list"></ul>
  </section>
</main>`;
