/**
 * @file A remote model's tokenizer: the server cuts the text (`POST /tokenize`, served beside `/v1` by vLLM, with
 * `return_token_strs` for the token strings), and each token's source range comes from the bytes its string spells
 * (byte-level pieces such as `Ġthe`, SentencePiece pieces such as `▁the` and `<0xE2>`).
 */
import { LensError } from '../../errors';
import { parseWith } from '../../parse';
import { Count, v } from '../../../shared/schema';
import { byteLevelDecoder } from '../byteLevel';
import { spansOfBytes, type SpanTokenizer, type TokenSpan } from '../tokenizer';
import { callJson, HttpStatusError, type HttpPolicy } from './http';
import type { RemoteSpec } from '../remoteSpec';

const TokenizeReply = v.looseObject({
  tokens: v.pipe(v.array(Count), v.maxLength(16 * 1024 * 1024)),
  token_strs: v.nullish(v.array(v.string())),
});

/** Where the server tokenizes: `/tokenize` at the API base without its `/v1`. */
export function tokenizeUrl(spec: RemoteSpec): string {
  return `${spec.baseUrl.replace(/\/v1$/u, '')}/tokenize`;
}

/** Ids (and token strings) of `text` as the server cuts it; `special`: with the tokens it adds (BOS). */
export async function tokenizeRemote(
  spec: RemoteSpec,
  text: string,
  special: boolean,
  policy: HttpPolicy,
  signal?: AbortSignal,
): Promise<{ ids: number[]; pieces: string[] | undefined }> {
  const body = { model: spec.model, prompt: text, add_special_tokens: special, return_token_strs: true };
  let reply: unknown;
  try {
    reply = await callJson(tokenizeUrl(spec), body, policy, signal);
  } catch (error) {
    if (error instanceof HttpStatusError && (error.status === 404 || error.status === 405)) {
      throw new LensError(
        'bad-model',
        `The model server has no ${tokenizeUrl(spec)} endpoint, which Model Lens needs to cut text into the ` +
          "model's tokens. Serve the model with vLLM (which has it), or give the API's base URL ending in /v1.",
      );
    }
    throw error;
  }
  const parsed = parseWith(TokenizeReply, reply, 'The model server tokenize reply', { code: 'network' });
  return { ids: [...parsed.tokens], pieces: parsed.token_strs === null ? undefined : parsed.token_strs };
}

/** The tokenizer of a remote model: `encodeAsync` asks the server; `decode` knows the tokens seen so far. */
export function remoteTokenizer(spec: RemoteSpec, policy: HttpPolicy): SpanTokenizer {
  const seen = new Map<number, string>();
  return {
    encode: () => {
      throw new LensError(
        'bad-model',
        `${spec.model} is a remote model: its tokens come from the server, which this analysis cannot wait for. ` +
          'Use surprisal or the task probes with it, or pick a local model.',
      );
    },
    encodeAsync: async (text, signal) => {
      const { ids, pieces } = await tokenizeRemote(spec, text, false, policy, signal);
      const spans = spansOfPieces(text, ids, pieces);
      spans.forEach((s) => seen.set(s.id, text.slice(s.start, s.end)));
      return spans;
    },
    decode: (ids) => ids.map((id) => seen.get(id) ?? '\uFFFD').join(''),
    vocabSize: 0,
  };
}

/** Source ranges of the server's tokens of `text`, from the bytes their strings spell. */
export function spansOfPieces(
  text: string,
  ids: readonly number[],
  pieces: readonly string[] | undefined,
): TokenSpan[] {
  if (pieces === undefined || pieces.length !== ids.length) {
    throw new LensError(
      'bad-model',
      'The model server gave no token strings with its token ids (return_token_strs), so the tokens cannot be ' +
        'placed in the text. Update vLLM to a version whose /tokenize has return_token_strs.',
    );
  }
  const lengths = pieceBytes(text, pieces).map((b) => b.length);
  const spans = spansOfBytes(text, ids, lengths);
  if (spans === undefined) {
    throw new LensError(
      'bad-model',
      "The model server's token strings do not spell the text, so its tokens cannot be placed in it (a tokenizer " +
        'that changes the text, such as one that lower-cases it). Use a model whose tokenizer keeps the text.',
    );
  }
  return spans;
}

/** The UTF-8 bytes of each token string: SentencePiece (`▁` for a space, `<0xHH>` bytes) or GPT-2 byte-level. */
function pieceBytes(text: string, pieces: readonly string[]): Uint8Array[] {
  const utf8 = new TextEncoder();
  if (!pieces.some((p) => p.includes('\u2581'))) return pieces.map(byteLevelDecoder());
  return pieces.map((piece, i) => {
    const hex = /^<0x([0-9A-Fa-f]{2})>$/u.exec(piece)?.[1];
    if (hex !== undefined) return Uint8Array.of(parseInt(hex, 16));
    const spaced = piece.replace(/\u2581/gu, ' ');
    // SentencePiece's dummy prefix: a space the text does not have, before its first word.
    return utf8.encode(i === 0 && spaced.startsWith(' ') && !text.startsWith(' ') ? spaced.slice(1) : spaced);
  });
}
