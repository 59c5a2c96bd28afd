/**
 * @file The quick picks of "Simulate Serving Schedule…": the workload (the explorer's or the editor's trace file,
 * another file, or generated M/G/1 jobs at a load), how a trace is served, and where predicted lengths come from.
 */
import * as vscode from 'vscode';
import { parseRate, parseRho, type PredictionsChoice, type ServerChoice, type ServingSource } from './plan';

const TRACE_EXT = /\.(jsonl|csv|json)$/iu;

type SourceItem = vscode.QuickPickItem & { readonly pick: () => Promise<ServingSource | undefined> };

const ready = (s: ServingSource) => (): Promise<ServingSource> => Promise.resolve(s);

async function openTrace(): Promise<ServingSource | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Simulate Serving Schedule: a trace (JSONL, CSV, or a vLLM / SGLang benchmark result)',
    canSelectFiles: true,
    canSelectMany: false,
    filters: { Traces: ['jsonl', 'csv', 'json'] },
    openLabel: 'Simulate',
  });
  return picked?.[0] === undefined ? undefined : { kind: 'trace', path: picked[0].fsPath };
}

async function askRho(): Promise<ServingSource | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Simulate Serving Schedule: load of the generated jobs',
    prompt: 'Load ρ: the share of time the server is busy (between 0 and 1)',
    value: '0.9',
    validateInput: (t) => {
      const r = parseRho(t);
      return 'problem' in r ? r.problem : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseRho(text);
  return 'rho' in r ? { kind: 'mg1', rho: r.rho, sizes: 'exponential' } : undefined;
}

/** The workload: `arg` when it is a file (explorer), else a quick pick offering the editor's trace file. */
export async function pickSource(arg: unknown): Promise<ServingSource | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return { kind: 'trace', path: arg.fsPath };
  const active = vscode.window.activeTextEditor?.document.uri;
  const items: SourceItem[] = [];
  if (active?.scheme === 'file' && TRACE_EXT.test(active.fsPath)) {
    const name = vscode.workspace.asRelativePath(active);
    items.push({ label: `$(file) The trace ${name}`, pick: ready({ kind: 'trace', path: active.fsPath }) });
  }
  items.push(
    {
      label: '$(folder-opened) A trace file…',
      detail: 'JSONL, CSV, or a vLLM / SGLang benchmark result',
      pick: openTrace,
    },
    {
      label: '$(graph) Generated jobs, load 0.8, Alpaca-shaped lengths',
      detail: 'M/G/1: one server, Poisson arrivals, the lengths of TRAIL\u2019s Alpaca trace; with the theory',
      pick: ready({ kind: 'mg1', rho: 0.8, sizes: 'alpaca' }),
    },
    {
      label: '$(graph) Generated jobs, load 0.8, exponential lengths',
      detail: 'M/G/1: one server, Poisson arrivals, exponential lengths; with the theory',
      pick: ready({ kind: 'mg1', rho: 0.8, sizes: 'exponential' }),
    },
    { label: '$(edit) Generated jobs at another load…', detail: 'exponential lengths', pick: askRho },
  );
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Simulate Serving Schedule (1/3): which requests?',
    placeHolder: 'A trace of your server, or generated jobs',
  });
  return chosen?.pick();
}

type PredictionItem = vscode.QuickPickItem & { readonly predictions: PredictionsChoice };

/** Where the predicted lengths come from: the trace's own columns first for a trace, else perfect. */
export async function pickPredictions(source: ServingSource): Promise<PredictionsChoice | undefined> {
  const items: PredictionItem[] = [
    {
      label: 'Perfect predictions',
      detail: 'every request\u2019s true length is known in advance (the best any predictor can do)',
      predictions: { kind: 'perfect' },
    },
    {
      label: 'Noisy predictions (σ = 0.5)',
      detail: 'the true length times a random factor, typically between 0.6 and 1.6',
      predictions: { kind: 'noisy', sigma: 0.5 },
    },
  ];
  if (source.kind === 'trace') {
    items.unshift({
      label: 'The trace\u2019s own predictions',
      detail: 'its predicted (and refined) columns, e.g. from the remaining-length model',
      predictions: { kind: 'model' },
    });
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Simulate Serving Schedule (3/3): how well are lengths predicted?',
  });
  return chosen?.predictions;
}

type ServerItem = vscode.QuickPickItem & { readonly pick: () => Promise<ServerChoice | undefined> };

async function askRate(): Promise<ServerChoice | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Simulate Serving Schedule: the server\u2019s speed',
    prompt:
      'Output tokens per second, one request at a time (the load is the trace\u2019s tokens per second over this)',
    value: '1000',
    validateInput: (t) => {
      const r = parseRate(t);
      return 'problem' in r ? r.problem : undefined;
    },
  });
  const r = text === undefined ? undefined : parseRate(text);
  return r !== undefined && 'rate' in r ? { kind: 'mg1', rate: r.rate } : undefined;
}

/** How a trace is served (generated jobs are always M/G/1): continuous batching, or one request at a time. */
export async function pickServer(source: ServingSource): Promise<ServerChoice | undefined> {
  if (source.kind === 'mg1') return { kind: 'batched' };
  const items: ServerItem[] = [
    {
      label: 'Continuous batching',
      detail: 'up to 64 requests a step, 16,384 tokens of KV cache; paused requests keep theirs (as vLLM)',
      pick: () => Promise.resolve({ kind: 'batched' }),
    },
    {
      label: 'One request at a time (M/G/1)…',
      detail: 'a server producing the tokens per second you type; each preemption pauses the one request served',
      pick: askRate,
    },
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Simulate Serving Schedule (2/3): how does the server run requests?',
  });
  return chosen?.pick();
}
