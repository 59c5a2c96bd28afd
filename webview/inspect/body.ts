/**
 * @file The body markup of the model-file inspector: the summary line, the Analyse buttons, parameter counts,
 * the LoRA table, the ONNX inputs/outputs and layer graph, the tensor tree with its filter, and the metadata.
 * Plain markup with no DOM use (the host's webview, the CLI's reports and the view script share it).
 */
import { attr, labChart, labSection } from '../shared/labMarkup';
import { viewHeader } from '../shared/viewHeader';
import { HELP } from './help';

const section = (id: string, title: string, help: string, inner: string): string =>
  labSection(id, title, help, inner, { hidden: true });

/** A table that scrolls sideways inside its box when wider than the view. */
const scrollTable = (id: string, extra = ''): string =>
  `<div class="scroll-box"><table id="${id}" class="grid${extra}"></table></div>`;

/** Containers the inspector view draws into; ids are the view's DOM contract. */
export const INSPECT_BODY = `<main id="app" class="model-lens sections lab-view inspect-view">
  ${viewHeader('Waiting for a model file…', 'Export the layer graph')}
  <p id="reading" class="reading" aria-live="polite"></p>
  <p class="intro">${HELP.intro}</p>
  <div id="routes" class="routes" role="group" aria-label="Analyse with" title="${attr(HELP.routes)}"></div>
  <dl id="counts" class="counts" title="${attr(HELP.params)}"></dl>
  ${section('lora', 'LoRA modules', HELP.lora, scrollTable('lora-table'))}
  ${section(
    'io',
    'Inputs and outputs',
    HELP.io,
    `<p id="exposed" class="note" title="${attr(HELP.exposed)}"></p>${scrollTable('io-table')}`,
  )}
  ${section('graph', 'Layer graph', HELP.graph, labChart('graph-chart', 'Node groups of the graph and data flow'))}
  ${section(
    'tree',
    'Tensors',
    HELP.tree,
    `<input id="tree-filter" type="search" placeholder="Filter tensor names" title="${attr(HELP.filter)}">
    ${scrollTable('tree-table', ' tree')}`,
  )}
  ${section('metadata', 'Metadata', HELP.metadata, scrollTable('metadata-table'))}
</main>`;
