/**
 * @file The model-file inspector in VS Code: a read-only custom editor for `.onnx`, `.safetensors` and `.gguf`
 * files, and "Inspect Model File or Adapter Folder" (explorer menu on folders and adapter_config.json, or the
 * palette with a picker). The engine reads the headers; the view's Analyse buttons run the analyses that can use
 * the file, passing it as the model (or adapter) of that run without changing the user's settings.
 */
import * as vscode from 'vscode';
import { toErrorInfo } from '../../core/errors';
import { INSPECT_ANALYSE_ACTION, INSPECT_ROUTES, inspectRequest, type InspectRoute } from '../../shared/inspect';
import { report } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import { InspectWebview, INSPECT_EDITOR, UNTRUSTED_REASON } from './editor';

/** The command each route runs, and the argument it takes the file as. */
const ROUTE_COMMANDS: Readonly<Record<InspectRoute, (path: string) => [string, unknown]>> = {
  surprisal: (path) => ['modelLens.analyseSurprisal', { model: path }],
  dependencies: (path) => ['modelLens.showTokenDependencies', { model: path }],
  routing: (path) => ['modelLens.showExpertRouting', path],
  lora: (path) => ['modelLens.addToLoraComposition', vscode.Uri.file(path)],
};

/** The text document an Analyse button runs on: the one last active (a custom editor tab may hide it). */
let lastText: vscode.TextDocument | undefined;

function rememberText(editor: vscode.TextEditor | undefined): void {
  const scheme = editor?.document.uri.scheme;
  if (editor !== undefined && (scheme === 'file' || scheme === 'untitled')) lastText = editor.document;
}

/** Shows the text document to analyse (beside the inspector unless it is on screen); false when there is none. */
async function showTextToAnalyse(): Promise<boolean> {
  const document = lastText?.isClosed === false ? lastText : vscode.window.visibleTextEditors[0]?.document;
  if (document === undefined) return false;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const viewColumn = visible?.viewColumn ?? vscode.ViewColumn.Beside;
  await vscode.window.showTextDocument(document, { viewColumn, preserveFocus: false, preview: false });
  return true;
}

/** Runs `route` with the file at `path` as its model or adapter. */
export async function analyseWith(ctx: HostContext, path: string, route: InspectRoute): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(`Model Lens: ${UNTRUSTED_REASON}`);
    return;
  }
  const [command, arg] = ROUTE_COMMANDS[route](path);
  ctx.log.info(`inspect: ${route} with ${path}`);
  if (route !== 'lora' && !(await showTextToAnalyse())) {
    void vscode.window.showInformationMessage(
      'Model Lens: open the file to analyse beside the model, then click Analyse again.',
    );
    return;
  }
  await vscode.commands.executeCommand(command, arg);
}

/** Reads `path`'s headers in the engine and shows them in `view`. */
async function inspectInto(ctx: HostContext, view: InspectWebview, path: string): Promise<void> {
  try {
    const result = await ctx.engine.request(inspectRequest, { path });
    ctx.log.info(`inspect: ${path}: ${result.format}, ${result.tensors} tensors, ${result.params.total} parameters`);
    view.showReport(result);
  } catch (error) {
    const info = toErrorInfo(error);
    ctx.log.warn(`inspect: ${path}: [${info.code}] ${info.message}`);
    view.fail(info.message);
  }
}

function webviewFor(ctx: HostContext, path: string, views: Set<InspectWebview>): InspectWebview {
  const analyse = (arg: string): void => {
    const route = INSPECT_ROUTES.find((r) => r === arg);
    if (route !== undefined) void analyseWith(ctx, path, route).catch((e: unknown) => report(e, ctx.log));
  };
  const view = new InspectWebview(ctx.extension.extensionUri, { [INSPECT_ANALYSE_ACTION]: analyse });
  views.add(view);
  return view;
}

/** The webview panel type of an adapter folder's inspector (the custom editor has its own). */
const INSPECT_PANEL = 'modelLens.inspectFolder';

/** The read-only custom editor. */
function editorProvider(ctx: HostContext, views: Set<InspectWebview>): vscode.CustomReadonlyEditorProvider {
  return {
    openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
    resolveCustomEditor: async (document, panel) => {
      const view = webviewFor(ctx, document.uri.fsPath, views);
      panel.onDidDispose(() => views.delete(view));
      view.open(panel);
      await inspectInto(ctx, view, document.uri.fsPath);
    },
  };
}

async function pickTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    title: 'Inspect a model file (.onnx, .safetensors, .gguf) or a PEFT adapter folder',
    filters: { 'Model files': ['onnx', 'safetensors', 'gguf', 'json'] },
  });
  return picked?.[0];
}

/** "Inspect Model File or Adapter Folder": files open in the custom editor, adapter folders in a panel. */
async function inspectCommand(ctx: HostContext, views: Set<InspectWebview>, arg: unknown): Promise<void> {
  const uri = await pickTarget(arg);
  if (uri === undefined) return;
  const stat = await vscode.workspace.fs.stat(uri);
  const isFolder = (stat.type & vscode.FileType.Directory) !== 0;
  if (!isFolder && /\.(onnx|safetensors|gguf)$/iu.test(uri.fsPath)) {
    await vscode.commands.executeCommand('vscode.openWith', uri, INSPECT_EDITOR);
    return;
  }
  const path = isFolder ? uri.fsPath : vscode.Uri.joinPath(uri, '..').fsPath;
  const view = webviewFor(ctx, path, views);
  const panel = vscode.window.createWebviewPanel(INSPECT_PANEL, `Inspect ${vscode.workspace.asRelativePath(path)}`, {
    viewColumn: vscode.ViewColumn.Active,
  });
  panel.onDidDispose(() => views.delete(view));
  view.open(panel);
  await inspectInto(ctx, view, path);
}

/** The inspector's custom editor and command. */
export const inspectHost: HostToolkit = (ctx) => {
  const views = new Set<InspectWebview>();
  rememberText(vscode.window.activeTextEditor);
  return {
    commands: {
      'modelLens.inspectModelFile': (arg: unknown) =>
        inspectCommand(ctx, views, arg).catch((e: unknown) => report(e, ctx.log)),
    },
    disposables: [
      vscode.window.registerCustomEditorProvider(INSPECT_EDITOR, editorProvider(ctx, views), {
        webviewOptions: { retainContextWhenHidden: false },
        supportsMultipleEditorsPerDocument: true,
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => views.forEach((v) => v.showAccess())),
      vscode.window.onDidChangeActiveTextEditor(rememberText),
    ],
  };
};
