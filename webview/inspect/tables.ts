/**
 * @file The inspector's tables: a generic header-and-rows builder with tooltips on headers, and the LoRA,
 * inputs/outputs and metadata tables built with it.
 */
import type { InspectReport, OnnxIo } from '../../src/shared/inspect';
import { sig } from '../shared/numbers';
import { HELP } from './help';

/** A header cell: its text and tooltip. */
export type Head = readonly [string, string];

/** Fills `table` with a header row and data rows (cells as text). */
export function fillTable(table: HTMLTableElement, heads: readonly Head[], rows: readonly (readonly string[])[]): void {
  const head = document.createElement('tr');
  for (const [text, title] of heads) {
    const th = head.appendChild(document.createElement('th'));
    th.textContent = text;
    th.title = title;
  }
  const body = rows.map((cells) => {
    const tr = document.createElement('tr');
    for (const c of cells) tr.appendChild(document.createElement('td')).textContent = c;
    return tr;
  });
  table.replaceChildren(head, ...body);
}

/** A shape as text: `[batch_size, 7, 32]`, or `?` when unknown. */
export const shapeText = (shape: readonly (number | string | null)[] | null | undefined): string =>
  shape === null || shape === undefined ? '?' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;

/** The LoRA modules table. */
export function loraTable(table: HTMLTableElement, r: InspectReport): void {
  const rows = (r.lora?.modules ?? []).map((m) => [
    m.module,
    String(m.rank),
    String(m.alpha),
    sig(m.scaling, 4),
    `${m.inFeatures} → ${m.outFeatures}`,
    m.params.toLocaleString('en-US'),
  ]);
  fillTable(
    table,
    [
      ['module', 'The module of the base model the adapter changes'],
      ['rank', 'r: rows of lora_A (columns of lora_B)'],
      ['alpha', 'lora_alpha (alpha_pattern where it names the module)'],
      ['scaling', 'alpha / r (alpha / √r with rsLoRA): the factor on B·A'],
      ['in → out', 'The adapted layer’s input and output features'],
      ['params', 'Elements of lora_A and lora_B: r · (in + out)'],
    ],
    rows,
  );
}

/** The inputs and outputs table. */
export function ioTable(table: HTMLTableElement, r: InspectReport): void {
  const row = (kind: string) => (io: OnnxIo) => [kind, io.name, io.dtype, shapeText(io.shape)];
  const o = r.onnx;
  fillTable(
    table,
    [
      ['', 'Input or output of the graph'],
      ['name', 'The tensor’s name in the graph'],
      ['dtype', HELP.dtype],
      ['shape', HELP.io],
    ],
    o === undefined ? [] : [...o.inputs.map(row('input')), ...o.outputs.map(row('output'))],
  );
}

/** The metadata table. */
export function metadataTable(table: HTMLTableElement, r: InspectReport): void {
  fillTable(
    table,
    [
      ['key', 'The metadata key as stored'],
      ['value', HELP.metadata],
    ],
    r.metadata.map((m) => [m.key, m.value]),
  );
}
