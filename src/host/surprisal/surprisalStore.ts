/**
 * @file The latest surprisal result of each open document, dropped when the document changes
 * (its token ranges would no longer match the text).
 */
import * as vscode from 'vscode';
import type { SurprisalResult } from '../../shared/surprisal';

/** A result with the document it describes. */
export interface StoredResult {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly result: SurprisalResult;
}

/** Results by document URI; fires when one is set or dropped. */
export class SurprisalStore implements vscode.Disposable {
  private readonly results = new Map<string, StoredResult>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length > 0) this.delete(e.document.uri);
  });
  /** Fires with the URI whose result changed. */
  readonly onDidChange = this.emitter.event;

  /** Stores the result for a document at a version. */
  set(document: vscode.TextDocument, result: SurprisalResult): void {
    this.results.set(document.uri.toString(), { uri: document.uri, version: document.version, result });
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
