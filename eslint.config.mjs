// Lint of Model Lens: typescript-eslint's recommended rules, the 120-character line limit, and the
// process boundaries of DESIGN.md enforced as import rules (src/core: no vscode and no DOM; webview: no
// Node module and only src/shared; src/host: no model runtime; src/shared: nothing but itself and valibot).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const MODEL_RUNTIMES = ['onnxruntime-node', 'onnxruntime-web', '@huggingface/transformers'];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'SVGSVGElement', 'requestAnimationFrame'];
const NODE_MODULES = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'util', 'url', 'http'];

/** An import rule: these packages and path patterns are refused, with the reason. */
function refuse(paths, patterns, message) {
  return {
    'no-restricted-imports': [
      'error',
      { paths: paths.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] },
    ],
  };
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'media/**', 'e2e/vscode-rig/**', 'e2e/artifacts/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-globals': 'off',
      ...refuse(
        [...MODEL_RUNTIMES, 'vscode'],
        [...NODE_MODULES, '**/src/core/**', '**/src/engine/**', '**/src/host/**', '**/src/cli/**'],
        'A view runs in a browser: it imports no Node module and nothing from src/ but src/shared.',
      ),
    },
  },
  {
    files: ['webview/views.ts', 'webview/*/body.ts'],
    rules: refuse([...MODEL_RUNTIMES, 'vscode'], [...NODE_MODULES, '../*/main', './main'], 'VIEWS is plain data.'),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: refuse(
      ['vscode'],
      ['**/host/**', '**/engine/**', '**/cli/**', '**/webview/**'],
      'src/core is pure computation: no vscode, no DOM, and nothing from the processes built on it.',
    ),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: refuse(
      ['vscode', ...MODEL_RUNTIMES],
      ['**/core/**', '**/host/**', '**/engine/**', '**/cli/**', '**/webview/**', 'node:*'],
      'src/shared holds the messages and schemas every process shares: it imports nothing but valibot.',
    ),
  },
  {
    files: ['src/host/**/*.ts'],
    rules: refuse(
      MODEL_RUNTIMES,
      [
        '**/core/analyses/**',
        '**/core/model/**',
        '!**/core/model/manifest',
        '!**/core/model/remoteSpec',
        '**/engine/**',
        '**/cli/**',
      ],
      'The extension host never loads a model runtime: models and analyses run in the engine process.',
    ),
  },
  {
    files: ['src/engine/**/*.ts', 'src/cli/**/*.ts'],
    rules: refuse(['vscode'], ['**/host/**'], 'The engine and the CLI run without VS Code.'),
  },
  {
    files: ['e2e/**/*.mjs', 'test/**/*.mjs', 'test/**/*.cjs', 'tools/**/*.mjs', 'esbuild.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-restricted-globals': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
