/**
 * @file tokenizer.json cases: lens-lm's tokenizer with fields of the wrong type, an unknown model type, ids
 * out of the model's vocabulary, a vocabulary emptied or made huge, merges of garbage, a wrong
 * tokenizer_config.json, or bad text; each run through `surprisal` with lens-lm's graph beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badText, edgeValue, jsonPaths, jsonText, mutateBytes, mutateJson, setAt, short, stringify } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';

type Tok = Record<string, unknown> & { model: Record<string, unknown> & { vocab: Record<string, number> } };

/** A tokenizer-specific change of a parsed tokenizer.json, in place. */
function special(tok: Tok, rng: Rng): string {
  const vocab = tok.model.vocab;
  const keys = Object.keys(vocab);
  switch (rng.int(7)) {
    case 0: {
      const type = rng.pick(['WordPiece', 'Unigram', 'WordLevel', 'Foo', '', 7]);
      tok.model['type'] = type;
      return `model.type = ${JSON.stringify(type)}`;
    }
    case 1: {
      const id = rng.pick([257, 1000, 65535, 2 ** 31 - 1, 2 ** 53, -1, 0.5]);
      vocab[rng.pick(keys)] = id;
      return `a vocabulary id = ${id}`;
    }
    case 2: {
      const shift = rng.pick([1, 100, 100_000]);
      for (const k of keys) vocab[k] = (vocab[k] ?? 0) + shift;
      return `every id shifted by ${shift}`;
    }
    case 3:
      tok.model.vocab = {};
      return 'vocabulary emptied';
    case 4: {
      const n = rng.logSize(1000, 300_000);
      for (let i = 0; i < n; i++) vocab[`t${i}`] = 257 + i;
      return `${n} tokens added`;
    }
    case 5:
      tok.model['merges'] = rng.pick([['a b'], ['Ā ā', 'ā Ā'], 'x', [null], [['a', 'b', 'c']], [[1, 2]]]);
      return `merges = ${short(tok.model['merges'])}`;
    default: {
      const added = [{ id: rng.pick([-1, 256, 9999, 2 ** 40]), content: rng.pick(['', '<s>', 'a']), special: true }];
      tok['added_tokens'] = added;
      return `added_tokens = ${short(added)}`;
    }
  }
}

/** A tokenizer.json case. */
export function tokenizerCase(rng: Rng, m: Materials): CaseBody {
  const lens = join(m.root, 'media', 'models', 'lens-lm');
  const original = readFileSync(join(lens, 'tokenizer.json'));
  const files: Record<string, Uint8Array | string | { copy: string }> = {
    'm/model.onnx': { copy: join(lens, 'onnx', 'model.onnx') },
    'm/config.json': { copy: join(lens, 'config.json') },
    't.txt': 'def f(x):\n    return x * 2  # é ☕ 🚀\n',
  };
  const kind = rng.weighted([
    [4, 'structure'],
    [3, 'special'],
    [1, 'config'],
    [1, 'bytes'],
    [1, 'text'],
  ] as const);
  let what: string;
  if (kind === 'bytes') {
    const b = mutateBytes(original, rng);
    files['m/tokenizer.json'] = b.bytes;
    what = b.what;
  } else if (kind === 'text') {
    const t = badText(rng, 0);
    files['m/tokenizer.json'] = t.bytes;
    what = t.what;
  } else {
    const tok = JSON.parse(original.toString('utf8')) as Tok;
    if (kind === 'config') {
      const config: Record<string, unknown> = { bos_token: '<|endoftext|>', model_max_length: 256 };
      const key = rng.pick([...Object.keys(config), 'add_bos_token', 'tokenizer_class', 'chat_template']);
      setAt(config, [key], rng.draw(edgeValue));
      files['m/tokenizer_config.json'] = stringify(config);
      what = `tokenizer_config.json ${key} = ${short(config[key])}`;
    } else if (kind === 'special') what = special(tok, rng);
    else {
      const paths = jsonPaths(tok).filter((p) => p[1] !== 'vocab' || rng.chance(0.05));
      what = [mutateJson(tok, rng, paths), ...(rng.chance(0.3) ? [mutateJson(tok, rng)] : [])].join('; ');
    }
    const t = jsonText(tok, rng);
    files['m/tokenizer.json'] = t.text;
    what += t.what;
  }
  return { what, files, argv: ['surprisal', 't.txt', '--model', './m', '--device', 'cpu', '--json'] };
}
