"""The copy task, byte-level like lens-lm: BOS (id 256), a string s over a-z, `|`, s again, `.`.

The probe's prompt is `s|` and its answer `s`: the loss covers the second s and the `.`, and string
accuracy asks for every letter of the second s to be the model's greedy (teacher-forced) choice.
"""
import random

import numpy as np

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
SEPARATOR, END = "|", "."
BOS = 256
VOCAB = 257


def row(s):
    """Token ids of one example: [BOS, s..., |, s..., .]."""
    b = list(s.encode("ascii"))
    return [BOS, *b, ord(SEPARATOR), *b, ord(END)]


def random_string(rng, length):
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def batch(rng, n, min_length, max_length, same_length=False):
    """n training examples with lengths uniform in [min_length, max_length] (with `same_length`, one
    length drawn for the whole batch: no padding, half the compute), right-padded with `.`: ids [n, T]
    int64, and the loss mask [n, T] (1 where the logits predict a letter of the second copy or its `.`)."""
    if same_length:
        lengths = [rng.randint(min_length, max_length)] * n
    else:
        lengths = [rng.randint(min_length, max_length) for _ in range(n)]
    T = 2 * max(lengths) + 3
    ids = np.full((n, T), ord(END), dtype=np.int64)
    mask = np.zeros((n, T), dtype=np.float32)
    for i, L in enumerate(lengths):
        r = row(random_string(rng, L))
        ids[i, : len(r)] = r
        mask[i, L + 1 : 2 * L + 2] = 1.0  # logits at `|` .. last letter predict s[0] .. `.`
    return ids, mask


def eval_strings(length, count, seed):
    """The evaluation strings of one length: `count` strings from random.Random(seed * 1000 + length)."""
    rng = random.Random(seed * 1000 + length)
    return [random_string(rng, length) for _ in range(count)]
