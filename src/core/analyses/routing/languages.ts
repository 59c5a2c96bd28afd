/**
 * @file The languages whose tokens the routing analysis sorts into kinds: VS Code's language id, the file
 * extensions the CLI recognises, and the highlight.js grammar that lexes them. Any other language is read as
 * plain text (words, numbers, whitespace and the rest).
 */
import type { LanguageFn } from 'highlight.js';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/** A language: its grammar and the VS Code ids and file extensions that name it. */
interface Language {
  readonly grammar: LanguageFn;
  readonly ids: readonly string[];
  readonly extensions: readonly string[];
}

/** The lexed languages by highlight.js name. */
export const LANGUAGES: Readonly<Record<string, Language>> = {
  bash: { grammar: bash, ids: ['shellscript'], extensions: ['.sh', '.bash'] },
  c: { grammar: c, ids: ['c'], extensions: ['.c', '.h'] },
  cpp: { grammar: cpp, ids: ['cpp'], extensions: ['.cpp', '.cc', '.cxx', '.hpp', '.hh'] },
  csharp: { grammar: csharp, ids: ['csharp'], extensions: ['.cs'] },
  css: { grammar: css, ids: ['css'], extensions: ['.css'] },
  go: { grammar: go, ids: ['go'], extensions: ['.go'] },
  java: { grammar: java, ids: ['java'], extensions: ['.java'] },
  javascript: { grammar: javascript, ids: ['javascript', 'javascriptreact'], extensions: ['.js', '.mjs', '.cjs'] },
  json: { grammar: json, ids: ['json', 'jsonc'], extensions: ['.json'] },
  markdown: { grammar: markdown, ids: ['markdown'], extensions: ['.md'] },
  python: { grammar: python, ids: ['python'], extensions: ['.py'] },
  ruby: { grammar: ruby, ids: ['ruby'], extensions: ['.rb'] },
  rust: { grammar: rust, ids: ['rust'], extensions: ['.rs'] },
  sql: { grammar: sql, ids: ['sql'], extensions: ['.sql'] },
  typescript: { grammar: typescript, ids: ['typescript', 'typescriptreact'], extensions: ['.ts', '.tsx'] },
  xml: { grammar: xml, ids: ['html', 'xml'], extensions: ['.html', '.xml', '.svg'] },
  yaml: { grammar: yaml, ids: ['yaml'], extensions: ['.yaml', '.yml'] },
};

/** The highlight.js name of a VS Code language id, or undefined (read as plain text). */
export function grammarOfLanguageId(id: string): string | undefined {
  return Object.keys(LANGUAGES).find((name) => LANGUAGES[name]?.ids.includes(id));
}

/** The VS Code language id of a file name by its extension, or `plaintext`. */
export function languageIdOfPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot).toLowerCase();
  const lang = Object.values(LANGUAGES).find((l) => l.extensions.includes(ext));
  return lang?.ids[0] ?? 'plaintext';
}
