/**
 * @file Token kinds from the language's lexer: each character of a small hand-read snippet per language, and the
 * kind a token takes from its source range.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { characterKinds, tokenKinds } from '../../../src/core/analyses/routing/tokenKinds';
import { languageIdOfPath } from '../../../src/core/analyses/routing/languages';

// One letter per kind, in TOKEN_KINDS order: identifier, keyword, literal, comment, whitespace, punctuation.
const LETTERS = 'IKLCWP';
const kinds = (text: string, language: string): string =>
  Array.from(characterKinds(text, language), (k) => LETTERS[k] ?? '?').join('');

test('Python: keywords, names, numbers, a comment and whitespace', () => {
  const text = 'def f(x):\n    return x + 1  # one';
  // d e f _ f ( x ) : \n _ _ _ _ r e t u r n _ x _ + _ 1 _ _ # _ o n e
  assert.equal(kinds(text, 'python'), 'KKKWIPIPPWWWWWKKKKKKWIWPWLWWCCCCC');
});

test('TypeScript: a string keeps its spaces, a template substitution holds code, a line comment', () => {
  assert.equal(kinds('let s = "a b"; // c', 'typescript'), 'KKKWIWPWLLLLLPWCCCC');
  // `x ${y}`: the backtick, x and space are the string; ${ and } are punctuation, y an identifier.
  assert.equal(kinds('`x ${y}`', 'typescript'), 'LLLIPIPL');
});

test('a language the lexer does not know is read as words, numbers, whitespace and the rest', () => {
  assert.equal(kinds('ab 12, c_d', 'plaintext'), 'IIWLLPWIII');
  assert.equal(kinds('x = 3.5', 'no-such-language'), 'IWPWLLL');
});

test('a token takes the kind of the first unit of its range; an empty range is whitespace', () => {
  const chars = characterKinds('if x', 'python');
  const t = tokenKinds(chars, [0, 2, 3, 4], [2, 3, 4, 4]);
  assert.deepEqual(
    Array.from(t, (k) => LETTERS[k]),
    ['K', 'W', 'I', 'W'],
  );
});

test('file extensions name VS Code languages; others are plain text', () => {
  assert.equal(languageIdOfPath('src/app.tsx'), 'typescript');
  assert.equal(languageIdOfPath('a/b.PY'), 'python');
  assert.equal(languageIdOfPath('README'), 'plaintext');
  assert.equal(languageIdOfPath('notes.txt'), 'plaintext');
});
