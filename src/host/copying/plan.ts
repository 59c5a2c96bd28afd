/**
 * @file The choices of "Copy & Lookup Probe", free of `vscode` (unit-tested): the lengths typed in the input box,
 * the options a caller may pass instead of being asked (tests, other commands), the models offered in the quick
 * pick (the selected model first, then the zoo's copy models and the other language models), and an example a
 * panel button names.
 */
import { COPY_OPTIONS, type CopyExample, type CopyProbeResult } from '../../shared/copying';
import { v, Count, NonEmptyName, check } from '../../shared/schema';

const O = COPY_OPTIONS;

/** The lengths of the input box ("10, 20, 40"), or one line saying what is wrong. */
export function parseLengths(text: string): number[] | string {
  const parts = text.split(',').map((p) => p.trim());
  const n = parts.map(Number);
  const ok = (x: number) => Number.isInteger(x) && x >= O.lengths.min && x <= O.lengths.max;
  if (parts.length > O.lengths.items || parts.some((p) => p === '') || !n.every(ok))
    return `Up to ${O.lengths.items} whole numbers from ${O.lengths.min} to ${O.lengths.max}, separated by commas`;
  return n;
}

const GivenSchema = v.partial(
  v.object({
    models: v.pipe(v.array(NonEmptyName), v.minLength(1), v.maxLength(O.models)),
    lengths: v.pipe(v.array(v.pipe(Count, v.minValue(1), v.maxValue(O.lengths.max))), v.minLength(1)),
    tasks: v.pipe(Count, v.minValue(O.tasks.min), v.maxValue(O.tasks.max)),
    seed: v.pipe(Count, v.maxValue(O.seed.max)),
    lookup: v.boolean(),
  }),
);
/** What a caller of the command may give instead of being asked. */
export type GivenProbe = v.InferOutput<typeof GivenSchema>;

/** The options a command argument gives (none when it is not a valid options object). */
export function givenOptions(arg: unknown): GivenProbe {
  const checked = check(GivenSchema, arg);
  return checked.ok ? checked.value : {};
}

/** A manifest entry as the pick reads it. */
export interface ZooEntry {
  readonly name: string;
  readonly task: string;
  readonly description: string;
}

/** A model offered in the pick. */
export interface ModelChoice {
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
  readonly picked: boolean;
}

/** The selected model first (picked), then the copy models, then the other embedded language models. */
export function modelChoices(current: string, zoo: readonly ZooEntry[], lmTasks: readonly string[]): ModelChoice[] {
  const rank = (e: ZooEntry) => (e.task === 'copy' ? 0 : 1);
  const others = zoo
    .filter((e) => lmTasks.includes(e.task) && e.name !== current)
    .sort((a, b) => rank(a) - rank(b))
    .map((e) => ({
      label: e.name,
      description: e.task === 'copy' ? 'copy model' : 'embedded',
      detail: e.description,
      picked: false,
    }));
  return [{ label: current, description: 'selected model', picked: true }, ...others];
}

/** The example `arg` names (`"model:example"` indices), with its model, if the result has it. */
export function exampleAt(r: CopyProbeResult | undefined, arg: string): { model: string; e: CopyExample } | undefined {
  const m = /^(\d+):(\d+)$/u.exec(arg);
  if (m === null || r === undefined) return undefined;
  const model = r.models[Number(m[1])];
  const e = model?.examples[Number(m[2])];
  return model === undefined || e === undefined ? undefined : { model: model.model, e };
}
