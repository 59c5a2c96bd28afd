/**
 * @file Exports beyond one SVG chart: several live SVGs stacked into one SVG file (each with its
 * computed styles inlined, as {@link serializeSvg} does), and a canvas as PNG.
 */
import { serializeSvg, svgToPngBase64 } from './export';
import type { ExportFile } from './viewHost';

const SVG_NS = 'http://www.w3.org/2000/svg';

function size(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox.baseVal;
  const width = box && box.width > 0 ? box.width : svg.clientWidth;
  const height = box && box.height > 0 ? box.height : svg.clientHeight;
  return { width, height };
}

/**
 * Serialises `svgs` stacked top to bottom, `gap` px apart, as one standalone SVG document (each
 * chart keeps its own styles and background).
 */
export function stackSvgs(svgs: readonly SVGSVGElement[], gap = 16): string {
  return stacked(svgs, gap).text;
}

function stacked(svgs: readonly SVGSVGElement[], gap: number): { text: string; width: number; height: number } {
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const root = doc.documentElement;
  let y = 0;
  let width = 0;
  for (const svg of svgs) {
    const { width: w, height: h } = size(svg);
    const part = new DOMParser().parseFromString(serializeSvg(svg), 'image/svg+xml').documentElement;
    part.setAttribute('x', '0');
    part.setAttribute('y', String(y));
    part.setAttribute('width', String(w));
    part.setAttribute('height', String(h));
    root.appendChild(doc.importNode(part, true));
    y += h + gap;
    width = Math.max(width, w);
  }
  const height = Math.max(0, y - gap);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { text: new XMLSerializer().serializeToString(doc), width, height };
}

/** The SVG export of several charts stacked (see {@link stackSvgs}). */
export function exportSvgStack(svgs: readonly SVGSVGElement[], stem: string): ExportFile {
  return { format: 'svg', data: stackSvgs(svgs), suggestedName: `${stem}.svg` };
}

/** The PNG export of several charts stacked (see {@link stackSvgs}), drawn at `scale` times their size. */
export async function exportSvgStackPng(svgs: readonly SVGSVGElement[], stem: string, scale = 2): Promise<ExportFile> {
  const { text, width, height } = stacked(svgs, 16);
  return { format: 'png', data: await svgToPngBase64(text, width, height, scale), suggestedName: `${stem}.png` };
}

/** The PNG export of what a canvas shows now, at its backing-store resolution. */
export function exportCanvasPng(canvas: HTMLCanvasElement, stem: string): ExportFile {
  const data = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  return { format: 'png', data, suggestedName: `${stem}.png` };
}
