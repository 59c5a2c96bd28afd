/**
 * @file Names the LoRA commands suggest and show, free of VS Code so unit tests read them: the folder a
 * merged adapter is saved to (`merged-<method>-<adapters>`), and how a task file is named in notes (an
 * embedded file by its path under the models folder, never the extension's install path).
 */

/** Longest suggested folder name, in characters. */
const MAX_NAME = 80;

/** A piece of a folder name: letters, digits, `.`, `_` and `-` kept, every other run made one `-`. */
function slug(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]+/gu, '-')
    .replace(/^[-.]+|-+$/gu, '')
    .toLowerCase();
}

/**
 * The folder suggested for a merge: `merged-<method>-<adapter>-<adapter>…` (at most 80 characters), with
 * `-2`, `-3`, … added while `taken(name)` says the name is in use.
 */
export function mergedFolderName(
  method: string,
  adapters: readonly string[],
  taken: (name: string) => boolean,
): string {
  const parts = ['merged', slug(method), ...adapters.map(slug)].filter((p) => p !== '');
  const stem = parts.join('-').slice(0, MAX_NAME).replace(/-+$/u, '');
  let name = stem;
  for (let n = 2; taken(name) && n < 1000; n++) name = `${stem}-${n}`;
  return name;
}

/**
 * How a task file is named in the panel: `embedded <path under the models folder>` for a file inside
 * `modelsDir`, otherwise `workspacePath` (the host's path relative to the workspace, or the full path).
 */
export function taskSourceName(fsPath: string, modelsDir: string, workspacePath: string): string {
  const norm = (p: string): string => p.replace(/\\/gu, '/').replace(/\/+$/u, '');
  const dir = `${norm(modelsDir)}/`;
  const file = norm(fsPath);
  return file.startsWith(dir) ? `embedded ${file.slice(dir.length)}` : workspacePath;
}
