/**
 * @file The body markup of the LoRA composition view: plain constant markup (no data, no inline
 * styles, no DOM use) shared by the host's webview HTML, an HTML report and the view script. The
 * export buttons are added to `#toolbar` by `mountView`. Every table sits in its own scroll box, so a
 * narrow panel scrolls the table, never the page.
 */
import { STAT_HELP } from '../../src/shared/loraHelp';
import { viewHeader } from '../shared/viewHeader';

const INTRO =
  'What you are seeing: LoRA adapters, each trained for one skill, combined in several ways and scored on a ' +
  'task that needs all the skills at once. Each bar is one configuration: the share of test prompts it answers ' +
  'exactly right. The base model, each adapter alone and an adapter trained on the mixed data are the baselines.';

const LEGEND = [
  ['base', 'base model'],
  ['adapter', 'one adapter alone'],
  ['mix', 'data-mix adapter'],
  ['merge', 'merged adapters'],
]
  .map(([k, t]) => `<li><span class="swatch swatch-${k}"></span>${t}</li>`)
  .join('');

const attr = (s: string): string => s.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;');

/** Containers the composition view draws into; ids are the view's DOM contract. */
export const LORA_BODY = `<main id="app" class="model-lens lora-view">
  ${viewHeader('Waiting for a LoRA composition…', 'Export the scores')}
  <p id="lora-intro" class="intro">${INTRO}</p>
  <section class="lora-section" aria-labelledby="scores-title">
    <h2 id="scores-title" class="panel-title" title="${attr(STAT_HELP.exactMatch)}">Exact match on the target
      test split</h2>
    <ul class="legend" aria-label="Bar colours">${LEGEND}</ul>
    <div class="chart-box"><svg id="bars" class="lora-bars" role="img"
      aria-label="Exact match per configuration"></svg></div>
    <div class="scroll-box"><table id="scores" class="lora-table"></table></div>
    <h3 class="sub-title">What the methods do</h3>
    <dl id="methods" class="lora-methods"></dl>
  </section>
  <div class="lora-panels">
    <section class="lora-section" aria-labelledby="cat-title">
      <h2 id="cat-title" class="panel-title">CAT weights: how much of each adapter each layer adds</h2>
      <p id="cat-note" class="note"></p>
      <p id="cat-why" class="why" hidden></p>
      <div id="cat-heatmaps" class="heatmaps"></div>
    </section>
    <section class="lora-section" aria-labelledby="layers-title">
      <h2 id="layers-title" class="panel-title">How the adapters' updates meet, layer by layer</h2>
      <p class="note">${STAT_HELP.cosine} ${STAT_HELP.conflicts}</p>
      <div class="scroll-box"><table id="layers" class="lora-table"></table></div>
    </section>
  </div>
  <section class="lora-section" aria-labelledby="examples-title">
    <h2 id="examples-title" class="panel-title">Answers to the first test items</h2>
    <p class="note">Green: the answer equals the expected one. ↵ is a line break, ␣ a space.</p>
    <div class="scroll-box"><table id="examples" class="lora-table examples"></table></div>
  </section>
</main>`;
