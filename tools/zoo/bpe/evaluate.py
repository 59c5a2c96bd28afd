"""Held-out measurements of a BPE zoo model: bits per byte on unseen code and prose (every token scored once in
windows of the model's context with stride context/2) beside a token unigram and a byte unigram fitted on the
training split. <|endoftext|> between files is context, never scored."""
import math

import numpy as np
import torch

from .corpus import load
from .tokenizer import EOT, read_source

LN2 = math.log(2)
HELD_TOKENS = 40_000  # per kind, from the start of the held-out split


def token_bytes():
    """The UTF-8 bytes of each GPT-2 token id (GPT-2's byte-to-character alphabet undone)."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    char_to_byte = {chr(b): b for b in printable}
    extra = 0
    for b in range(256):
        if b not in printable:
            char_to_byte[chr(256 + extra)] = b
            extra += 1
    vocab, _ = read_source()
    out = [b""] * len(vocab)
    for piece, i in vocab.items():
        out[i] = b"" if i == EOT else bytes(char_to_byte[ch] for ch in piece)
    return out


def scored_bits(m, ids):
    """Bits of ids[1:] given the ids before them (windows of the model's context, stride half of it)."""
    window, stride = m.c.ctx, m.c.ctx // 2
    bits = np.zeros(len(ids))
    begin, done = 0, 1
    while done < len(ids):
        end = min(begin + window, len(ids))
        x = torch.from_numpy(ids[begin:end])[None]
        logp = torch.log_softmax(m.logits(x)[0], dim=-1)
        t = np.arange(done, end)
        bits[done:end] = -logp[t - 1 - begin, torch.from_numpy(ids[t])].numpy() / LN2
        done, begin = end, begin + stride
    return bits


def evaluate(m):
    tb = token_bytes()
    out = {"heldOutTokensPerKind": HELD_TOKENS, "window": m.c.ctx}
    for kind in ("code", "prose"):
        train, _ = load(kind, "train")
        held = load(kind, "held")[0][:HELD_TOKENS]
        held = np.concatenate(([EOT], held))
        scored = held[1:] != EOT
        nbytes = np.array([len(tb[i]) for i in held[1:]])
        total_bytes = nbytes[scored].sum()
        bits = scored_bits(m, held)[1:]
        counts = np.bincount(train, minlength=len(tb)).astype(np.float64) + 1
        uni = -np.log2(counts / counts.sum())[held[1:]]
        byte_counts = np.zeros(256) + 1
        for i, n in zip(*np.unique(train, return_counts=True)):
            for b in tb[i]:
                byte_counts[b] += n
        byte_bits = -np.log2(byte_counts / byte_counts.sum())
        held_bytes = b"".join(tb[i] for i in held[1:])
        out[kind] = {
            "bitsPerByte": round(float(bits[scored].sum() / total_bytes), 4),
            "tokenUnigramBitsPerByte": round(float(uni[scored].sum() / total_bytes), 4),
            "byteUnigramBitsPerByte": round(float(byte_bits[np.frombuffer(held_bytes, np.uint8)].mean()), 4),
            "bytesPerToken": round(float(total_bytes / scored.sum()), 3),
            "scoredBytes": int(total_bytes),
        }
    return out
