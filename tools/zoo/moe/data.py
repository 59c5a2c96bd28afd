"""The two tasks of the mixture-of-experts zoo, as byte strings (ids 0-255 are bytes, 256 is BOS).

* phone book: N synthetic names (two syllables, a space, two syllables: `kalo veni`) with a 4-digit
  number each; prompt `kalo veni:`, answer `4821`. Trained on the whole book, evaluated on the whole book.
* length-2 path: an undirected graph on the first |V| letters, given as its edges (`ab cf ...`, random
  order and orientation), then `|`, then the query `st`, then `:`; answer `y` if some u has edges s-u
  and u-t, else `n`. Classes balanced; fresh graphs in training (several queries per graph, the first
  in the eval format), a held-out seeded set of one-query items for evaluation.
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


def graph(rng, vertices, edges):
    """A random graph: (edge-list text, adjacency sets, vertex names). Each edge is listed in both
    orientations (`ab ba`), so every neighbour of a vertex comes right after it somewhere."""
    names = LETTERS[:vertices]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    es = rng.sample(pairs, edges)
    adj = {v: set() for v in names}
    for a, b in es:
        adj[a].add(b)
        adj[b].add(a)
    return " ".join(x for a, b in es for x in ((a + b, b + a) if rng.random() < 0.5 else (b + a, a + b))), adj, names


def queries(rng, adj, names, label, count, avoid=()):
    """Up to `count` distinct query pairs (s, t) of the graph whose answer is `label`, none in `avoid`."""
    out = []
    for _ in range(8 * count):
        s, t = rng.sample(names, 2)
        if ("y" if adj[s] & adj[t] else "n") == label and s + t not in out and s + t not in avoid:
            out.append(s + t)
            if len(out) == count:
                break
    return out


def path_item(rng, vertices, edges, label):
    """One length-2-path query whose answer is `label` ('y' or 'n'); redraws the graph until it fits."""
    while True:
        text, adj, names = graph(rng, vertices, edges)
        q = queries(rng, adj, names, label, 1)
        if q:
            return {"prompt": "%s|%s:" % (text, q[0]), "answer": label}


def path_training_row(rng, vertices, edges, count):
    """A training row with `count` distinct queries about one graph, each answer y or n by a fair coin:
    segments (text, supervised) `edges|` `st:` `y` ` uv:` `n` ...; the first query has the eval items' format.
    The edge list is supervised as well as the answers (next-byte loss on it teaches the model to read edges)."""
    while True:
        text, adj, names = graph(rng, vertices, edges)
        labels = [rng.choice("yn") for _ in range(count)]
        qs = []
        for lab in labels:
            q = queries(rng, adj, names, lab, 1, qs)
            if not q:
                break
            qs += q
        if len(qs) == count:
            break
    segs = [(text + "|", True)]  # the edge list is predicted too: its second orientations are certain
    for i, (q, lab) in enumerate(zip(qs, labels)):
        segs += [(("" if i == 0 else " ") + q + ":", False), (lab, True)]
    return segs


def paths(count, vertices, edges, seed):
    """count items, half 'y' and half 'n' (alternating), from random.Random(seed)."""
    rng = random.Random(seed)
    return [path_item(rng, vertices, edges, "yn"[i % 2]) for i in range(count)]


def encode(text):
    return list(text.encode("utf-8"))


def batch(items):
    """BOS + prompt + answer rows (items {prompt, answer} or lists of (text, supervised) segments),
    right-padded with BOS; targets -100 except on the supervised bytes (the answers).
    Returns x [B,T], y [B,T], valid [B,T] (real tokens)."""
    rows = []
    for it in items:
        segs = [(it["prompt"], False), (it["answer"], True)] if isinstance(it, dict) else it
        ids, sup = [BOS], [False]
        for text, supervised in segs:
            b = encode(text)
            ids += b
            sup += [supervised] * len(b)
        rows.append((ids, sup))
    T = max(len(ids) for ids, _ in rows)
    x = torch.full((len(rows), T), BOS, dtype=torch.long)
    y = torch.full((len(rows), T), -100, dtype=torch.long)
    valid = torch.zeros((len(rows), T), dtype=torch.bool)
    for i, (ids, sup) in enumerate(rows):
        x[i, : len(ids)] = torch.tensor(ids)
        valid[i, : len(ids)] = True
        for t in range(1, len(ids)):
            if sup[t]:
                y[i, t - 1] = ids[t]
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
