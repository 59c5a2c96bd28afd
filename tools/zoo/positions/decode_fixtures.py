"""Decoding fixtures: seeded problems at lengths 3, 10 and 20 (offset 0 and a non-zero offset),
decoded greedily in PyTorch with a full forward pass per step (as decode.ts runs the graph), and
the logits of one forward pass over a whole rule sequence."""
import torch

from . import data as D
from . import decode as DC

LENGTHS = (3, 10, 20)
PER_LENGTH = 3  # two at offset 0, one at a non-zero offset
FIXTURE_SEED = 7
ROWS = 2


def problems(task, max_position):
    rng = D.rng_seeded(FIXTURE_SEED)
    out = []
    for n in LENGTHS:
        for k in range(PER_LENGTH):
            problem = D.problem_random(task, n, rng)
            span = D.id_span(task, D.parse(problem, task))
            offset = 0 if k < PER_LENGTH - 1 else 1 + int(rng() * (max_position - 1 - span))
            out.append((n, problem, offset))
    return out


def fixtures_for(m, task):
    method = m.c.method
    modes = {"ppc": ["ppc", "oracle"], "coupled": ["oracle"], "absolute": ["absolute"]}[method]
    decodes = []
    for n, problem, offset in problems(task, 64):
        if method == "absolute":
            offset = 0
        toks, ids, start = D.couple(task, D.parse(problem, task), offset)
        for mode in modes:
            [(gen, fed, pred)] = DC.decode_batch(m, [(toks, ids, start)], mode, cache=False)
            row = {
                "problem": problem,
                "length": n,
                "offset": offset,
                "mode": mode,
                "tokens": toks[:start] + gen,
                "ruleIds": ids,
                "fedIds": fed,
                "answer": "".join(gen),
                "expected": "".join(toks[start:]),
                "correct": gen == toks[start:],
            }
            if pred is not None:
                row["predictedIds"] = pred
            decodes.append(row)
    n, problem, offset = problems(task, 64)[-1]
    toks, ids, _ = D.couple(task, D.parse(problem, task), 0)
    pos = list(range(len(toks))) if method == "absolute" else ids
    with torch.no_grad():
        tok = D.tok(task)
        logits, plogits, _, _ = m(torch.tensor([[tok[c] for c in toks]]), torch.tensor([pos]))
    forward = {
        "problem": problem,
        "tokens": toks,
        "positionIds": pos,
        "logits": [[round(v, 6) for v in logits[0, t].tolist()] for t in range(ROWS)],
    }
    if plogits is not None:
        forward["positionLogits"] = [[round(v, 6) for v in plogits[0, t].tolist()] for t in range(ROWS)]
    return {"method": method, "decodes": decodes, "forward": forward}
