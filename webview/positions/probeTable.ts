/**
 * @file The table under the length curve: exact match of each method at a few telling lengths
 * (1, the training maximum, 1.5×, 2× and the longest probed).
 */
import type { LengthProbeResult } from '../../src/shared/positions';

/** Fills the table. */
export function renderProbeTable(table: HTMLTableElement, r: LengthProbeResult): void {
  table.replaceChildren();
  const max = Math.max(...r.lengths);
  const wanted = [
    ...new Set([1, r.trainMaxLength, Math.round(1.5 * r.trainMaxLength), 2 * r.trainMaxLength, max]),
  ].filter((n) => r.lengths.includes(n));
  const head = table.createTHead().insertRow();
  for (const h of ['Method', ...wanted.map((n) => `length ${n}`)])
    head.appendChild(document.createElement('th')).textContent = h;
  const body = table.createTBody();
  for (const m of r.methods) {
    const row = body.insertRow();
    row.dataset['method'] = m.name;
    row.insertCell().textContent = `${m.name} (${m.mode})`;
    for (const n of wanted) {
      const a = m.accuracy[r.lengths.indexOf(n)];
      row.insertCell().textContent = a === null || a === undefined ? '–' : `${(100 * a).toFixed(1)}%`;
    }
  }
}
