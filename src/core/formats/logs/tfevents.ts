/**
 * @file TensorBoard logs: one event file, or a folder searched for event files (`*tfevents*`) in its subfolders.
 * Each folder holding event files is one run, named by its path relative to the root (the root's own files by
 * the root's name); the files of one run are read in name order (their names begin with the time they were
 * started) and merged by step, a later file's value of a tag replacing an earlier one.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { LensError, throwIfCancelled } from '../../errors';
import { checkCells, clip, columnName, readLogBytes, tooLarge } from './common';
import { decodeEvent, type ScalarPoint } from './events';
import { eventRecords } from './records';
import { MAX_EVENT_FILES, MAX_FOLDER_DEPTH, MAX_LOG_BYTES, type LogTable, type LogValue } from './types';

/** Records decoded between two checks of the abort signal. */
const CHECK_EVERY = 1024;

/** Whether a file name is an event file's (TensorBoard's own test: the name contains "tfevents"). */
export function isEventFile(name: string): boolean {
  return name.includes('tfevents');
}

/** The scalars of an event file's bytes, in file order; bad records refused naming the record and the file. */
export function eventPoints(bytes: Uint8Array, path: string, signal?: AbortSignal): ScalarPoint[] {
  const points: ScalarPoint[] = [];
  const plugins = new Map<string, string>();
  for (const { index, data } of eventRecords(bytes, path)) {
    if (index % CHECK_EVERY === 0) throwIfCancelled(signal);
    let event: ScalarPoint[];
    try {
      event = decodeEvent(data, plugins);
    } catch (error) {
      // protobufjs throws RangeError (data cut short) or Error (a wire type that does not exist) on bad bytes.
      const why = clip(error instanceof Error ? error.message : String(error));
      throw new LensError(
        'bad-input',
        `Record ${index} of ${path} is not a TensorBoard Event (${why}), though its checksum holds. ` +
          'Choose a TensorBoard event file (events.out.tfevents.*).',
      );
    }
    for (const point of event) points.push(point);
  }
  return points;
}

/** The event files under `root`, at most {@link MAX_FOLDER_DEPTH} folders deep (links not followed), by path. */
async function findEventFiles(root: string, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    throwIfCancelled(signal);
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, entry.name);
      if (entry.isFile() && isEventFile(entry.name)) found.push(path);
      else if (entry.isDirectory() && depth < MAX_FOLDER_DEPTH && !entry.name.startsWith('.'))
        await walk(path, depth + 1);
      if (found.length > MAX_EVENT_FILES)
        throw new LensError(
          'too-long',
          `${root} holds more than ${MAX_EVENT_FILES} event files. Choose the folder of fewer runs.`,
        );
    }
  };
  await walk(root, 0);
  return found;
}

/** A folder named by a time.time() value, as PyTorch's and tensorboardX's `add_hparams` make for the hparams. */
const HPARAMS_FOLDER = /^\d{9,11}\.\d+$/u;

/**
 * A run's name: its folder relative to the root, with "/" between parts (the root's own files: its name). The
 * folder `add_hparams` makes inside a run (named by a time) belongs to that run when the run has event files.
 */
export function runName(root: string, file: string, runFolders: ReadonlySet<string> = new Set()): string {
  let folder = dirname(file);
  if (HPARAMS_FOLDER.test(basename(folder)) && runFolders.has(dirname(folder))) folder = dirname(folder);
  const path = relative(root, folder);
  return path === '' ? basename(root) : path.split(sep).join('/');
}

/** Merges a run's points by step into rows (ordered by step); `tags` collects the tag names. */
function mergeRun(run: string, points: readonly ScalarPoint[], tags: Set<string>) {
  const bySteps = new Map<number, Record<string, LogValue>>();
  for (const point of points) {
    const tag = columnName(point.tag, ['run', 'step']);
    tags.add(tag);
    const row = bySteps.get(point.step) ?? { run, step: point.step };
    row[tag] = point.value;
    bySteps.set(point.step, row);
  }
  return [...bySteps.entries()].sort((a, b) => a[0] - b[0]);
}

/** Reads a file's scalars. */
type PointsOf = (file: string) => Promise<ScalarPoint[]>;

/** Reads event files (grouped by run) into one table: `run`, `step`, then the tags in name order. */
async function tableOf(source: string, runs: Map<string, string[]>, read: PointsOf) {
  const rows: Record<string, LogValue>[] = [];
  const where: string[] = [];
  const tags = new Set<string>();
  for (const [run, files] of runs) {
    const points: ScalarPoint[] = [];
    for (const file of files) for (const point of await read(file)) points.push(point);
    for (const [step, row] of mergeRun(run, points, tags)) {
      rows.push(row);
      where.push(`run ${clip(run, 60)}, step ${step}`);
    }
  }
  if (rows.length === 0)
    throw new LensError(
      'bad-input',
      `${source} holds no scalar summaries (only images, histograms or text, or nothing). Choose a run's logs.`,
    );
  const columns = ['run', 'step', ...[...tags].filter((t) => t !== 'run' && t !== 'step').sort()];
  checkCells(source, rows.length, columns.length);
  for (const row of rows) for (const column of columns) row[column] ??= null;
  return { source, format: 'tfevents', columns, rows, where } satisfies LogTable;
}

/** Reads one event file (its run named by its folder) as a table; `bytes` when they were read already. */
export async function readEventsFile(path: string, maxBytes = MAX_LOG_BYTES, signal?: AbortSignal, bytes?: Buffer) {
  const read = async (file: string) => eventPoints(bytes ?? (await readLogBytes(file, maxBytes)), file, signal);
  return tableOf(path, new Map([[basename(dirname(path)), [path]]]), read);
}

/** Reads a folder of event files (in subfolders too) as a table; a run per folder. */
export async function readEventsFolder(root: string, maxBytes = MAX_LOG_BYTES, signal?: AbortSignal) {
  const files = await findEventFiles(root, signal);
  if (files.length === 0)
    throw new LensError(
      'bad-input',
      `${root} holds no TensorBoard event files (events.out.tfevents.*), in it or its subfolders. ` +
        'Choose a run folder, or a CSV, TSV or JSONL log.',
    );
  let total = 0;
  const runs = new Map<string, string[]>();
  const folders = new Set(files.map((file) => dirname(file)));
  for (const file of files) {
    const { size } = await stat(file);
    total += size;
    // An event file of 0 bytes is one a writer has just opened: nothing is logged in it yet.
    if (size === 0) continue;
    const run = runName(root, file, folders);
    runs.set(run, [...(runs.get(run) ?? []), file]);
  }
  if (total > 8 * maxBytes) throw tooLarge(`The event files of ${root}`, total, 8 * maxBytes);
  const read = async (file: string) => eventPoints(await readLogBytes(file, maxBytes), file, signal);
  return tableOf(root, runs, read);
}
