/**
 * @file The latest surprisal result of each open document, dropped when the document changes
 * (its token ranges would no longer match the text).
 */
import * as vscode from 'vscode';
import type { TokenCandidate } from '../../shared/schema';
import type { SurprisalResult } from '../../shared/surprisal';

/** A result with the document it describes. */
export interface StoredResult {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly result: SurprisalResult;
  /** Asks the engine for one token's top predictions when the result left them out (long texts). */
  readonly topAt?: TopAt;
}

/** One token's top predictions by its index in the result (undefined: the engine no longer has the run). */
export type TopAt = (index: number) => Promise<readonly TokenCandidate[] | undefined>;

/** Results by document URI; fires when one is set or dropped. */
export class SurprisalStore implements vscode.Disposable {
  private readonly results = new Map<string, StoredResult>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length > 0) this.delete(e.document.uri);
  });
  /** Fires with the URI whose result changed. */
  readonly onDidChange = this.emitter.event;

  /** Stores the result for a document at a version, with the way to its top predictions when it has none. */
  set(document: vscode.TextDocument, result: SurprisalResult, topAt?: TopAt): void {
    const stored = { uri: document.uri, version: document.version, result, ...(topAt !== undefined ? { topAt } : {}) };
    this.results.set(document.uri.toString(), stored);
    this.emitter.fire(document.uri);
  }

  /** The result for a document, if it is still current. */
  get(document: vscode.TextDocument): StoredResult | undefined {
    const stored = this.results.get(document.uri.toString());
    return stored?.version === document.version ? stored : undefined;
  }

  /** The stored result for a URI, whatever its version. */
  getByUri(uri: vscode.Uri): StoredResult | undefined {
    return this.results.get(uri.toString());
  }

  /** Drops the result of a document. */
  delete(uri: vscode.Uri): void {
    if (this.results.delete(uri.toString())) this.emitter.fire(uri);
  }

  /** Drops every result. */
  clear(): void {
    for (const r of [...this.results.values()]) this.delete(r.uri);
  }

  /** Frees the listeners. */
  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
