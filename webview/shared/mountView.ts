/**
 * @file Mounts a view: its body markup, the export toolbar (SVG, PNG, JSON), the ready/replay
 * handshake with the host, checking every message by schema, and the state that brings the last
 * result back when the webview is shown again. A view supplies only its renderers.
 */
import { EXPORT_FORMATS, ToWebviewSchema, type ExportFormat, type StatusNotification } from '../../src/shared/messages';
import type { RequestKind } from '../../src/shared/request';
import { check } from '../../src/shared/schema';
import { VIEWS, type ViewId } from '../views';
import { showStatusIn } from './dom';
import { exportChart, exportStem } from './export';
import { createViewHost, type ViewHost } from './viewHost';

/** Draws results of one request kind. */
export interface Renderer {
  readonly kind: RequestKind;
  readonly render: (result: never, source: string | undefined) => void;
}

/** A renderer of `kind`'s results. */
export function renderer<R>(
  kind: RequestKind<string, unknown, R>,
  render: (result: R, source: string | undefined) => void,
): Renderer {
  return { kind, render: render as Renderer['render'] };
}

/** What a view is made of. */
export interface ViewOptions {
  readonly view: ViewId;
  /** One per kind the view shows; the first is the view's own (its result is what JSON exports). */
  readonly renderers: readonly [Renderer, ...Renderer[]];
  /** The chart SVG and PNG exports draw. */
  readonly chart: () => SVGSVGElement | undefined;
  /** Called before an export (e.g. to hide a tooltip). */
  readonly beforeExport?: () => void;
  /** True: the toolbar exports the result shown last, of any of the view's kinds. @default false (only the first kind's) */
  readonly exportLatest?: boolean;
  /** Called on Clear: the view forgets what it shows. */
  readonly onClear?: () => void;
}

/** A mounted view. */
export interface MountedView {
  readonly host: ViewHost;
  /** Shows a status line (hidden when the message is empty). */
  status(state: StatusNotification['state'], message: string): void;
}

interface Shown {
  readonly kind: string;
  readonly result: unknown;
  readonly source: string | undefined;
}

const FORMAT_TITLES: Readonly<Record<ExportFormat, string>> = {
  svg: 'Save the chart as SVG',
  png: 'Save the chart as PNG',
  json: 'Save the result as JSON',
};

function mountBody(view: ViewId): void {
  if (document.getElementById('app') !== null) return;
  document.body.insertAdjacentHTML('afterbegin', VIEWS[view].body);
}

function toolbarButtons(onExport: (format: ExportFormat) => void): HTMLButtonElement[] {
  const bar = document.getElementById('toolbar');
  if (bar === null) return [];
  bar.replaceChildren();
  return EXPORT_FORMATS.map((format) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `export-${format}`;
    button.className = 'export';
    button.dataset['format'] = format;
    button.title = FORMAT_TITLES[format];
    button.textContent = format.toUpperCase();
    button.disabled = true;
    button.addEventListener('click', () => onExport(format));
    bar.append(button);
    return button;
  });
}

/** Mounts a view and starts listening to its host. */
export function mountView(options: ViewOptions): MountedView {
  mountBody(options.view);
  const host = createViewHost();
  const statusEl = document.getElementById('status');
  const status = (state: StatusNotification['state'], message: string): void => {
    if (statusEl !== null) showStatusIn(statusEl, { type: 'status', state, message });
  };
  const own = options.renderers[0].kind.name;
  const shown = new Map<string, Shown>();
  let latest = own;
  const buttons = toolbarButtons((format) => void exportAs(format));

  async function exportAs(format: ExportFormat): Promise<void> {
    const last = shown.get(options.exportLatest === true ? latest : own);
    const chart = options.chart();
    if (last === undefined || chart === undefined) return;
    options.beforeExport?.();
    try {
      host.save(await exportChart(format, chart, last.result, exportStem(last.source ?? '', options.view)));
    } catch (error) {
      status('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function show(message: Shown, save: boolean): void {
    const target = options.renderers.find((r) => r.kind.name === message.kind);
    if (target === undefined) return;
    const checked = check(target.kind.result, message.result);
    if (!checked.ok) {
      status('error', `The view received a malformed ${message.kind} result (${checked.message}).`);
      return;
    }
    shown.set(message.kind, message);
    latest = message.kind;
    target.render(checked.value as never, message.source);
    if (message.kind === own || options.exportLatest === true) buttons.forEach((b) => (b.disabled = false));
    status('idle', '');
    if (save) host.setState([...shown.values()]);
  }

  function clear(): void {
    shown.clear();
    host.setState(undefined);
    buttons.forEach((b) => (b.disabled = true));
    options.onClear?.();
  }

  function onMessage(raw: unknown): void {
    const checked = check(ToWebviewSchema, raw);
    if (!checked.ok) return status('error', `The view ignored a malformed message (${checked.message}).`);
    const message = checked.value;
    if (message.type === 'status') status(message.state, message.message);
    else if (message.type === 'clear') clear();
    else show({ kind: message.kind, result: message.result, source: message.source }, true);
  }

  const saved = host.getState();
  if (Array.isArray(saved)) for (const s of saved as Shown[]) show(s, false);
  host.start(onMessage);
  return { host, status };
}
