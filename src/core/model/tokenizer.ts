/**
 * @file A tokenizer read from a Hugging Face `tokenizer.json` that also reports where each token
 * lies in the source text, as UTF-16 `[start, end)` offsets usable as VS Code ranges.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { LensError } from '../errors';
import { parseWith } from '../parse';
import { v, Count, quote } from '../../shared/schema';
import { utf8Offsets } from '../text/utf8Offsets';
import { byteLevelDecoder, chunkingOf, isByteLevel, type Chunking } from './byteLevel';

const flag = v.optional(v.boolean('true or false'));
const text = v.nullish(v.string('a string'));

/** A normalizer, pre-tokenizer, post-processor or decoder: its type, the flags they share, and nested sequences. */
const ComponentSchema: v.GenericSchema = v.looseObject({
  type: v.string('a string naming the component'),
  add_prefix_space: flag,
  trim_offsets: flag,
  use_regex: flag,
  lowercase: v.nullish(v.boolean('true or false')),
  strip_accents: v.nullish(v.boolean('true or false')),
  clean_text: flag,
  handle_chinese_chars: flag,
  normalizers: v.optional(v.array(v.lazy(() => ComponentSchema))),
  pretokenizers: v.optional(v.array(v.lazy(() => ComponentSchema))),
  processors: v.optional(v.array(v.lazy(() => ComponentSchema))),
  decoders: v.optional(v.array(v.lazy(() => ComponentSchema))),
});
const component = v.nullish(ComponentSchema);

/** The parts of tokenizer.json the tokenizer reads, checked before it is built; other fields pass as they are. */
const TokenizerJsonSchema = v.looseObject({
  model: v.looseObject({
    type: v.optional(v.string()),
    vocab: v.optional(v.union([v.record(v.string(), Count), v.array(v.tuple([v.string(), v.number()]))])),
    merges: v.optional(v.array(v.union([v.string(), v.array(v.string())]))),
    unk_token: text,
    continuing_subword_prefix: text,
    end_of_word_suffix: text,
    dropout: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
    fuse_unk: flag,
    byte_fallback: flag,
    ignore_merges: flag,
  }),
  added_tokens: v.optional(
    v.array(
      v.looseObject({
        id: Count,
        content: v.string(),
        special: flag,
        single_word: flag,
        lstrip: flag,
        rstrip: flag,
        normalized: flag,
      }),
    ),
  ),
  normalizer: component,
  pre_tokenizer: component,
  post_processor: component,
  decoder: component,
});

/** tokenizer_config.json: the special-token fields must be text (or an object with `content`) when present. */
const special = v.nullish(v.union([v.string(), v.looseObject({ content: v.string() })]));
const TokenizerConfigSchema = v.looseObject({ bos_token: special, eos_token: special, unk_token: special });

/** Text the tokenizer encodes and decodes once at load, so a broken tokenizer fails there with a message. */
const PROBE = 'Model Lens 12 + 3 = 15; naïve café\n\tend';

/** A token id with the range of source text it covers. */
export interface TokenSpan {
  readonly id: number;
  /** UTF-16 offset where the token starts; a token holding part of a character covers the whole character. */
  readonly start: number;
  /** UTF-16 offset where the token ends (exclusive). */
  readonly end: number;
}

/** Tokenizes text into ids with source ranges, and decodes ids back to text. */
export interface SpanTokenizer {
  /** Ids and source ranges of `text`, without special tokens. */
  encode(text: string): TokenSpan[];
  /** Text of one or more ids (partial UTF-8 sequences decode to U+FFFD). */
  decode(ids: readonly number[]): string;
  /** One more than the largest id the tokenizer can give (its vocabulary and added tokens). */
  readonly vocabSize: number;
  /** The bytes of one id when known (byte-level and byte-fallback pieces), so a partial character can be shown. */
  readonly bytesOf?: (id: number) => Uint8Array | undefined;
  /**
   * Encodes through a server (a remote model's tokenizer, whose `encode` throws); `encodeBounded` uses it when
   * present. Same result as `encode`.
   */
  readonly encodeAsync?: (text: string, signal?: AbortSignal) => Promise<TokenSpan[]>;
  /** Where a text may be cut into pieces that encode to the same tokens as the whole; absent: nowhere. */
  readonly chunking?: Chunking;
}

/** Builds a {@link SpanTokenizer} from parsed `tokenizer.json` and `tokenizer_config.json`. */
export function spanTokenizer(tokenizerJson: unknown, tokenizerConfig: unknown = {}): SpanTokenizer {
  if (typeof tokenizerJson !== 'object' || tokenizerJson === null || !('model' in tokenizerJson)) {
    throw new LensError('bad-model', 'tokenizer.json is not a Hugging Face tokenizer (it has no "model" section).');
  }
  const fix = "Replace it with the model's original file.";
  const json = parseWith(TokenizerJsonSchema, tokenizerJson, 'tokenizer.json', { code: 'bad-model', fix });
  parseWith(TokenizerConfigSchema, tokenizerConfig, 'tokenizer_config.json', { code: 'bad-model', fix });
  const tok = buildTokenizer(tokenizerJson, tokenizerConfig as object);
  const byteLevel = isByteLevel(tokenizerJson);
  const chunking = chunkingOf(tokenizerJson);
  const tokenizer: SpanTokenizer = {
    encode: (text) => (byteLevel ? byteLevelSpans(tok, text) : alignedSpans(tok, text)),
    decode: (ids) => tok.decode([...ids], { skip_special_tokens: false }),
    vocabSize: vocabSizeOf(json),
    bytesOf: bytesOfPiece(tok, byteLevel),
    ...(chunking !== undefined ? { chunking } : {}),
  };
  probe(tokenizer);
  return tokenizer;
}

/** The bytes of a byte-level piece, or of a byte-fallback piece such as `<0xC3>`; undefined for other tokens. */
function bytesOfPiece(tok: Tokenizer, byteLevel: boolean): (id: number) => Uint8Array | undefined {
  const toBytes = byteLevelDecoder();
  return (id) => {
    const piece = tok.id_to_token(id);
    if (piece === undefined) return undefined;
    if (byteLevel) return toBytes(piece);
    const hex = /^<0x([0-9A-Fa-f]{2})>$/u.exec(piece)?.[1];
    return hex === undefined ? undefined : Uint8Array.of(parseInt(hex, 16));
  };
}

function broken(error: unknown): LensError {
  const why = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return new LensError(
    'bad-model',
    `tokenizer.json cannot be used: the tokenizer library refuses it (${quote(why)}). Replace it with the model's ` +
      `original file.`,
  );
}

function buildTokenizer(json: object, config: object): Tokenizer {
  try {
    return new Tokenizer(json, config);
  } catch (error) {
    throw broken(error);
  }
}

/** Encodes and decodes {@link PROBE} once, so a tokenizer that fails on every text fails at load. */
function probe(tokenizer: SpanTokenizer): void {
  try {
    tokenizer.decode(tokenizer.encode(PROBE).map((s) => s.id));
  } catch (error) {
    throw broken(error);
  }
}

/** One more than the largest id of the vocabulary and the added tokens. */
function vocabSizeOf(json: v.InferOutput<typeof TokenizerJsonSchema>): number {
  const vocab = json.model.vocab;
  let size = Array.isArray(vocab) ? vocab.length : 0;
  if (vocab !== undefined && !Array.isArray(vocab))
    for (const id of Object.values(vocab)) size = Math.max(size, id + 1);
  for (const t of json.added_tokens ?? []) size = Math.max(size, t.id + 1);
  return size;
}

function byteLevelSpans(tok: Tokenizer, text: string): TokenSpan[] {
  const enc = tok.encode(text, { add_special_tokens: false });
  const toBytes = byteLevelDecoder();
  const lengths = enc.ids.map((_, i) => toBytes(enc.tokens[i] ?? '').length);
  return spansOfBytes(text, enc.ids, lengths) ?? alignedSpans(tok, text);
}

/**
 * Source ranges of tokens that spell `text`'s UTF-8 bytes in order, `byteLengths[i]` bytes each (a token of no bytes
 * counts one); undefined when they do not add up to the text's bytes. A token holding part of a character covers the
 * whole character.
 */
export function spansOfBytes(
  text: string,
  ids: readonly number[],
  byteLengths: readonly number[],
): TokenSpan[] | undefined {
  const map = utf8Offsets(text);
  const spans: TokenSpan[] = [];
  let byte = 0;
  for (let i = 0; i < ids.length; i++) {
    const n = Math.max(1, byteLengths[i] ?? 0);
    const first = Math.min(byte, map.length - 1);
    const last = Math.min(byte + n - 1, map.length - 1);
    spans.push({ id: ids[i] ?? 0, start: map.charStart[first] ?? 0, end: map.charEnd[last] ?? 0 });
    byte += n;
  }
  return byte === map.length ? spans : undefined;
}

/** For tokenizers that are not byte-level: finds each decoded token in the text, left to right. */
function alignedSpans(tok: Tokenizer, text: string): TokenSpan[] {
  const enc = tok.encode(text, { add_special_tokens: false });
  const spans: TokenSpan[] = [];
  let cursor = 0;
  for (const id of enc.ids) {
    const piece = tok
      .decode([id], { skip_special_tokens: false })
      .replace(/^[\s▁]+/u, '')
      .replace(/^##/u, '');
    const at = piece.length > 0 ? text.indexOf(piece, cursor) : -1;
    if (at >= 0 && at - cursor <= 64) {
      spans.push({ id, start: at, end: at + piece.length });
      cursor = at + piece.length;
    } else {
      spans.push({ id, start: cursor, end: cursor });
    }
  }
  return spans;
}
