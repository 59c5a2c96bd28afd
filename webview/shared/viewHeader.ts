/**
 * @file The top of every view's body: the summary line (which says what the view shows, or what it
 * waits for), the empty toolbar that `mountView` fills with export buttons, and the status line.
 * Plain markup with no DOM use, so the host and the CLI's reports build pages from it too.
 */

/** The header and status markup every view body starts with: `waiting` is the summary's first text. */
export function viewHeader(waiting: string, toolbarLabel: string): string {
  return `<header class="view-header">
    <h1 id="summary" class="summary" aria-live="polite">${waiting}</h1>
    <div id="toolbar" class="toolbar" role="toolbar" aria-label="${toolbarLabel}"></div>
  </header>
  <div id="status" class="status" role="status" aria-live="polite" hidden></div>`;
}
