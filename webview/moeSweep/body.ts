/**
 * @file The body markup of the Memorization vs Reasoning view: the one-line reading, the re-measure form, the
 * headline checks, the legend and a titled section per task with its two charts. Plain constant markup shared by
 * the host's webview HTML and the CLI's reports.
 */
import { SAMPLE } from '../../src/shared/moeSweep';
import { attr, labChart, labSection } from '../shared/labMarkup';
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';

const FORM = `<form id="remeasure-form" class="remeasure-form" novalidate>
    <label class="field" title="${attr(HELP.sample)}"><span>Items per model</span>
      <input id="sample" name="sample" type="text" size="6" value="${SAMPLE.default}" spellcheck="false"></label>
    <button type="submit" id="remeasure" class="primary">Re-measure on a sample</button>
    <span id="form-problem" class="form-problem" role="alert" hidden></span>
  </form>`;

const charts = (task: string, what: string): string => `<div class="chart-pair">
      ${labChart(`${task}-total`, `${what} accuracy against total parameters`)}
      ${labChart(`${task}-active`, `${what} accuracy against active parameters`)}
    </div>`;

const section = (id: string, title: string, help: string, inner: string): string =>
  labSection(id, title, help, inner, { note: true });

/** Containers the view draws into; ids are the view's DOM contract. */
export const MOE_SWEEP_BODY = `<main id="app" class="model-lens sections lab-view moe-sweep-view">
  ${viewHeader('Memorization vs reasoning: waiting for the zoo sweep', 'Export the charts')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  ${FORM}
  <ul id="checks" class="checks" title="${attr(HELP.checks)}" aria-label="Headline checks"></ul>
  <ul id="legend" class="legend" aria-label="Marks"></ul>
  ${section('phonebook', 'Phone book: memorization', HELP.phonebook, charts('phonebook', 'Phone-book'))}
  ${section('paths', 'Length-2 paths: reasoning', HELP.paths, charts('paths', 'Path'))}
</main>`;
