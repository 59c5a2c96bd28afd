/**
 * @file DOM pieces every view uses: finding its containers, and showing a status message.
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
