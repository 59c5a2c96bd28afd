/**
 * @file Text cases: empty, whitespace, binary, NUL bytes, invalid UTF-8, UTF-16, random Unicode, one long
 * line, many lines, deeply nested JSON, control characters and huge files, run through `surprisal`,
 * `dependencies` and `trees train`.
 */
import { badText } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';

/** A text case. */
export function textCase(rng: Rng, _m: Materials): CaseBody {
  const t = badText(rng);
  const command = rng.weighted([
    [6, 'surprisal'],
    [2, 'dependencies'],
    [2, 'trees'],
  ] as const);
  // Token limits that keep a legitimate run to seconds on 2 cores; longer texts must be refused quickly.
  const argv =
    command === 'surprisal'
      ? ['surprisal', 't.txt', '--max-tokens', '4096', '--device', 'cpu', '--json']
      : command === 'dependencies'
        ? ['dependencies', 't.txt', '--method', 'attention', '--max-tokens', '2048', '--device', 'cpu', '--json']
        : ['trees', 'train', 't.txt', '--window', '4', '--depth', '4', '--out', 'm.json', '--json'];
  return {
    what: `${command}: ${t.what} (${t.bytes.length} bytes)`,
    files: { 't.txt': t.bytes },
    argv,
    ...(command === 'trees' ? { outputs: ['m.json'] } : {}),
  };
}
