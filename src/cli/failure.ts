/**
 * @file How the CLI reports a failure: exit 2 and one line (what is wrong, what to do) for bad input, a model
 * problem or a cancel; exit 1 only for a bug, with a line that asks for a report and names the log file it wrote
 * (the stack trace, the arguments and the versions) in the temporary folder.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toErrorInfo } from '../core/errors';

/** Where bugs are reported. */
export const REPORT_TO = 'the Model Lens issue tracker';

/** The exit code of a failure: 1 for a bug (`internal`), 2 for anything the user can act on. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return toErrorInfo(error).code === 'internal' ? 1 : 2;
}

/** The first paragraph of a message on one line; a cut message points at the command's --help. */
export function oneLine(message: string, command: string | undefined): string {
  const [first = '', ...rest] = message.split(/\n\s*\n/u);
  const line = first.replace(/\s*\n\s*/gu, ' ').trim();
  if (rest.length === 0) return line;
  return `${line} Run "model-lens ${command ?? ''}${command === undefined ? '' : ' '}--help" for the usage.`;
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && depth < 5; depth++) {
    lines.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
    e = e instanceof Error ? e.cause : undefined;
    if (e !== undefined) lines.push('Caused by:');
  }
  return lines.join('\n');
}

/** Writes a bug's log (stack, arguments, versions) to a new file in the temporary folder; returns its path. */
export function writeBugLog(error: unknown, argv: readonly string[], dir = tmpdir()): string {
  const path = join(dir, `model-lens-${new Date().toISOString().replace(/[:.]/gu, '-')}-${process.pid}.log`);
  const text = [
    `model-lens failed with an unexpected error at ${new Date().toISOString()}`,
    `arguments: ${JSON.stringify(argv.slice(2))}`,
    `node ${process.version} on ${process.platform} ${process.arch}`,
    '',
    stackOf(error),
    '',
  ].join('\n');
  writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
  return path;
}

/** The one line printed on stderr for a failure; a bug's log is written first. */
export function failureLine(error: unknown, command: string | undefined, argv: readonly string[]): string {
  const info = toErrorInfo(error);
  if (info.code !== 'internal') return `model-lens: ${oneLine(info.message, command)}`;
  const text = oneLine(info.message.replace(/ See "Model Lens: Show Engine Log" for details\.$/u, ''), command);
  let where: string;
  try {
    where = `with the log ${writeBugLog(error, argv)}`;
  } catch (logError) {
    where = `(the log could not be written: ${String(logError)}; the stack follows)\n${stackOf(error)}`;
  }
  return `model-lens: ${text} This is a bug in Model Lens: please report it to ${REPORT_TO} ${where}`;
}
