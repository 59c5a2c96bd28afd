/**
 * @file Pointer handling shared by the chart and the token strip: one delegated listener per container
 * (not one per token, which matters at 16k tokens), keyed by the `data-index` of the element under the pointer.
 */

/** What the view does when the pointer meets a token. */
export interface TokenHandlers {
  /** The pointer is over token `index`. */
  hover(index: number, event: MouseEvent): void;
  /** The pointer left every token. */
  leave(): void;
  /** Token `index` was clicked. */
  select(index: number): void;
}

/** The token index of the element under `target`, if any. */
export function tokenIndexAt(target: EventTarget | null): number | undefined {
  if (!(target instanceof Element)) return undefined;
  const raw = target.closest('[data-index]')?.getAttribute('data-index');
  const index = raw === null || raw === undefined ? NaN : Number(raw);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

/** Sends pointer events inside `root` to `handlers`. */
export function bindTokenEvents(root: Element, handlers: TokenHandlers): void {
  root.addEventListener('mousemove', (event) => {
    if (!(event instanceof MouseEvent)) return;
    const index = tokenIndexAt(event.target);
    if (index === undefined) handlers.leave();
    else handlers.hover(index, event);
  });
  root.addEventListener('mouseleave', () => handlers.leave());
  root.addEventListener('click', (event) => {
    const index = tokenIndexAt(event.target);
    if (index !== undefined) handlers.select(index);
  });
}
