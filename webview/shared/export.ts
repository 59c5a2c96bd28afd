/**
 * @file Chart export: SVG text with the page's computed styles inlined as presentation attributes
 * (so the file looks the same outside the view), PNG drawn from that SVG on a canvas, and JSON.
 */
import type { ExportFile } from './viewHost';

/** Style properties copied from the live chart onto the exported SVG. */
const INLINED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linejoin',
  'paint-order',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'shape-rendering',
] as const;

/** Canvas sides above this are refused by some browsers; PNGs are scaled down to fit. */
const MAX_CANVAS_SIDE = 16_384;

/**
 * Copies computed styles onto the copy: always where the element has the attribute (d3 axes write
 * `currentColor`, which means nothing outside the page), otherwise where the value differs from what
 * the element inherits (all of these inherit in SVG but `opacity`).
 */
function inlineStyles(live: Element, copy: Element): void {
  const style = getComputedStyle(live);
  const parent =
    live instanceof SVGSVGElement || !live.parentElement ? undefined : getComputedStyle(live.parentElement);
  for (const prop of INLINED) {
    const value = style.getPropertyValue(prop);
    const inherited = prop === 'opacity' ? '1' : parent?.getPropertyValue(prop);
    if (value !== '' && (copy.hasAttribute(prop) || value !== inherited)) copy.setAttribute(prop, value);
  }
}

function addBackground(copy: SVGSVGElement, colour: string): void {
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', colour);
  copy.insertBefore(rect, copy.firstChild);
}

/**
 * Serialises `svg` as a standalone SVG document: computed styles of every element become
 * attributes and the page background is painted behind the chart.
 */
export function serializeSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  live.forEach((el, i) => {
    const target = copies[i];
    if (target && !(el instanceof SVGTitleElement)) inlineStyles(el, target);
  });
  copy.removeAttribute('class');
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  addBackground(copy, getComputedStyle(document.body).backgroundColor || '#ffffff');
  return new XMLSerializer().serializeToString(copy);
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    img.src = src;
  });
}

function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Draws SVG text of size `width`×`height` on a canvas at `scale` (shrunk to fit the largest canvas)
 * and returns the PNG as base64, without the `data:` prefix.
 */
export async function svgToPngBase64(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  const fit = Math.min(scale, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height);
  const img = await loadImage(`data:image/svg+xml;base64,${utf8Base64(svgText)}`);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * fit));
  canvas.height = Math.max(1, Math.round(height * fit));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This page cannot draw on a canvas.');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** The file name stem for exports of `source` (its base name without directories). */
export function exportStem(source: string, analysis: string): string {
  const base = source.split(/[\\/]/).pop() ?? '';
  return `${base || 'model-lens'}.${analysis}`;
}

/** Builds the export of `svg` (or of `data`, for JSON) in `format`. */
export async function exportChart(
  format: ExportFile['format'],
  svg: SVGSVGElement,
  data: unknown,
  stem: string,
): Promise<ExportFile> {
  const suggestedName = `${stem}.${format}`;
  if (format === 'json') return { format, data: JSON.stringify(data, null, 2), suggestedName };
  const text = serializeSvg(svg);
  if (format === 'svg') return { format, data: text, suggestedName };
  const { width, height } = svg.viewBox.baseVal;
  return { format, data: await svgToPngBase64(text, width, height), suggestedName };
}
