/**
 * @file The human-readable output of `remaining-length`: the answer, then per token the refined and prompt-only
 * estimates of the remaining length beside the truth, and the error of each layer's probe.
 */
import type { RemainingPredictResult } from '../../shared/remaining';

const num = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(1));

/** Answer, a table of estimates per token, the mean absolute errors and the layer scan. */
export function remainingText(r: RemainingPredictResult): string {
  const answer = r.steps.map((s) => s.text).join('');
  const lines = [
    `${r.model}, probe layer ${r.layer} of 0-${r.layers - 1}; prompt-only estimate ${num(r.promptOnlyTotal)} tokens`,
    `answer (${r.steps.length} tokens${r.finished ? '' : ', not finished'}): ${JSON.stringify(answer)}`,
    'token  text      refined  prompt-only  truth',
  ];
  r.steps.forEach((s, i) =>
    lines.push(
      `${String(i + 1).padStart(5)}  ${JSON.stringify(s.text).padEnd(8)}  ${num(s.refined).padStart(7)}  ` +
        `${num(s.promptOnly).padStart(11)}  ${s.truth === undefined ? '    -' : String(s.truth).padStart(5)}`,
    ),
  );
  if (r.finished && r.steps.length > 0) {
    const mae = (f: (s: RemainingPredictResult['steps'][number]) => number): string =>
      num(r.steps.reduce((a, s) => a + Math.abs(f(s) - (s.truth ?? 0)), 0) / r.steps.length);
    lines.push(`mean absolute error: refined ${mae((s) => s.refined)}, prompt-only ${mae((s) => s.promptOnly)}`);
  }
  const scan = r.layerScan.map((e) => `${e.layer}: ${num(e.mae)} (held-out ${num(e.heldOutMae)})`).join(', ');
  lines.push(`layer scan, MAE of each layer's probe: ${scan}`);
  return lines.join('\n');
}
