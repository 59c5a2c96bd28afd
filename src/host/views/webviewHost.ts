/**
 * @file What the side panel and the editor panels share: the page of a view (from the VIEWS table),
 * the ready/replay handshake, checking every message from the webview by schema, revealing clicked
 * ranges, saving exports, a view's own actions, and disposal in one place.
 */
import * as vscode from 'vscode';
import { FromWebviewSchema, type FromWebview, type ToWebview } from '../../shared/messages';
import { check } from '../../shared/schema';
import { VIEWS, type ViewId } from '../../../webview/views';
import { revealInEditor } from '../editor/reveal';
import { saveExport } from './saveExport';
import { makeNonce, webviewHtml } from './webviewHtml';

/** A message a view is sent. */
export type ViewMessage = ToWebview;

/** A view's own actions (e.g. `saveMerged`), by name; the argument arrives checked for size only. */
export type ViewActions = Readonly<Record<string, (arg: string) => void>>;

/** A webview showing one view, with the messages it was last sent replayed when it (re)loads. */
export abstract class WebviewHost implements vscode.Disposable {
  private webview: vscode.Webview | undefined;
  private ready = false;
  private readonly last = new Map<string, ViewMessage>();
  /** The analysed document, whose ranges clicks reveal. */
  protected source: vscode.Uri | undefined;
  private readonly listeners: vscode.Disposable[] = [];

  /** `extensionUri` locates the bundles; `actions` handle the view's own commands. */
  constructor(
    protected readonly extensionUri: vscode.Uri,
    protected readonly view: ViewId,
    private readonly actions: ViewActions = {},
  ) {}

  /** Sends a message about the document `source` now, or once the view is ready; it is replayed on reload. */
  protected send(message: ViewMessage, source?: vscode.Uri): void {
    if (message.type === 'clear') this.last.clear();
    else this.last.set(message.type === 'show' ? `show:${message.kind}` : message.type, message);
    if (source !== undefined) this.source = source;
    if (this.webview !== undefined && this.ready) void this.webview.postMessage(message);
  }

  /** What a (re)loaded view is sent when it says `ready`: by default the last message of each kind. */
  protected replayed(): readonly ViewMessage[] {
    return [...this.last.values()];
  }

  /** Options of a webview that shows this view's bundle. */
  protected webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.bundleRoot()] };
  }

  /** Fills `webview` with the view's page and listens to it. */
  protected attach(webview: vscode.Webview, reveal: vscode.TextDocumentShowOptions): void {
    this.detach();
    this.webview = webview;
    const uri = (ext: string): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.bundleRoot(), `${this.view}.${ext}`)).toString();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('js'),
      styleUri: uri('css'),
      nonce: makeNonce(),
      title: VIEWS[this.view].title,
      body: VIEWS[this.view].body,
    });
    this.listeners.push(webview.onDidReceiveMessage((m: unknown) => void this.receive(m, reveal)));
  }

  /** Forgets the webview (it was closed); messages wait for the next one. */
  protected detach(): void {
    this.webview = undefined;
    this.ready = false;
    for (const l of this.listeners.splice(0)) l.dispose();
  }

  private bundleRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
  }

  private async receive(raw: unknown, reveal: vscode.TextDocumentShowOptions): Promise<void> {
    const checked = check(FromWebviewSchema, raw);
    if (checked.ok) await this.handle(checked.value, reveal);
  }

  private async handle(message: FromWebview, reveal: vscode.TextDocumentShowOptions): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      for (const m of this.replayed()) void this.webview?.postMessage(m);
    } else if (message.type === 'reveal') {
      if (this.source !== undefined && message.end >= message.start) {
        await revealInEditor(this.source, message.start, message.end, reveal);
      }
    } else if (message.type === 'saveExport') await saveExport(message);
    else this.actions[message.action]?.(message.arg);
  }

  /** Frees the listeners. */
  dispose(): void {
    this.detach();
  }
}
