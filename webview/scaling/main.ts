/**
 * @file Entry of the scaling-laws view (bundled to `dist/webview/scaling.js` and `.css`): the runs against compute
 * with the fitted laws and the held-out predictions, the held-out table, residuals, the loss-to-loss scatter,
 * N*(C) and the parameters. Charts are redrawn to the panel's width; SVG and PNG export all four charts stacked.
 */
import '../shared/base.css';
import './style.css';
import { scalingPanelKind, type ScalingPanel } from '../../src/shared/scalingPanel';
import { byId } from '../shared/dom';
import { exportSvgStack, exportSvgStackPng } from '../shared/exportCanvas';
import { mountView, renderer } from '../shared/mountView';
import { floorNote } from './format';
import { sig } from '../shared/numbers';
import { drawL2l } from './l2lChart';
import { drawOptimal, drawResiduals } from './otherCharts';
import { drawRunsChart } from './runsChart';
import { renderHeldOut, renderL2lTable, renderLegend, renderParams } from './tables';

const els = {
  summary: byId('summary', HTMLElement),
  legend: byId('runs-legend', HTMLElement),
  runs: byId('runs-chart', SVGSVGElement),
  heldOut: byId('heldout-table', HTMLTableElement),
  residuals: byId('residuals-chart', SVGSVGElement),
  l2lSection: byId('l2l-section', HTMLElement),
  l2l: byId('l2l-chart', SVGSVGElement),
  l2lTable: byId('l2l-table', HTMLTableElement),
  optimalSection: byId('optimal-section', HTMLElement),
  optimal: byId('optimal-chart', SVGSVGElement),
  params: byId('params-table', HTMLTableElement),
  floor: byId('params-floor', HTMLElement),
};

let shown: ScalingPanel | undefined;

const charts = (): SVGSVGElement[] =>
  shown === undefined
    ? []
    : [els.runs, els.residuals, ...(shown.l2l ? [els.l2l] : []), ...(els.optimalSection.hidden ? [] : [els.optimal])];

mountView({
  view: 'scaling',
  renderers: [renderer(scalingPanelKind, show)],
  chart: () => (shown === undefined ? undefined : els.runs),
  exportImage: (format, stem) =>
    format === 'svg' ? exportSvgStack(charts(), stem) : exportSvgStackPng(charts(), stem),
  onClear: clear,
});

function summaryText(p: ScalingPanel): string {
  const name =
    p.source
      .split(/[\\/]/u)
      .filter((s) => s !== '')
      .pop() ?? p.source;
  const runs = p.fits.reduce((n, f) => n + f.points.length + (f.heldOut ? 1 : 0), 0);
  const laws = p.fits.map((f) => `${f.dataset} R² ${sig(f.r2, 3)}`).join(', ');
  return `Scaling laws of ${name}: ${p.fits.length} dataset(s), ${runs} runs · ${laws}`;
}

function drawCharts(): void {
  if (shown === undefined) return;
  drawRunsChart(els.runs, shown);
  drawResiduals(els.residuals, shown);
  drawL2l(els.l2l, shown);
  drawOptimal(els.optimal, shown);
}

function show(p: ScalingPanel): void {
  shown = p;
  els.summary.textContent = summaryText(p);
  document.title = `Scaling laws · ${p.fits.map((f) => f.dataset).join(', ')}`;
  els.l2lSection.hidden = p.l2l === undefined;
  els.optimalSection.hidden = !p.fits.some((f) => f.law.kind === 'compute');
  renderLegend(els.legend, p);
  renderHeldOut(els.heldOut, p);
  renderL2lTable(els.l2lTable, p);
  renderParams(els.params, p);
  els.floor.textContent = floorNote(p.fits);
  els.floor.hidden = els.floor.textContent === '';
  drawCharts();
}

function clear(): void {
  shown = undefined;
  for (const el of [els.legend, els.heldOut, els.l2lTable, els.params, els.runs, els.residuals, els.l2l, els.optimal]) {
    el.replaceChildren();
  }
  els.summary.textContent = 'Waiting for a scaling-law fit…';
}

let lastWidth = 0;
new ResizeObserver(() => {
  const w = els.runs.parentElement?.clientWidth ?? 0;
  if (w === lastWidth) return;
  lastWidth = w;
  drawCharts();
}).observe(els.runs.parentElement ?? document.body);
