/**
 * @file The human-readable output of `positions`: tokens with their IDs and the model's verdict.
 */
import { answerAsNumber, type PositionsResult, type PositionsToken } from '../../shared/positions';

/** `"5":1` per token; a fed ID that differs from the rule's gets `(rule N)`. */
function tokenCell(t: PositionsToken): string {
  const fed = t.fedId ?? t.ruleId;
  return `${JSON.stringify(t.text)}:${fed}${fed === t.ruleId ? '' : `(rule ${t.ruleId})`}`;
}

/** Tokens with their IDs, then the model's answer against the rule's (or the note for rule IDs only). */
export function positionsText(r: PositionsResult): string {
  const lines = [r.tokens.map(tokenCell).join(' ')];
  if (r.model !== undefined) {
    const answers = r.tokens.filter((t) => t.answer).length;
    const verdict = r.correct === true ? 'correct' : 'wrong';
    lines.push(
      `${r.model} (${r.mode ?? ''}) answers ${r.answer ?? ''}; expected ${r.expected ?? ''}: ${verdict}; ` +
        `${r.idMatches ?? 0}/${answers} answer IDs as the rule's`,
    );
  } else if (r.expected !== undefined) lines.push(`answer ${r.expected}`);
  if (r.expected !== undefined && (r.task === 'addition' || r.task === 'multiplication')) {
    const model = r.answer === undefined ? '' : `model ${answerAsNumber(r.task, r.answer)}, `;
    const expected = answerAsNumber(r.task, r.expected);
    lines.push(`as a number (answers are written least-significant digit first): ${model}expected ${expected}`);
  }
  if (r.given !== undefined) lines.push(`given answer ${r.given}: ${r.givenCorrect === true ? 'correct' : 'wrong'}`);
  if (r.note !== undefined) lines.push(r.note);
  return `${lines.join('\n')}\n`;
}
