"""k-sparse planted sequences in Python, in the format of
src/core/analyses/dependencies/plantedSequences.ts (same targets, same sources, same rule).

`planted_batch` draws a training batch with numpy; `planted_sequences_ts` replays the TypeScript
generator exactly (mulberry32), so held-out sets can be the very sequences the unit test sees.
"""
import numpy as np


def first_and_targets(length, offsets, every):
    first = max(offsets)
    return np.arange(first, length, every)


def plant(tokens, offsets, rule, vocab, every):
    """Overwrites the targets of tokens [N, L] in increasing t, in place; returns the targets."""
    targets = first_and_targets(tokens.shape[1], offsets, every)
    for t in targets:
        vals = tokens[:, [t - o for o in offsets]]
        if rule == "sum":
            tokens[:, t] = vals.sum(axis=1) % vocab
        else:
            acc = np.zeros(tokens.shape[0], dtype=tokens.dtype)
            for i in range(vals.shape[1]):
                acc ^= vals[:, i]
            tokens[:, t] = acc
    return targets


def planted_batch(rng, n, vocab, length, offsets, rule="sum", every=1):
    """n planted sequences [n, length] (int64) and their target positions."""
    tokens = rng.integers(0, vocab, size=(n, length), dtype=np.int64)
    targets = plant(tokens, offsets, rule, vocab, every)
    return tokens, targets


def mulberry32(seed):
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        z = state
        z = imul(z ^ (z >> 15), z | 1)
        z ^= (z + imul(z ^ (z >> 7), z | 61)) & 0xFFFFFFFF
        return ((z ^ (z >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def planted_sequences_ts(count, vocab, length, offsets, rule="sum", every=1, seed=1):
    """Exactly `plantedSequences(count, {vocab, length, offsets, rule, every, seed})` of the TS module."""
    nxt = mulberry32(seed)
    tokens = np.zeros((count, length), dtype=np.int64)
    for i in range(count):
        tokens[i] = [int(nxt() * vocab) for _ in range(length)]
        plant(tokens[i : i + 1], offsets, rule, vocab, every)
    return tokens, first_and_targets(length, offsets, every)
