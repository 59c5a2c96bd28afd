/**
 * @file DOM pieces every view uses: finding its containers, showing a status message, and placing
 * a tooltip.
 */
import type { StatusNotification } from '../../src/shared/messages';

/** The element with `id`, which must be of `type`; throws naming the missing container. */
export function byId<T extends Element>(id: string, type: abstract new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`Model Lens view: #${id} is missing.`);
  return el;
}

/** Shows a status message in `status` (hidden when empty) and marks `#app` busy while running. */
export function showStatusIn(status: HTMLElement, message: StatusNotification): void {
  status.textContent = message.message;
  status.dataset['state'] = message.state;
  status.hidden = message.message === '';
  document.getElementById('app')?.setAttribute('aria-busy', String(message.state === 'running'));
}

/** A `<dt>`/`<dd>` pair of a statistics list, both with `help` as their tooltip. */
export function statEntry(label: string, value: string, help: string): HTMLElement[] {
  const dt = document.createElement('dt');
  dt.textContent = label;
  dt.title = help;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dd.title = help;
  return [dt, dd];
}

/**
 * Shows the fixed-position `tooltip` beside the pointer at client (`x`, `y`): right of and below
 * it, or above it when there is no room below, always inside the window (styles set by CSSOM).
 */
export function placeTooltip(tooltip: HTMLElement, x: number, y: number): void {
  tooltip.hidden = false;
  const { width, height } = tooltip.getBoundingClientRect();
  const left = Math.min(x + 12, window.innerWidth - width - 4);
  const top = y + 16 + height > window.innerHeight ? y - height - 8 : y + 16;
  tooltip.style.left = `${Math.max(4, left)}px`;
  tooltip.style.top = `${Math.max(4, top)}px`;
}
