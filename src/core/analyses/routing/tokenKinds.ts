/**
 * @file The kind of every character of a text, from its language's lexer (highlight.js): identifiers, keywords,
 * literals (strings, numbers), comments, whitespace, and punctuation or anything else. A token of the model takes
 * the kind of the first character of its source range. Text the lexer leaves unmarked (and whole files of a
 * language it does not know) is split into words, numbers, whitespace and the rest.
 */
import hljsCore from 'highlight.js/lib/core';
import type { Emitter, HLJSApi } from 'highlight.js';
import { TOKEN_KINDS, type TokenKind } from '../../../shared/routing';
import { grammarOfLanguageId, LANGUAGES } from './languages';

const KIND = Object.fromEntries(TOKEN_KINDS.map((k, i) => [k, i])) as Record<TokenKind, number>;

/** The kind of text inside a highlight.js scope (by its first word), or undefined: decided by the characters. */
const SCOPE_KINDS: Readonly<Record<string, TokenKind>> = {
  keyword: 'keyword',
  type: 'keyword',
  string: 'literal',
  number: 'literal',
  regexp: 'literal',
  literal: 'literal',
  symbol: 'literal',
  comment: 'comment',
  doctag: 'comment',
  quote: 'comment',
  title: 'identifier',
  variable: 'identifier',
  built_in: 'identifier',
  attr: 'identifier',
  attribute: 'identifier',
  property: 'identifier',
  name: 'identifier',
  operator: 'punctuation',
  punctuation: 'punctuation',
};

/** Scopes that end the kind of the scopes around them (a `${…}` inside a string holds code, not string). */
const BREAKS = new Set(['subst']);

/** One run of text and the kind its scopes give it (undefined: by its characters). */
interface Run {
  readonly text: string;
  readonly kind: TokenKind | undefined;
}

/** A highlight.js emitter that records runs of text with their kinds instead of writing HTML. */
class KindEmitter implements Emitter {
  readonly runs: Run[] = [];
  private readonly scopes: string[] = [];

  startScope(name: string): void {
    this.scopes.push(name);
  }
  endScope(): void {
    this.scopes.pop();
  }
  // Grammars that name a mode by `className` open and close it with these (highlight.js 11 calls both forms).
  openNode(name: string): void {
    this.startScope(name);
  }
  closeNode(): void {
    this.endScope();
  }
  addText(text: string): void {
    this.runs.push({ text, kind: this.kindHere() });
  }
  toHTML(): string {
    return '';
  }
  finalize(): void {
    return undefined;
  }
  __addSublanguage(emitter: Emitter): void {
    if (emitter instanceof KindEmitter) this.runs.push(...emitter.runs);
  }

  private kindHere(): TokenKind | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i] ?? '';
      if (BREAKS.has(scope)) return undefined;
      const kind = SCOPE_KINDS[scope.split('.')[0] ?? ''];
      if (kind !== undefined) return kind;
    }
    return undefined;
  }
}

let lexer: HLJSApi | undefined;

function theLexer(): HLJSApi {
  if (lexer !== undefined) return lexer;
  const hljs = hljsCore.newInstance();
  hljs.configure({ __emitter: KindEmitter });
  for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang.grammar);
  lexer = hljs;
  return hljs;
}

const PLAIN = /(\s+)|([\p{L}_$][\p{L}\p{N}_$]*)|(\p{N}+(?:\.\p{N}+)?)/gu;

/** Writes the kinds of unmarked text: whitespace, words (identifiers), numbers (literals), and the rest. */
function plainKinds(text: string, out: Uint8Array, from: number): void {
  out.fill(KIND.punctuation, from, from + text.length);
  for (const m of text.matchAll(PLAIN)) {
    const kind = m[1] !== undefined ? KIND.whitespace : m[2] !== undefined ? KIND.identifier : KIND.literal;
    out.fill(kind, from + m.index, from + m.index + m[0].length);
  }
}

/** The kind (an index of TOKEN_KINDS) of each UTF-16 unit of `text`, lexed as VS Code's language `languageId`. */
export function characterKinds(text: string, languageId: string): Uint8Array {
  const out = new Uint8Array(text.length);
  const grammar = grammarOfLanguageId(languageId);
  if (grammar === undefined) {
    plainKinds(text, out, 0);
    return out;
  }
  const result = theLexer().highlight(text, { language: grammar, ignoreIllegals: true });
  const runs = (result._emitter as KindEmitter).runs;
  let at = 0;
  for (const run of runs) {
    if (run.kind === undefined) plainKinds(run.text, out, at);
    // Whitespace inside a string or comment belongs to it; elsewhere it stays whitespace.
    else if (run.kind === 'literal' || run.kind === 'comment') out.fill(KIND[run.kind], at, at + run.text.length);
    else fillWords(run.text, out, at, KIND[run.kind]);
    at += run.text.length;
  }
  return out;
}

/** Sets a marked run (a keyword, a name) to its kind, except its whitespace. */
function fillWords(text: string, out: Uint8Array, from: number, kind: number): void {
  for (let i = 0; i < text.length; i++) out[from + i] = /\s/u.test(text[i] ?? '') ? KIND.whitespace : kind;
}

/** The kind of each token from its source range's first unit (`start` relative to the text), whitespace if empty. */
export function tokenKinds(chars: Uint8Array, start: ArrayLike<number>, end: ArrayLike<number>): Uint8Array {
  const kinds = new Uint8Array(start.length);
  for (let t = 0; t < start.length; t++) {
    const s = start[t] ?? 0;
    kinds[t] = s < (end[t] ?? 0) ? (chars[s] ?? KIND.whitespace) : KIND.whitespace;
  }
  return kinds;
}
