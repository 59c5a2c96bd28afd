/**
 * @file The held-out runs' predictions on the runs chart: each dataset's own law (diamonds, left of the run) and the
 * loss-to-loss law (squares, right), each with its 95% interval as a whisker and its error written beside it.
 */
import type { Prediction } from '../../src/shared/scaling';
import type { ScalingPanel } from '../../src/shared/scalingPanel';
import type { Frame } from '../shared/frame';
import { signedPercent } from './format';
import { sig } from '../shared/numbers';
import { colourOf, spreadLabels } from './scales';

/** A prediction at C: a marker at the predicted loss with its interval as a whisker, and its tooltip. */
function drawPrediction(fr: Frame, h: Prediction, mark: Mark): SVGTextElement | undefined {
  const { colour, shape, what } = mark;
  if (h.C === undefined) return undefined;
  const cx = fr.x(h.C) + mark.dx;
  const g = fr.g.append('g').attr('class', `prediction prediction-${shape}`);
  if (h.interval !== undefined) {
    g.append('line')
      .attr('x1', cx)
      .attr('x2', cx)
      .attr('y1', fr.y(h.interval[0]))
      .attr('y2', fr.y(h.interval[1]))
      .attr('stroke', colour)
      .attr('stroke-width', 2);
  }
  const s = 5;
  const y = fr.y(h.predicted);
  const d =
    shape === 'diamond'
      ? `M${cx},${y - s}L${cx + s},${y}L${cx},${y + s}L${cx - s},${y}Z`
      : `M${cx - s + 1},${y - s + 1}h${2 * s - 2}v${2 * s - 2}h${2 - 2 * s}Z`;
  g.append('path').attr('d', d).attr('fill', colour).attr('stroke', 'currentColor').attr('stroke-width', 1);
  const iv = h.interval !== undefined ? ` (95%: ${sig(h.interval[0])} to ${sig(h.interval[1])})` : '';
  const err = h.relativeError !== undefined ? `, error ${signedPercent(h.relativeError)}` : '';
  g.append('title').text(`${what}: predicted ${sig(h.predicted)}${iv}; observed ${sig(h.loss ?? NaN)}${err}`);
  if (h.relativeError === undefined) return undefined;
  // The error written beside the marker: left of the diamonds, right of the squares (spread apart afterwards).
  const label = g.append('text').attr('class', 'prediction-error').attr('y', y).attr('dy', '0.32em');
  label.attr('x', shape === 'square' ? cx + 9 : cx - 9).attr('text-anchor', shape === 'square' ? 'start' : 'end');
  return label.attr('fill', colour).text(signedPercent(h.relativeError)).node() ?? undefined;
}

/** How a prediction is marked: colour, shape, sideways offset from its run and the tooltip's words. */
interface Mark {
  readonly colour: string;
  readonly shape: 'diamond' | 'square';
  readonly dx: number;
  readonly what: string;
}

/** Moves labels of one side apart so none overlaps another. */
function spread(labels: readonly (SVGTextElement | undefined)[]): void {
  const kept = labels.filter((l): l is SVGTextElement => l !== undefined);
  const ys = spreadLabels(
    kept.map((l) => Number(l.getAttribute('y'))),
    13,
  );
  kept.forEach((l, i) => l.setAttribute('y', String(ys[i])));
}

/** Each held-out run's predictions: its own law's (diamonds, left) and the loss-to-loss law's (squares, right). */
export function drawPredictions(fr: Frame, panel: ScalingPanel): void {
  const own = panel.fits.map((f, i) =>
    f.heldOut === undefined
      ? undefined
      : drawPrediction(fr, f.heldOut, {
          colour: colourOf(i),
          shape: 'diamond',
          dx: -7 - 6 * i,
          what: `${f.dataset}, its own law`,
        }),
  );
  spread(own);
  const l = panel.l2l;
  const yi = panel.fits.findIndex((f) => f.dataset === l?.yDataset);
  if (l?.fit.heldOut === undefined || yi < 0) return;
  const what = `${l.yDataset}, loss-to-loss from ${l.xDataset}`;
  drawPrediction(fr, l.fit.heldOut, { colour: colourOf(yi), shape: 'square', dx: 7, what });
}
