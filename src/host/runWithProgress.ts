/**
 * @file Runs an engine request under a cancellable progress notification, and turns failures
 * into notifications the user can act on. The extension host never throws to VS Code.
 */
import * as vscode from 'vscode';
import { LensError, toErrorInfo } from '../core/errors';
import { errorLevel } from './errorLevel';

/** Runs `work` with progress and cancellation; returns undefined when it failed or was cancelled. */
export async function runWithProgress<T>(
  title: string,
  log: vscode.LogOutputChannel,
  work: (signal: AbortSignal, report: (fraction: number, message: string) => void) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let done = 0;
        return work(controller.signal, (fraction, message) => {
          const pct = Math.round(100 * fraction);
          progress.report({ message, increment: Math.max(0, pct - done) });
          done = Math.max(done, pct);
        });
      },
    );
  } catch (error) {
    report(error, log);
    return undefined;
  }
}

/** Shows an error as a notification and logs it (a cancel at info, a problem with the input at warn). */
export function report(error: unknown, log: vscode.LogOutputChannel): void {
  const info = toErrorInfo(error);
  log[errorLevel(info.code)](`[${info.code}] ${info.message}`);
  if (info.code === 'cancelled') {
    void vscode.window.showInformationMessage(`Model Lens: ${info.message}`);
    return;
  }
  const actions =
    error instanceof LensError && ['engine-died', 'internal'].includes(error.code) ? ['Show Engine Log'] : [];
  void vscode.window.showErrorMessage(`Model Lens: ${info.message}`, ...actions).then((choice) => {
    if (choice === 'Show Engine Log') log.show();
  });
}

/** True (after telling the user) when `document` changed since `version`: its result no longer fits the text. */
export function changedDuringRun(
  document: vscode.TextDocument,
  version: number,
  log: vscode.LogOutputChannel,
): boolean {
  if (document.version === version) return false;
  report(
    new LensError(
      'bad-input',
      `${vscode.workspace.asRelativePath(document.uri)} changed while the analysis ran, so its result no longer ` +
        `matches the text. Run it again.`,
    ),
    log,
  );
  return true;
}
