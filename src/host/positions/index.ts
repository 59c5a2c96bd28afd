/**
 * @file The positions toolkit in VS Code: "Show Position IDs" (the selected problem, or the current
 * line, decoded by the task's positions model), "Show Position IDs With…" (choose how positions are
 * fed) and "Length Generalization Probe" (exact match against length for PPC, oracle coupling and
 * absolute positions, drawn live in its own panel as each length is done; see `probe.ts`).
 */
import * as vscode from 'vscode';
import { positionsRequest, type DecodeMode } from '../../shared/positions';
import { activeEditorOrReport } from '../editor/activeText';
import { changedDuringRun, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';
import { lengthGeneralizationProbe } from './probe';

const METHODS: Readonly<Record<DecodeMode, { readonly label: string; readonly detail: string }>> = {
  ppc: {
    label: 'PPC',
    detail: 'the model predicts the position ID of each token it writes (Predictive Position Coupling)',
  },
  oracle: { label: 'Oracle coupling', detail: 'a position-coupling model fed the rule\u2019s IDs' },
  absolute: { label: 'Absolute positions', detail: 'the baseline with ordinary positions 0, 1, 2, …' },
};

const isMode = (x: unknown): x is DecodeMode => typeof x === 'string' && Object.hasOwn(METHODS, x);

/** The selection, or the current line when nothing is selected, with its document offset. */
function problemAt(editor: vscode.TextEditor): { text: string; offset: number } {
  const doc = editor.document;
  const range = editor.selection.isEmpty ? doc.lineAt(editor.selection.active.line).range : editor.selection;
  return { text: doc.getText(range), offset: doc.offsetAt(range.start) };
}

/** What the toolkit remembers: its panel and how Show Position IDs feeds positions. */
interface PositionsState {
  readonly panel: ViewPanel;
  method: DecodeMode;
}

async function showPositionIds(ctx: HostContext, state: PositionsState, given: unknown): Promise<void> {
  const editor = await activeEditorOrReport('position-ID analysis', ctx.log);
  if (editor === undefined) return;
  const method = isMode(given) ? given : state.method;
  const { text, offset } = problemAt(editor);
  const version = editor.document.version;
  const source = vscode.workspace.asRelativePath(editor.document.uri);
  const params = { text, offset, source, method, allowLocalFiles: vscode.workspace.isTrusted };
  ctx.log.info(`positions: ${JSON.stringify(text.slice(0, 80))} (${method})`);
  const result = await runWithProgress('Model Lens: position IDs', ctx.log, (signal, onProgress) =>
    ctx.engine.request(positionsRequest, params, { signal, onProgress }),
  );
  if (result === undefined || changedDuringRun(editor.document, version, ctx.log)) return;
  const r = result;
  ctx.log.info(
    `positions: ${r.task} ${r.model ?? 'rule only'} answer ${r.answer ?? '-'} expected ${r.expected ?? '-'} ` +
      `id matches ${r.idMatches ?? '-'}`,
  );
  state.panel.show({ type: 'show', kind: positionsRequest.name, result, source }, editor.document.uri);
}

async function chooseMethod(state: PositionsState): Promise<void> {
  const items = Object.entries(METHODS).map(([value, m]) => ({
    ...m,
    value,
    description: value === state.method ? 'current' : '',
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Show Position IDs with' });
  if (pick === undefined || !isMode(pick.value)) return;
  state.method = pick.value;
  await vscode.commands.executeCommand('modelLens.showPositionIds', pick.value);
}

/** The positions toolkit's commands and panel. */
export const positionsHost: HostToolkit = (ctx) => {
  const state: PositionsState = { panel: ctx.panel('positions'), method: 'ppc' };
  const probePanel = ctx.panel('probe');
  return {
    commands: {
      'modelLens.showPositionIds': (method?: unknown) => showPositionIds(ctx, state, method),
      'modelLens.showPositionIdsWith': () => chooseMethod(state),
      'modelLens.lengthGeneralizationProbe': () => lengthGeneralizationProbe(ctx, probePanel),
    },
  };
};
