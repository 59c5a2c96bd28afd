/**
 * @file The grid form: reads what was typed and ticked, checks it by the shared schema (`readParityForm`) before
 * sending, shows the first problem beside the field at fault, says how many networks the grid trains, and posts
 * the `run` and `stop` actions. The host checks the `run` message again.
 */
import {
  PARITY_RUN_ACTION,
  PARITY_STOP_ACTION,
  formRuns,
  readParityForm,
  type ParityForm,
  type ParityFormText,
} from '../../src/shared/parityPanel';
import { byId } from '../shared/dom';
import type { MountedView } from '../shared/mountView';

// Looked up when used, not at import: the view's body is mounted after its modules load (an HTML report).
const formEl = (): HTMLFormElement => byId('grid-form', HTMLFormElement);

const text = (name: string): string => {
  const form = formEl();
  const el = form.elements.namedItem(name);
  return el instanceof HTMLInputElement ? el.value : '';
};

function typed(): ParityFormText {
  const form = formEl();
  const inits = [...form.querySelectorAll<HTMLInputElement>('input[name="inits"]')].filter((c) => c.checked);
  return {
    n: text('n'),
    k: text('k'),
    widths: text('widths'),
    samples: text('samples'),
    seeds: text('seeds'),
    sparsity: text('sparsity'),
    steps: text('steps'),
    inits: inits.map((c) => c.value),
    rewind: byId('form-rewind', HTMLInputElement).checked,
  };
}

/** Checks the form; shows its problem (marking the field) or the grid's size. The form when valid. */
function checkForm(): ParityForm | undefined {
  const form = formEl();
  const problem = byId('form-problem', HTMLElement);
  const size = byId('form-size', HTMLElement);
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const read = readParityForm(typed());
  if ('form' in read) {
    problem.hidden = true;
    const runs = formRuns(read.form);
    const cells = runs / read.form.seeds;
    const total = `${runs.toLocaleString('en-US')} networks`;
    size.textContent = `${cells} cell${cells === 1 ? '' : 's'} × ${read.form.seeds} seeds = ${total}`;
    return read.form;
  }
  problem.textContent = read.problem;
  problem.hidden = false;
  size.textContent = '';
  if (read.field !== undefined) form.querySelector(`[name="${read.field}"]`)?.setAttribute('aria-invalid', 'true');
  return undefined;
}

/** Puts a grid's values back into the form (a revived panel shows what it ran). */
export function fillForm(f: ParityForm): void {
  const form = formEl();
  const set = (name: string, value: string): void => {
    const el = form.elements.namedItem(name);
    if (el instanceof HTMLInputElement) el.value = value;
  };
  set('n', String(f.n));
  set('k', String(f.k));
  set('widths', f.widths.join(', '));
  set('samples', f.samples.map((m) => (m === 0 ? 'online' : String(m))).join(', '));
  set('seeds', String(f.seeds));
  set('sparsity', String(f.sparsity));
  set('steps', String(f.steps));
  for (const c of form.querySelectorAll<HTMLInputElement>('input[name="inits"]')) {
    c.checked = f.inits.includes(c.value as ParityForm['inits'][number]);
  }
  byId('form-rewind', HTMLInputElement).checked = f.rewind;
  checkForm();
}

/** Wires the form to `view`: typing re-checks it, Run sends it (when valid), Stop stops the grid. */
export function wireForm(view: MountedView): void {
  const form = formEl();
  form.addEventListener('input', () => void checkForm());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = checkForm();
    if (f === undefined) return;
    view.status('running', 'Starting the grid…');
    view.host.post({ type: 'action', action: PARITY_RUN_ACTION, arg: JSON.stringify(f) });
  });
  byId('stop-grid', HTMLButtonElement).addEventListener('click', () => {
    view.host.post({ type: 'action', action: PARITY_STOP_ACTION, arg: '' });
  });
  checkForm();
}
