/**
 * @file "Show Position IDs" (the selected problem, or the current line, decoded by the task's
 * positions model) and "Length Generalization Probe" (exact match against length for PPC, oracle
 * coupling and absolute positions, computed live with progress and cancellation).
 */
import { legacyRequest } from '../legacyRequest';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { LengthProbeRequest, PositionsRequest } from '../../shared/protocol';
import type { CommandFactory } from '../context';
import { changedDuringRun, report, runWithProgress } from './runWithProgress';

const METHODS: readonly { label: string; value: PositionsRequest['params']['method']; detail: string }[] = [
  { label: 'PPC', value: 'ppc', detail: 'the model predicts the position ID of each token it writes (Predictive Position Coupling)' },
  { label: 'Oracle coupling', value: 'oracle', detail: 'a position-coupling model fed the rule\u2019s IDs' },
  { label: 'Absolute positions', value: 'absolute', detail: 'the baseline with ordinary positions 0, 1, 2, …' },
];

/** The selection, or the current line when nothing is selected, with its document offset. */
function problemAt(editor: vscode.TextEditor): { text: string; offset: number } {
  const doc = editor.document;
  const range = editor.selection.isEmpty ? doc.lineAt(editor.selection.active.line).range : editor.selection;
  return { text: doc.getText(range), offset: doc.offsetAt(range.start) };
}

/** Position IDs of the selected problem in the positions panel. */
export const showPositionIds: CommandFactory = (ctx) => async (...args: unknown[]) => {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    report(new LensError('bad-input', 'Open a file and select a problem such as 48213+9077= first.'), ctx.log);
    return;
  }
  const given = METHODS.find((m) => m.value === args[0]);
  const method = given ?? (ctx.positions.method === undefined ? METHODS[0] : METHODS.find((m) => m.value === ctx.positions.method));
  const { text, offset } = problemAt(editor);
  const version = editor.document.version;
  const params: PositionsRequest['params'] = { text, offset, source: vscode.workspace.asRelativePath(editor.document.uri), method: method?.value ?? 'ppc', allowLocalFiles: vscode.workspace.isTrusted };
  ctx.log.info(`positions: ${JSON.stringify(text.slice(0, 80))} (${params.method})`);
  const result = await runWithProgress('Model Lens: position IDs', ctx.log, (signal, onProgress) => legacyRequest(ctx.engine, { type: 'positions', params }, { signal, onProgress }));
  if (result === undefined || changedDuringRun(editor.document, version, ctx.log)) return;
  ctx.log.info(`positions: ${result.task} ${result.model ?? 'rule only'} answer ${result.answer ?? '-'} expected ${result.expected ?? '-'} id matches ${result.idMatches ?? '-'}`);
  ctx.positions.panel.show({ type: 'showPositions', result }, editor.document.uri);
};

/** Chooses how "Show Position IDs" feeds positions (PPC by default). */
export const choosePositionMethod: CommandFactory = (ctx) => async () => {
  const pick = await vscode.window.showQuickPick(METHODS.map((m) => ({ ...m, description: m.value === (ctx.positions.method ?? 'ppc') ? 'current' : '' })), { title: 'Show Position IDs with' });
  if (pick === undefined) return;
  ctx.positions.method = pick.value;
  await vscode.commands.executeCommand('modelLens.showPositionIds', pick.value);
};

function askInt(title: string, value: number, min: number, max: number): Thenable<number | undefined> {
  return vscode.window.showInputBox({
    title, value: String(value),
    validateInput: (v) => (/^\d+$/u.test(v.trim()) && Number(v) >= min && Number(v) <= max ? undefined : `A whole number from ${min} to ${max}`),
  }).then((v) => (v === undefined ? undefined : Number(v.trim())));
}

/** Exact match against length for PPC, oracle coupling and absolute positions, in the positions panel. */
export const lengthGeneralizationProbe: CommandFactory = (ctx) => async () => {
  const task = await vscode.window.showQuickPick([{ label: 'addition', detail: 'a+b=, answer least-significant digit first; trained up to 10 digits' }, { label: 'copy', detail: 'x|x over digits; trained up to 10 symbols' }], { title: 'Length Generalization Probe: task' });
  if (task === undefined) return;
  const maxLength = await askInt('Longest length to probe (training maximum is 10)', 30, 1, 200);
  if (maxLength === undefined) return;
  const samples = await askInt('Problems per length', 50, 1, 10_000);
  if (samples === undefined) return;
  const params: LengthProbeRequest['params'] = { task: task.label as LengthProbeRequest['params']['task'], maxLength, samples, seed: 1 };
  ctx.log.info(`length probe: ${params.task} 1..${maxLength}, ${samples} per length`);
  const result = await runWithProgress('Model Lens: length generalization', ctx.log, (signal, onProgress) => legacyRequest(ctx.engine, { type: 'lengthProbe', params }, { signal, onProgress }));
  if (result === undefined) return;
  for (const m of result.methods) ctx.log.info(`length probe ${m.name}: ${m.accuracy.map((a) => (a === null ? '-' : a.toFixed(2))).join(' ')}`);
  ctx.positions.panel.show({ type: 'showLengthProbe', result }, vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/'));
};
