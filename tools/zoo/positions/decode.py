"""Greedy decoding of the positions models, the PyTorch reference of decode.ts.

Prompt tokens get the rule's IDs (ppc, coupled, oracle) or 0..T-1 (absolute). Each generated
token is fed back with: the ID the model predicted at the step before (mode 'ppc': argmax of
position_logits; the first answer token's ID comes from the last prompt token), the rule's ID
(mode 'oracle'), or its index (mode 'absolute'). The answer length is fixed by the rule.
"""
import torch

from . import data as D

# The decode mode each trained method is measured in (shared/positions.ts: MODE_OF_METHOD).
MODE = {"ppc": "ppc", "coupled": "oracle", "absolute": "absolute"}


def _fed_prompt(mode, ids, start):
    return list(range(start)) if mode == "absolute" else list(ids[:start])


@torch.no_grad()
def decode_batch(m, rows, mode, cache=True):
    """rows: [(tokens, rule IDs, start)] of one shape (same length and answer start).
    Returns per row: (generated tokens, fed IDs, predicted IDs or None).
    cache=True reuses keys and values between steps (same maths, faster); cache=False runs the
    whole sequence at every step, as the ONNX graph is run."""
    start = rows[0][2]
    A = len(rows[0][0]) - start
    tok, vocab = D.tok(m.c.task), D.vocab(m.c.task)
    x = torch.tensor([[tok[c] for c in t[:start]] for t, _, _ in rows])
    pos = torch.tensor([_fed_prompt(mode, ids, start) for _, ids, _ in rows])
    out_tok = torch.zeros(len(rows), A, dtype=torch.long)
    out_pos = torch.zeros(len(rows), A, dtype=torch.long)
    fed = pos.clone()
    past, step_x, step_pos = None, x, pos
    for j in range(A):
        if cache:
            logits, plogits, _, past = m(step_x, step_pos, past)
        else:
            logits, plogits, _, _ = m(torch.cat((x, out_tok[:, :j]), 1), fed)
        tok = logits[:, -1].argmax(-1)
        if mode == "ppc":
            nxt = plogits[:, -1].argmax(-1)
        elif mode == "oracle":
            nxt = torch.tensor([ids[start + j] for _, ids, _ in rows])
        else:
            nxt = torch.full((len(rows),), start + j, dtype=torch.long)
        out_tok[:, j] = tok
        out_pos[:, j] = nxt
        fed = torch.cat((fed, nxt[:, None]), 1)
        step_x, step_pos = tok[:, None], nxt[:, None]
    res = []
    for i in range(len(rows)):
        gen = [vocab[t] for t in out_tok[i].tolist()]
        res.append((gen, fed[i].tolist(), out_pos[i].tolist() if mode == "ppc" else None))
    return res


def probe_rows(task, n, samples, seed, offset=0):
    """The problems of one length of a length probe, coupled at `offset`."""
    rng = D.rng_seeded(D.probe_seed(seed, n))
    rows = []
    for _ in range(samples):
        problem = D.problem_random(task, n, rng)
        rows.append((problem,) + D.couple(task, D.parse(problem, task), offset))
    return rows


def accuracy_at(m, task, n, mode, samples, seed, chunk=100):
    """Exact match (and, for ppc, the share of answer IDs equal to the rule's) at length n."""
    rows = probe_rows(task, n, samples, seed)
    hits, id_hits, id_total = 0, 0, 0
    for k in range(0, len(rows), chunk):
        part = rows[k : k + chunk]
        for (problem, toks, ids, start), (gen, fed, pred) in zip(part, decode_batch(m, [r[1:] for r in part], mode)):
            hits += gen == toks[start:]
            if pred is not None:
                id_hits += sum(p == r for p, r in zip(pred, ids[start:]))
                id_total += len(pred)
    return hits / len(rows), (id_hits / id_total if id_total else None)
