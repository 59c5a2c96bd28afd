/** @file Text made safe for HTML: the pages the extension and the CLI's reports build from strings. */

/** Escapes text for HTML element content and double-quoted attribute values (`'` is left as is). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
