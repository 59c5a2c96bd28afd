// Prints the GPT-2 token ids of each text of a JSON list read from stdin, as JSON, with the tokenizer.json of
// tokenizer.py through @huggingface/tokenizers (the library the extension runs). Used by export.py's fixtures.
// Usage: echo '["text"]' | node tools/zoo/bpe/encode.mjs tools/zoo/.work/bpe/tokenizer.json
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

const tok = new Tokenizer(JSON.parse(readFileSync(process.argv[2], 'utf8')), {});
const texts = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(texts.map((t) => tok.encode(t, { add_special_tokens: false }).ids)));
