"""Exact match by longest carry chain (carry.py): on the probe's problems of one length, and on carry-heavy
problems (longest chain uniform in 0..n, `samples` per chain length), which hold the long chains that random
problems rarely do."""
import random

from . import carry as C
from . import data as D
from . import decode as DC


def _score(m, task, problems, chunk=100):
    """Exact match of each problem (strings without answers) in the model's own mode, offset 0."""
    rows = [D.couple(task, D.parse(p, task), 0) for p in problems]
    hits = []
    for k in range(0, len(rows), chunk):
        part = rows[k : k + chunk]
        for (toks, _, start), (gen, _, _) in zip(part, DC.decode_batch(m, part, DC.MODE[m.c.method])):
            hits.append(gen == toks[start:])
    return hits


def _table(task, problems, hits, n):
    chains = [C.longest_chain(task, *D.parse(p, task)) for p in problems]
    counts, right = [0] * (n + 1), [0] * (n + 1)
    for c, h in zip(chains, hits):
        counts[c] += 1
        right[c] += h
    return {
        "chains": list(range(n + 1)),
        "problems": counts,
        "exactMatch": [round(r / k, 4) if k else None for r, k in zip(right, counts)],
    }


def by_chain_probe(m, task, n, samples, seed):
    """The probe's problems of length n (problemRandom, probeSeed), grouped by longest carry chain."""
    problems = [r[0] for r in DC.probe_rows(task, n, samples, seed)]
    return {"length": n, "sampler": "probe", **_table(task, problems, _score(m, task, problems), n)}


def by_chain_heavy(m, n, per_chain, seed):
    """Addition: `per_chain` carry-heavy problems of length n for every longest chain 0..n."""
    rng = random.Random(seed * 1000 + n)
    problems = []
    for length in range(n + 1):
        for _ in range(per_chain):
            a, b = C.carry_heavy_addition(n, rng, length)
            problems.append(f"{a}+{b}=")
    hits = _score(m, "addition", problems)
    out = _table("addition", problems, hits, n)
    return {"length": n, "sampler": "carry-heavy", "exactMatchAll": round(sum(hits) / len(hits), 4), **out}
