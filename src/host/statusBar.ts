/**
 * @file The status bar item: the model in use and the device it runs on.
 */
import * as vscode from 'vscode';

/** Shows `Model Lens: <model> · <device>`; a click opens model selection. */
export class LensStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelLens.status', vscode.StatusBarAlignment.Right, 100);

  /** Creates and shows the item. */
  constructor(model: string) {
    this.item.name = 'Model Lens';
    this.item.command = 'modelLens.selectModel';
    this.show(model, undefined);
    this.item.show();
  }

  /** Shows the model and, once known, the device it runs on. */
  show(model: string, device: string | undefined, busy = false): void {
    const icon = busy ? '$(loading~spin)' : '$(telescope)';
    this.item.text = `${icon} ${model} · ${device ?? 'not loaded'}`;
    this.item.tooltip =
      device === undefined
        ? `Model Lens: ${model} (loads on the first analysis). Click to select a model.`
        : `Model Lens: ${model} running on ${device}. Click to select a model.`;
  }

  /** Removes the item. */
  dispose(): void {
    this.item.dispose();
  }
}
