/**
 * @file The routing toolkit in VS Code: "Show Expert Routing" on the file or selection colours each token by its
 * first expert in a layer (the hover gives its experts, gates and p) and opens the panel with the load histogram,
 * the layer's statistics and the expert × token-kind matrix; "Choose Expert Routing Layer" (or the panel's layer
 * picker) recolours the editor by another layer.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { ROUTING_LAYER_ACTION, ROUTING_LIMITS, routingRequest, type RoutingResult } from '../../shared/routing';
import { activeEditorOrReport, editorText } from '../editor/activeText';
import { changedDuringRun, report, runWithProgress } from '../runWithProgress';
import { readSettings } from '../settings';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { RoutingDecorations } from './decorations';
import { pickMoeModel } from './picks';

/** What the toolkit keeps between commands. */
interface State {
  readonly ctx: HostContext;
  readonly panel: ViewPanel;
  readonly decorations: RoutingDecorations;
  editor?: vscode.TextEditor;
}

async function route(state: State, editor: vscode.TextEditor, model: string): Promise<RoutingResult | undefined> {
  const s = readSettings();
  const { text, offset } = editorText(editor, s.maxFileBytes);
  const doc = editor.document;
  const source = vscode.workspace.asRelativePath(doc.uri);
  const version = doc.version;
  state.ctx.log.info(`routing: ${model} on ${source}${offset > 0 ? ` from ${offset}` : ''}`);
  const params = {
    model,
    device: s.device,
    allowLocalFiles: vscode.workspace.isTrusted,
    text,
    offset,
    source,
    languageId: doc.languageId,
    maxTokens: Math.min(s.maxTokens, ROUTING_LIMITS.maxTokens),
  };
  const result = await runWithProgress(`Model Lens: expert routing of ${source}`, state.ctx.log, (signal, onProgress) =>
    state.ctx.engine.request(routingRequest, params, { signal, onProgress }),
  );
  return result === undefined || changedDuringRun(doc, version, state.ctx.log) ? undefined : result;
}

async function showExpertRouting(state: State, arg: unknown): Promise<void> {
  const editor = await activeEditorOrReport('expert routing', state.ctx.log);
  if (editor === undefined) return;
  const modelsDir = vscode.Uri.joinPath(state.ctx.extension.extensionUri, 'media', 'models').fsPath;
  const model = typeof arg === 'string' && arg !== '' ? arg : await pickMoeModel(modelsDir, readSettings().model);
  if (model === undefined) return;
  const result = await route(state, editor, model);
  if (result === undefined) return;
  for (const l of result.layers)
    state.ctx.log.info(
      `routing: layer ${l.layer}: aux ${l.auxLoss.toFixed(4)}, cv ${l.cv.toFixed(4)}, entropy ` +
        `${l.entropy.toFixed(4)}, dead [${l.dead.join(', ')}]`,
    );
  const layer = Math.min(state.decorations.layer, result.layers.length - 1);
  state.editor = editor;
  state.decorations.show(editor, result, layer);
  state.panel.show({ type: 'show', kind: routingRequest.name, result, source: result.source }, editor.document.uri);
}

/** Recolours the editor by layer index `layer` of the last result. */
function setLayer(state: State, layer: number): void {
  const result = state.decorations.result;
  const editor = state.editor;
  if (result === undefined || editor === undefined || !(layer >= 0 && layer < result.layers.length)) return;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === editor.document) ?? editor;
  state.decorations.show(visible, result, layer);
}

async function chooseLayer(state: State, arg: unknown): Promise<void> {
  const result = state.decorations.result;
  if (result === undefined) {
    report(
      new LensError('bad-input', 'Run "Model Lens: Show Expert Routing" first: there is no routing to recolour.'),
      state.ctx.log,
    );
    return;
  }
  if (typeof arg === 'number') return setLayer(state, arg);
  const items = result.layers.map((l, i) => ({ label: `layer ${l.layer}`, description: l.output, index: i }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Model Lens: colour tokens by the experts of layer' });
  if (pick !== undefined) setLayer(state, pick.index);
}

/** The routing toolkit: its commands, editor colours, hover part and panel. */
export const routingHost: HostToolkit = (ctx) => {
  const decorations = new RoutingDecorations();
  const state: State = {
    ctx,
    decorations,
    panel: ctx.panel('routing', { [ROUTING_LAYER_ACTION]: (arg) => setLayer(state, Number(arg)) }),
  };
  ctx.onClear(() => decorations.clear());
  ctx.onHover(decorations.hover(), 2);
  return {
    commands: {
      'modelLens.showExpertRouting': (arg: unknown) =>
        showExpertRouting(state, arg).catch((e: unknown) => report(e, ctx.log)),
      'modelLens.chooseRoutingLayer': (arg: unknown) =>
        chooseLayer(state, arg).catch((e: unknown) => report(e, ctx.log)),
    },
    disposables: [decorations],
  };
};
