// Encodes the corpus slices that corpus.py dumps with GPT-2's tokenizer.json (tokenizer.py), through
// @huggingface/tokenizers as the extension does: each file on its own, <|endoftext|> (50256) between files.
// Writes <kind>.<split>.u16 (little-endian ids) and <kind>.<split>.json (token and UTF-8 byte counts).
// Usage (from the repository root): node tools/zoo/bpe/tokenize_corpus.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

const WORK = join('tools', 'zoo', '.work', 'bpe');
const EOT = 50256;
const tok = new Tokenizer(JSON.parse(readFileSync(join(WORK, 'tokenizer.json'), 'utf8')), {});

for (const kind of ['code', 'prose']) {
  for (const split of ['train', 'held']) {
    const files = readFileSync(join(WORK, `${kind}.${split}.bytes`)).toString('utf8').split('\0');
    const ids = [];
    let bytes = 0;
    files.forEach((text, i) => {
      if (i > 0) ids.push(EOT);
      for (const id of tok.encode(text, { add_special_tokens: false }).ids) ids.push(id);
      bytes += Buffer.byteLength(text, 'utf8');
    });
    writeFileSync(join(WORK, `${kind}.${split}.u16`), Buffer.from(Uint16Array.from(ids).buffer));
    const counts = { files: files.length, tokens: ids.length, bytes };
    writeFileSync(join(WORK, `${kind}.${split}.json`), JSON.stringify(counts));
    console.log(kind, split, files.length, 'files', ids.length, 'tokens', bytes, 'bytes');
  }
}
