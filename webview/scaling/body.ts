/**
 * @file The body markup of the scaling-laws view: plain constant markup (no data, no DOM use) shared by the host's
 * webview HTML, an HTML report and the view script. Every chart has a heading whose tooltip says what it shows;
 * every table sits in its own scroll box.
 */
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';

const attr = (s: string): string => s.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;');

const section = (id: string, title: string, help: string, inner: string): string => `
  <section class="scaling-section" id="${id}-section" aria-labelledby="${id}-title">
    <h2 id="${id}-title" class="panel-title" title="${attr(help)}">${title}</h2>
    ${inner}
  </section>`;

const chart = (id: string, label: string): string =>
  `<div class="chart-box"><svg id="${id}" class="scaling-chart" role="img" aria-label="${attr(label)}"></svg></div>`;

/** Containers the scaling view draws into; ids are the view's DOM contract. */
export const SCALING_BODY = `<main id="app" class="model-lens sections scaling-view">
  ${viewHeader('Waiting for a scaling-law fit…', 'Export the charts')}
  <p id="scaling-intro" class="intro">${HELP.intro}</p>
  ${section(
    'runs',
    'Final loss against training compute',
    `${HELP.compute} ${HELP.law}`,
    `<p class="note">Both axes are logarithmic. Dot size: model size N. Each line: the fitted law for one model
    size trained longer and longer. Thick line and shade: the law at the best model size for each compute, out
    to 25 times the runs\u2019 compute, with its 95% band. Beside each prediction of a held-out run: its error.
    Hover a dot, a line or a marker for its numbers.</p>
    <ul id="runs-legend" class="legend" aria-label="Datasets"></ul>
    ${chart('runs-chart', 'Final loss of each run against its compute, with the fitted laws')}`,
  )}
  ${section(
    'heldout',
    'How well the laws predict the biggest run',
    HELP.heldOut,
    `<p class="note">${HELP.heldOut}</p>
    <div class="scroll-box"><table id="heldout-table" class="scaling-table"></table></div>`,
  )}
  ${section(
    'residuals',
    'Residuals: what each law misses',
    HELP.residual,
    `<p class="note">${HELP.residual}</p>
    ${chart('residuals-chart', 'Residual of each fitted run against its compute')}`,
  )}
  ${section(
    'l2l',
    'Loss-to-loss: one dataset\u2019s loss predicts the other\u2019s',
    HELP.l2l,
    `<p id="l2l-note" class="note">${HELP.l2l} ${HELP.band}</p>
    ${chart('l2l-chart', 'Loss on one dataset against the loss on the other, with the fitted curve and its band')}
    <div class="scroll-box"><table id="l2l-table" class="scaling-table"></table></div>`,
  )}
  ${section(
    'optimal',
    'Compute-optimal model size N*(C)',
    HELP.optimal,
    `<p class="note">${HELP.optimal} Lines: N*(C) of each dataset\u2019s law, up to 20 times the runs\u2019
    compute. Dots: the sizes of the runs themselves; above the line, a run was bigger than its budget\u2019s best.</p>
    ${chart('optimal-chart', 'Compute-optimal model size against compute')}`,
  )}
  ${section(
    'params',
    'Fitted parameters',
    HELP.interval,
    `<p class="note">${HELP.interval} Hover a column name for what it means.</p>
    <p id="params-floor" class="note" hidden></p>
    <div class="scroll-box"><table id="params-table" class="scaling-table"></table></div>`,
  )}
</main>`;
