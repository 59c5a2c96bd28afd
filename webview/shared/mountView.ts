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
import type { ExportFile } from './viewHost';

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
  /** A view's own SVG or PNG export in place of drawing `chart()` (several charts, or a canvas). */
  readonly exportImage?: (format: Exclude<ExportFormat, 'json'>, stem: string) => ExportFile | Promise<ExportFile>;
  /** Called before an export (e.g. to hide a tooltip). */
  readonly beforeExport?: () => void;
  /** True: the toolbar exports the result shown last, of any of the view's kinds. @default false (the first kind's) */
  readonly exportLatest?: boolean;
  /** Called on Clear: the view forgets what it shows; `source` names the document now in view, if known. */
  readonly onClear?: (source?: string) => void;
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

/** The running view: what it shows, its toolbar, and how it answers each message. */
class MountedViewImpl implements MountedView {
  readonly host = createViewHost();
  private readonly shown = new Map<string, Shown>();
  private readonly own: string;
  private latest: string;
  private readonly buttons: HTMLButtonElement[];
  private readonly statusEl = document.getElementById('status');

  constructor(private readonly options: ViewOptions) {
    this.own = options.renderers[0].kind.name;
    this.latest = this.own;
    this.buttons = toolbarButtons((format) => void this.exportAs(format));
  }

  status(state: StatusNotification['state'], message: string): void {
    if (this.statusEl !== null) showStatusIn(this.statusEl, { type: 'status', state, message });
  }

  /** Draws what the webview state kept, then says ready to the host. */
  start(): void {
    const saved = this.host.getState();
    if (Array.isArray(saved)) for (const s of saved as Shown[]) this.show(s, false);
    this.host.start((raw) => this.receive(raw));
  }

  private receive(raw: unknown): void {
    const checked = check(ToWebviewSchema, raw);
    if (!checked.ok) return this.status('error', `The view ignored a malformed message (${checked.message}).`);
    const message = checked.value;
    if (message.type === 'status') this.status(message.state, message.message);
    else if (message.type === 'clear') this.clear(message.source);
    else this.show({ kind: message.kind, result: message.result, source: message.source }, true);
  }

  private show(message: Shown, save: boolean): void {
    const target = this.options.renderers.find((r) => r.kind.name === message.kind);
    if (target === undefined) return;
    const checked = check(target.kind.result, message.result);
    if (!checked.ok) {
      this.status('error', `The view received a malformed ${message.kind} result (${checked.message}).`);
      return;
    }
    this.shown.set(message.kind, message);
    this.latest = message.kind;
    target.render(checked.value as never, message.source);
    const exportable = message.kind === this.own || this.options.exportLatest === true;
    if (exportable) this.buttons.forEach((b) => (b.disabled = false));
    this.status('idle', '');
    if (save) this.host.setState([...this.shown.values()]);
  }

  private clear(source?: string): void {
    this.shown.clear();
    this.host.setState(undefined);
    this.buttons.forEach((b) => (b.disabled = true));
    this.status('idle', '');
    this.options.onClear?.(source);
  }

  private async exportAs(format: ExportFormat): Promise<void> {
    const last = this.shown.get(this.options.exportLatest === true ? this.latest : this.own);
    const chart = this.options.chart();
    if (last === undefined || chart === undefined) return;
    this.options.beforeExport?.();
    const stem = exportStem(last.source ?? '', this.options.view);
    try {
      const image = this.options.exportImage;
      if (format !== 'json' && image !== undefined) this.host.save(await image(format, stem));
      else this.host.save(await exportChart(format, chart, last.result, stem));
    } catch (error) {
      this.status('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Mounts a view: its body at once, so the view's code finds its containers right after this returns; the saved
 * state is drawn and the host told `ready` once the view's module has finished loading (a microtask later).
 */
export function mountView(options: ViewOptions): MountedView {
  mountBody(options.view);
  const view = new MountedViewImpl(options);
  queueMicrotask(() => view.start());
  return view;
}
