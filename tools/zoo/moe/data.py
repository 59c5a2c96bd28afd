"""The two tasks of the mixture-of-experts zoo, as byte strings (ids 0-255 are bytes, 256 is BOS).

* phone book: N synthetic names (two syllables, a space, two syllables: `kalo veni`) with a 4-digit
  number each; prompt `kalo veni:`, answer `4821`. Trained on the whole book, evaluated on the whole book.
* length-2 path: an undirected graph on the first |V| letters, given as its edges (`ab cf ...`, random
  order and orientation), then `|`, then the query `st`, then `:`; answer `y` if some u has edges s-u
  and u-t, else `n`. Classes balanced; fresh graphs in training, a held-out seeded set for evaluation.
"""
import random

import torch

from .model import BOS

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def syllable(rng):
    return rng.choice(CONSONANTS) + rng.choice(VOWELS)


def phonebook(n, seed=0):
    """n entries (name, 4-digit number), names unique, in a fixed order for the seed."""
    rng = random.Random(seed)
    names, out = set(), []
    while len(out) < n:
        name = "".join(syllable(rng) for _ in range(2)) + " " + "".join(syllable(rng) for _ in range(2))
        if name in names:
            continue
        names.add(name)
        out.append({"prompt": name + ":", "answer": "%04d" % rng.randrange(10000)})
    return out


def path_item(rng, vertices, edges, label):
    """One length-2-path query whose answer is `label` ('y' or 'n'); redraws the graph until it fits."""
    names = LETTERS[:vertices]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    while True:
        es = rng.sample(pairs, edges)
        adj = {v: set() for v in names}
        for a, b in es:
            adj[a].add(b)
            adj[b].add(a)
        s, t = rng.sample(names, 2)
        if ("y" if adj[s] & adj[t] else "n") == label:
            break
    text = " ".join((a + b) if rng.random() < 0.5 else (b + a) for a, b in es)
    return {"prompt": "%s|%s%s:" % (text, s, t), "answer": label}


def paths(count, vertices, edges, seed):
    """count items, half 'y' and half 'n' (alternating), from random.Random(seed)."""
    rng = random.Random(seed)
    return [path_item(rng, vertices, edges, "yn"[i % 2]) for i in range(count)]


def encode(text):
    return list(text.encode("utf-8"))


def batch(items):
    """BOS + prompt + answer rows, right-padded with BOS; targets -100 except on the answer bytes.
    Returns x [B,T], y [B,T], valid [B,T] (real tokens)."""
    rows = [([BOS] + encode(it["prompt"]), encode(it["answer"])) for it in items]
    T = max(len(p) + len(a) for p, a in rows)
    x = torch.full((len(rows), T), BOS, dtype=torch.long)
    y = torch.full((len(rows), T), -100, dtype=torch.long)
    valid = torch.zeros((len(rows), T), dtype=torch.bool)
    for i, (p, a) in enumerate(rows):
        seq = p + a
        x[i, : len(seq)] = torch.tensor(seq)
        valid[i, : len(seq)] = True
        y[i, len(p) - 1 : len(seq) - 1] = torch.tensor(a)
    return x, y, valid


@torch.no_grad()
def greedy_correct(m, items, batch_size=512):
    """Teacher-forced greedy exact match per item (every answer byte is the argmax after the prompt
    and the answer's earlier bytes), as scoreAnswers in the extension measures it."""
    out = []
    for i in range(0, len(items), batch_size):
        x, y, _ = batch(items[i : i + batch_size])
        logits, _ = m(x)
        pred = logits.argmax(-1)
        ok = ((pred == y) | (y == -100)).all(dim=1)
        out.extend(bool(v) for v in ok)
    return out
