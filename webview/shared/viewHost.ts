/**
 * @file The one place a view meets its host. In a VS Code webview that is `acquireVsCodeApi()`,
 * `postMessage` and the webview state; in a self-contained HTML report it is the JSON block
 * `#model-lens-data`, and saving an export downloads a file. Messages arrive unchecked: the caller
 * ({@link mountView}) checks them by schema.
 */
import type { ExportFormat, FromWebview } from '../../src/shared/messages';

/** A file a view wants saved (chart exports). */
export interface ExportFile {
  readonly format: ExportFormat;
  /** Text for svg and json, base64 (no `data:` prefix) for png. */
  readonly data: string;
  readonly suggestedName: string;
}

const MIME: Readonly<Record<ExportFile['format'], string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
};

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Downloads `file` through a blob URL anchor (used where there is no extension host). */
export function downloadFile(file: ExportFile): void {
  const body = file.format === 'png' ? base64ToBytes(file.data) : file.data;
  const url = URL.createObjectURL(new Blob([body], { type: MIME[file.format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.suggestedName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What a view may do with its host. */
export interface ViewHost {
  /** `vscode` inside a VS Code webview, `report` inside an HTML report. */
  readonly kind: 'vscode' | 'report';
  /** Sends a command to the extension host; a no-op in a report. */
  post(message: FromWebview): void;
  /** Saves an exported file: through the extension host in VS Code, as a download in a report. */
  save(file: ExportFile): void;
  /** The state saved by the last {@link ViewHost.setState} (kept across hide and reload), if any. */
  getState(): unknown;
  /** Saves UI state with the webview. */
  setState(state: unknown): void;
  /** Delivers every message to `handler`, then says `ready`. */
  start(handler: (message: unknown) => void): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

function vscodeHost(api: VsCodeApi): ViewHost {
  const post = (message: FromWebview): void => api.postMessage(message);
  return {
    kind: 'vscode',
    post,
    save: (file) => post({ type: 'saveExport', ...file }),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    start(handler) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => handler(event.data));
      post({ type: 'ready' });
    },
  };
}

function readEmbeddedData(): unknown {
  const text = document.getElementById('model-lens-data')?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reportHost(): ViewHost {
  return {
    kind: 'report',
    post: () => undefined,
    save: downloadFile,
    getState: () => undefined,
    setState: () => undefined,
    start: (handler) => handler(readEmbeddedData()),
  };
}

/** The host of this page: VS Code when `acquireVsCodeApi` exists, otherwise an HTML report. */
export function createViewHost(): ViewHost {
  const acquire = (globalThis as unknown as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  return typeof acquire === 'function' ? vscodeHost(acquire()) : reportHost();
}
