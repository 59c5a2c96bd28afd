/**
 * @file The positions toolkit in VS Code: "Show Position IDs" (the selected problem, or the current
 * line, decoded by the task's positions model), "Show Position IDs With…" (choose how positions are
 * fed) and "Length Generalization Probe" (exact match against length for PPC, oracle coupling and
 * absolute positions, computed live with progress and cancellation), all in the positions panel.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import {
  lengthProbeRequest,
  MODEL_TASKS,
  positionsRequest,
  type DecodeMode,
  type LengthProbeParams,
  type PositionTask,
} from '../../shared/positions';
import { changedDuringRun, report, runWithProgress } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import type { ViewPanel } from '../views/viewPanel';

const METHODS: Readonly<Record<DecodeMode, { readonly label: string; readonly detail: string }>> = {
  ppc: {
    label: 'PPC',
    detail: 'the model predicts the position ID of each token it writes (Predictive Position Coupling)',
  },
  oracle: { label: 'Oracle coupling', detail: 'a position-coupling model fed the rule\u2019s IDs' },
  absolute: { label: 'Absolute positions', detail: 'the baseline with ordinary positions 0, 1, 2, …' },
};

const TASK_DETAILS: Readonly<Record<PositionTask, string>> = {
  addition: 'a+b=, answer least-significant digit first; trained up to 10 digits',
  copy: 'x|x over digits; trained up to 10 symbols',
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
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    report(new LensError('bad-input', 'Open a file and select a problem such as 48213+9077= first.'), ctx.log);
    return;
  }
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

function askInt(title: string, value: number, min: number, max: number): Thenable<number | undefined> {
  const validateInput = (v: string): string | undefined =>
    /^\d+$/u.test(v.trim()) && Number(v) >= min && Number(v) <= max
      ? undefined
      : `A whole number from ${min} to ${max}`;
  return vscode.window
    .showInputBox({ title, value: String(value), validateInput })
    .then((v) => (v === undefined ? undefined : Number(v.trim())));
}

async function askProbe(): Promise<LengthProbeParams | undefined> {
  const tasks = MODEL_TASKS.map((label) => ({ label, detail: TASK_DETAILS[label] }));
  const task = await vscode.window.showQuickPick(tasks, { title: 'Length Generalization Probe: task' });
  if (task === undefined) return undefined;
  const maxLength = await askInt('Longest length to probe (training maximum is 10)', 30, 1, 200);
  if (maxLength === undefined) return undefined;
  const samples = await askInt('Problems per length', 50, 1, 10_000);
  if (samples === undefined) return undefined;
  return { task: task.label, maxLength, samples, seed: 1 };
}

async function lengthGeneralizationProbe(ctx: HostContext, state: PositionsState): Promise<void> {
  const params = await askProbe();
  if (params === undefined) return;
  ctx.log.info(`length probe: ${params.task} 1..${params.maxLength}, ${params.samples} per length`);
  const result = await runWithProgress('Model Lens: length generalization', ctx.log, (signal, onProgress) =>
    ctx.engine.request(lengthProbeRequest, params, { signal, onProgress }),
  );
  if (result === undefined) return;
  for (const m of result.methods) {
    ctx.log.info(`length probe ${m.name}: ${m.accuracy.map((a) => (a === null ? '-' : a.toFixed(2))).join(' ')}`);
  }
  const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/');
  state.panel.show({ type: 'show', kind: lengthProbeRequest.name, result, source: params.task }, uri);
}

/** The positions toolkit's commands and panel. */
export const positionsHost: HostToolkit = (ctx) => {
  const state: PositionsState = { panel: ctx.panel('positions'), method: 'ppc' };
  return {
    commands: {
      'modelLens.showPositionIds': (method?: unknown) => showPositionIds(ctx, state, method),
      'modelLens.showPositionIdsWith': () => chooseMethod(state),
      'modelLens.lengthGeneralizationProbe': () => lengthGeneralizationProbe(ctx, state),
    },
  };
};
