/**
 * @file Lookup tasks from the user's text: `name: value`, `name = value` and `"name": value` lines (a key,
 * optionally after const/let/var/export, then an identifier or literal value ending the line), each name kept
 * once with its first value. A task lists pairs compactly (`name: value` a line, in a seeded order, as many as
 * the model's window holds, the queried one always among them) and asks `name:`; the answer is ` value`.
 */
import { Rng, mixSeed } from '../../random/draws';

/** One harvested pair. */
export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

const KEYWORDS = String.raw`(?:(?:export|const|let|var|final|static|public|private|readonly|val)\s+)*`;
const KEY = String.raw`(["']?)([A-Za-z_$][\w$.-]{0,63})\1`;
const VALUE = String.raw`("[^"\n]{0,80}"|'[^'\n]{0,80}'|-?\d[\w.]{0,31}|[A-Za-z_$][\w$.]{0,63})`;
const PAIR = new RegExp(String.raw`^\s*${KEYWORDS}${KEY}\s*(?::|=(?![=>]))\s*${VALUE}\s*[,;]?\s*$`, 'u');

/** The distinct-name pairs of `text`, in order of first appearance. */
export function harvestPairs(text: string): NamedValue[] {
  const seen = new Set<string>();
  const pairs: NamedValue[] = [];
  for (const line of text.split(/\r?\n/u)) {
    const m = PAIR.exec(line);
    const name = m?.[2];
    const value = m?.[3];
    if (name === undefined || value === undefined || seen.has(name)) continue;
    seen.add(name);
    pairs.push({ name, value });
  }
  return pairs;
}

/** A lookup task: the listing and query, the answer, and how many pairs were listed. */
export interface LookupTask {
  readonly prompt: string;
  readonly answer: string;
  readonly listed: number;
}

/** The listing line of a pair. */
export const pairLine = (p: NamedValue): string => `${p.name}: ${p.value}\n`;

/**
 * Up to `count` tasks, each querying a different pair (drawn with the seed); `cost(p)` is a pair's line in tokens
 * and `budget` the tokens a listing may take (the window less the query and answer).
 */
export function lookupTasks(
  pairs: readonly NamedValue[],
  count: number,
  seed: number,
  cost: (p: NamedValue) => number,
  budget: (query: NamedValue) => number,
): LookupTask[] {
  const rng = new Rng(mixSeed(seed, 0x100c));
  return rng.distinct(Math.min(count, pairs.length), pairs.length).map((q) => {
    const query = pairs[q] as NamedValue;
    let room = budget(query) - cost(query);
    const listed = [query];
    for (const k of rng.distinct(pairs.length, pairs.length)) {
      const p = pairs[k] as NamedValue;
      if (p === query || cost(p) > room) continue;
      room -= cost(p);
      listed.push(p);
    }
    const order = rng.distinct(listed.length, listed.length).map((k) => listed[k] as NamedValue);
    const prompt = `${order.map(pairLine).join('')}${query.name}:`;
    return { prompt, answer: ` ${query.value}`, listed: listed.length };
  });
}
