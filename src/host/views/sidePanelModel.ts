/**
 * @file What the side panel shows, without VS Code: the latest result of each kind per document (by uri),
 * which document is in view, the messages that bring a (re)loaded webview up to date, and a size-bounded
 * copy for the workspace state, so the panel follows the active editor and comes back after a reload.
 */
import {
  SidePanelCommandSchema,
  ShowSchema,
  messageSize,
  type ShowNotification,
  type StatusNotification,
  type ToWebview,
} from '../../shared/messages';
import { check, v } from '../../shared/schema';

/** A document as the side panel knows it: its uri (the key) and the name shown in the panel. */
export interface PanelDocument {
  readonly uri: string;
  readonly name: string;
}

interface Entry {
  readonly name: string;
  readonly shown: Map<string, ShowNotification>;
}

/** Documents whose results are kept at most (the least recently shown are forgotten first). */
export const MAX_DOCUMENTS = 16;
/** About how many bytes of results {@link SidePanelModel.snapshot} keeps for the next window. */
export const MAX_SAVED_BYTES = 4 * 1024 * 1024;

const SavedSchema = v.object({
  version: v.literal(1),
  current: v.optional(v.string()),
  documents: v.array(v.object({ uri: v.string(), name: v.string(), shown: v.array(ShowSchema) })),
});
/** The panel's results as saved in the workspace state. */
export type SavedPanel = v.InferOutput<typeof SavedSchema>;

/** The walkthrough the empty panel's "Walk through the views" button opens. */
export const WALKTHROUGH_ID = 'model-lens.model-lens#modelLens.gettingStarted';

/** The command (with its arguments) a panel button asks for, or undefined when `id` is not on the allowlist. */
export function panelCommand(id: string): { command: string; args: unknown[] } | undefined {
  const checked = check(SidePanelCommandSchema, id);
  if (!checked.ok) return undefined;
  return { command: checked.value, args: checked.value === 'workbench.action.openWalkthrough' ? [WALKTHROUGH_ID] : [] };
}

/** The side panel's results per document and the document in view; each method returns what to post now. */
export class SidePanelModel {
  private readonly documents = new Map<string, Entry>();
  private current: PanelDocument | undefined;

  /** The document in view, if any. */
  get shownDocument(): PanelDocument | undefined {
    return this.current;
  }

  /**
   * A result (kept as the latest of its kind for `doc`; shown now when `doc` is in view, or nothing is) or a
   * status line. A result of a document whose editor is no longer active waits for that editor to come back.
   */
  post(message: ShowNotification | StatusNotification, doc: PanelDocument | undefined): ToWebview[] {
    if (message.type === 'status' || doc === undefined) return [message];
    const entry = this.documents.get(doc.uri) ?? { name: doc.name, shown: new Map<string, ShowNotification>() };
    entry.shown.set(message.kind, message);
    this.documents.delete(doc.uri);
    this.documents.set(doc.uri, { ...entry, name: doc.name });
    while (this.documents.size > MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value ?? '');
    if (this.current === undefined) return this.focus(doc);
    return this.current.uri === doc.uri ? [message] : [];
  }

  /** Forgets the results of `doc`, or of every document when it is undefined (Clear Decorations). */
  clear(doc?: PanelDocument): ToWebview[] {
    if (doc === undefined) this.documents.clear();
    else this.documents.delete(doc.uri);
    if (doc !== undefined && doc.uri !== this.current?.uri) return [];
    return [this.clearMessage()];
  }

  /** The active editor changed: `doc` comes into view (undefined: no text editor, the panel keeps its document). */
  focus(doc: PanelDocument | undefined): ToWebview[] {
    if (doc === undefined || doc.uri === this.current?.uri) return [];
    this.current = doc;
    return this.replay();
  }

  /** Everything a freshly loaded view is sent: a clear naming the document in view, then its results. */
  replay(): ToWebview[] {
    const entry = this.current === undefined ? undefined : this.documents.get(this.current.uri);
    return [this.clearMessage(), ...(entry?.shown.values() ?? [])];
  }

  private clearMessage(): ToWebview {
    return this.current === undefined ? { type: 'clear' } : { type: 'clear', source: this.current.name };
  }

  /** A copy for the workspace state: the most recent documents' results while they fit in `maxBytes`. */
  snapshot(maxBytes = MAX_SAVED_BYTES): SavedPanel {
    const documents: SavedPanel['documents'] = [];
    let budget = maxBytes;
    for (const [uri, entry] of [...this.documents].reverse()) {
      const shown: ShowNotification[] = [];
      for (const message of entry.shown.values()) {
        const size = messageSize(message, budget);
        if (size <= budget) {
          shown.push(message);
          budget -= size;
        }
      }
      if (shown.length > 0) documents.unshift({ uri, name: entry.name, shown });
    }
    return { version: 1, ...(this.current !== undefined ? { current: this.current.uri } : {}), documents };
  }

  /** Takes back a {@link snapshot} (anything malformed is ignored); the saved document comes into view. */
  restore(raw: unknown): void {
    const saved = check(SavedSchema, raw);
    if (!saved.ok) return;
    for (const d of saved.value.documents) {
      this.documents.set(d.uri, { name: d.name, shown: new Map(d.shown.map((m) => [m.kind, m])) });
    }
    const current = saved.value.documents.find((d) => d.uri === saved.value.current);
    if (current !== undefined) this.current = { uri: current.uri, name: current.name };
  }
}
