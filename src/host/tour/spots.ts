/**
 * @file Where the walkthrough puts the cursor in the sample file (media/sample.py): plain text search, no
 * `vscode`, so that the unit tests can check every spot against the shipped file.
 */
import { LensError } from '../../core/errors';
import { quote } from '../../shared/schema';

/** The sample file's name under media/ (and under the extension's storage, where it is opened). */
export const SAMPLE_FILE = 'sample.py';

/** A place in the sample: the first occurrence of `find`, then `at` characters further. */
interface Spot {
  readonly find: string;
  readonly at: number;
}

/** The walkthrough's spots, by the name its `command:modelLens.openSample?["…"]` links pass. */
export const SAMPLE_SPOTS = {
  /** The top of the file. */
  start: { find: '', at: 0 },
  /** The `L` of the last `ORDER_LOG`: a model predicts it from the earlier copies of the name. */
  dependencies: { find: 'read_orders(ORDER_LOG)', at: 'read_orders(ORDER_'.length },
  /** The start of the addition in the docstring, for Show Position IDs (it reads the cursor's line). */
  positions: { find: '48213+9077=', at: 0 },
} as const satisfies Record<string, Spot>;

/** A spot's name. */
export type SampleSpot = keyof typeof SAMPLE_SPOTS;

/** Whether `name` is a spot's name. */
export const isSampleSpot = (name: unknown): name is SampleSpot =>
  typeof name === 'string' && Object.hasOwn(SAMPLE_SPOTS, name);

/**
 * The UTF-16 offset in `text` of the spot `name` (`start` when `name` is undefined).
 * Throws `bad-input` for an unknown name and `bug` when the sample lacks the spot's text.
 */
export function sampleSpotOffset(text: string, name: unknown): number {
  if (name === undefined) return 0;
  if (!isSampleSpot(name)) {
    const known = Object.keys(SAMPLE_SPOTS).join(', ');
    throw new LensError('bad-input', `No place named ${quote(String(name))} in the sample. Use one of ${known}.`);
  }
  const spot: Spot = SAMPLE_SPOTS[name];
  const found = text.indexOf(spot.find);
  if (found < 0) throw new LensError('internal', `The sample file lacks ${quote(spot.find)}. Reinstall the extension.`);
  return found + spot.at;
}
