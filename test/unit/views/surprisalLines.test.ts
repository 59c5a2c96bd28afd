import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SurprisalToken } from '../../../src/shared/surprisal';
import { lineStats, topLines } from '../../../webview/surprisal/lines';

/** Tokens of `pieces` laid end to end from `offset`, with these surprisals. */
function tokens(pieces: readonly [string, number][], offset = 0): SurprisalToken[] {
  let at = offset;
  return pieces.map(([text, surprisal]) => {
    const t = { text, start: at, end: at + text.length, surprisal };
    at += text.length;
    return t;
  });
}

test('each token counts on the line it starts on; totals, means and ranges worked by hand', () => {
  // "ab\ncd e\r\n\nf": line 1 "ab" (a 1 + b 2 + \n 1 = 4 bits, 3 tokens), line 2 "cd e" (cd 6 + " e" 2 + \r\n 1),
  // line 3 "" (no token starts there: the next token "\nf" starts on it, so it counts there), line 4 "f".
  const ts = tokens([
    ['a', 1],
    ['b', 2],
    ['\n', 1],
    ['cd', 6],
    [' e', 2],
    ['\r\n', 1],
    ['\nf', 3],
  ]);
  const lines = lineStats(ts);
  assert.deepEqual(
    lines.map((l) => [l.line, l.text, l.tokens, l.bits, l.start, l.end, l.first]),
    [
      [1, 'ab', 3, 4, 0, 2, 0],
      [2, 'cd e', 3, 9, 3, 7, 3],
      [3, '', 1, 3, 9, 9, 6],
      [4, 'f', 0, 0, 10, 11, 7],
    ],
  );
  assert.equal(lines[1]?.mean, 3);
});

test('offsets follow a selection that starts inside the document', () => {
  const lines = lineStats(
    tokens(
      [
        ['x', 1],
        ['\n', 1],
        ['y', 5],
      ],
      100,
    ),
  );
  assert.deepEqual(
    lines.map((l) => [l.start, l.end]),
    [
      [100, 101],
      [102, 103],
    ],
  );
});

test('tokens that share one character (a byte-level model) add its text once', () => {
  const ts: SurprisalToken[] = [
    { text: 'é', start: 0, end: 1, surprisal: 4 },
    { text: 'é', start: 0, end: 1, surprisal: 2 },
    { text: '\n', start: 1, end: 2, surprisal: 1 },
  ];
  assert.deepEqual(
    lineStats(ts).map((l) => [l.text, l.tokens, l.bits]),
    [['é', 3, 7]],
  );
});

test('the most surprising lines by total bits, blank lines left out, ties by line number', () => {
  const ts = tokens([
    ['a', 1],
    ['\n', 0],
    ['  ', 9],
    ['\n', 0],
    ['b', 5],
    ['\n', 0],
    ['c', 5],
    ['\n', 0],
    ['d', 7],
  ]);
  assert.deepEqual(
    topLines(lineStats(ts), 3).map((l) => l.line),
    [5, 3, 4],
  );
  assert.deepEqual(topLines([], 3), []);
});
