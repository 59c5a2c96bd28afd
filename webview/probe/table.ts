/**
 * @file The table under the length curve: exact match of each model at a few telling lengths
 * (1, the training maximum, 1.5x, 2x and the longest probed so far), and PPC's share of predicted IDs
 * equal to the rule's; every header says what its numbers measure.
 */
import type { LengthProbeResult } from '../../src/shared/lengthProbe';
import { STAT_WORDS } from '../positions/words';
import { PROBE_METHOD_WORDS } from './words';

const pct = (a: number | null | undefined): string =>
  a === null || a === undefined ? '\u2013' : `${(100 * a).toFixed(1)}%`;

function cells(row: HTMLTableRowElement, values: readonly string[], title: string): void {
  for (const v of values) Object.assign(row.insertCell(), { textContent: v, title });
}

/** Fills the table. */
export function renderProbeTable(table: HTMLTableElement, r: LengthProbeResult): void {
  table.replaceChildren();
  const max = Math.max(...r.lengths);
  const wanted = [
    ...new Set([1, r.trainMaxLength, Math.round(1.5 * r.trainMaxLength), 2 * r.trainMaxLength, max]),
  ].filter((n) => r.lengths.includes(n));
  const head = table.createTHead().insertRow();
  const th = (text: string, title: string): void => {
    Object.assign(head.appendChild(document.createElement('th')), { textContent: text, title });
  };
  th('Exact match', `${STAT_WORDS.exactMatch} Rows: the models of the task, by method.`);
  const unit = { addition: 'digits per operand', multiplication: 'digits of the long factor', copy: 'symbols' }[r.task];
  for (const n of wanted)
    th(`length ${n}`, `Problems of ${n} ${unit}${n > r.trainMaxLength ? ', longer than any seen in training' : ''}`);
  const body = table.createTBody();
  for (const m of r.curves) {
    const row = body.insertRow();
    row.dataset['method'] = m.method;
    Object.assign(row.insertCell(), {
      textContent: PROBE_METHOD_WORDS[m.method].name,
      title: `${m.model} (trained up to ${m.trainMaxLength}): ${PROBE_METHOD_WORDS[m.method].line}`,
    });
    cells(
      row,
      wanted.map((n) => pct(m.accuracy[r.lengths.indexOf(n)])),
      STAT_WORDS.exactMatch,
    );
  }
  for (const m of r.curves.filter((x) => x.idAccuracy !== undefined)) {
    const row = body.insertRow();
    row.dataset['method'] = `${m.method}-ids`;
    row.className = 'id-row';
    Object.assign(row.insertCell(), {
      textContent: `${PROBE_METHOD_WORDS[m.method].name} IDs right`,
      title: STAT_WORDS.idAccuracy,
    });
    cells(
      row,
      wanted.map((n) => pct(m.idAccuracy?.[r.lengths.indexOf(n)])),
      STAT_WORDS.idAccuracy,
    );
  }
}
