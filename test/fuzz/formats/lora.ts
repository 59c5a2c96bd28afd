/**
 * @file The LoRA commands a damaged adapter is run through (`lora stats`, `lora merge` with each method,
 * `lora eval`), shared by the safetensors and adapter_config.json cases.
 */
import type { Rng } from '../rng';

const MERGES = ['linear', 'svd', 'ties', 'dare_linear', 'dare_ties', 'magnitude_prune', 'task_arithmetic', 'cat'];

/** Three lines of the zoo's task, for `lora eval`. */
export const TASK_LINES =
  '{"prompt": "eight plus two>", "answer": "8+2=10"}\n{"prompt": "ten minus three>", "answer": "10-3=7"}\n' +
  '{"prompt": "12+2=", "answer": "14"}\n';

/** A LoRA command over the adapter folder `dir` and the embedded lora-words. */
export function loraCommand(rng: Rng, dir: string): { argv: string[]; outputs?: string[]; what: string } {
  const adapters = rng.chance(0.8) ? `${dir},lora-words` : dir;
  const kind = rng.weighted([
    [3, 'stats'],
    [4, 'merge'],
    [2, 'eval'],
  ] as const);
  if (kind === 'stats') return { argv: ['lora', 'stats', '--adapters', adapters, '--json'], what: 'stats' };
  if (kind === 'eval') {
    const argv = ['lora', 'eval', '--adapters', adapters, '--data', 'd.jsonl', '--method', 'base,each,linear'];
    return { argv: [...argv, '--device', 'cpu', '--json'], what: 'eval' };
  }
  const method = rng.pick(MERGES);
  const argv = ['lora', 'merge', '--adapters', adapters, '--method', method, '--out', 'out', '--json'];
  return { argv, outputs: ['out'], what: `merge ${method}` };
}
