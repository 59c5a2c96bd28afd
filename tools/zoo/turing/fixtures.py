"""The PyTorch reference of the Turing-program models (test/fixtures/turing/pytorch-decodes.json): per model,
problems at a few lengths with PyTorch's greedy decoding and whether it reproduces the whole sequence, and
the teacher-forced logits of one problem (every row, all 25 ids)."""
import torch

from . import data as D
from .evaluate import greedy


def decodes(m, task, scratchpad, lengths, per_length, seed):
    out = []
    for n in lengths:
        for a, b in D.eval_problems(task, n, per_length, seed):
            ids, prompt = D.tokens(task, a, b, scratchpad)
            got = greedy(m, ids[:prompt], len(ids) - prompt + 8)
            out.append(
                {"a": a, "b": b, "length": n, "prompt": ids[:prompt], "greedy": got, "exact": got == ids[prompt:]}
            )
    return out


@torch.no_grad()
def forward(m, task, scratchpad, a, b):
    ids, prompt = D.tokens(task, a, b, scratchpad)
    logits, _ = m(torch.tensor([ids]))
    return {"a": a, "b": b, "ids": ids, "logits": [[round(v, 5) for v in r] for r in logits[0].tolist()]}


def fixtures_for(m, meta, seed):
    o = meta["options"]
    task, scratchpad, top = o["task"], not o["direct"], o["max_length"]
    a, b = D.eval_problems(task, 4, 1, seed)[0]
    return {
        "task": task,
        "scratchpad": scratchpad,
        "trainMaxLength": top,
        "decodes": decodes(m, task, scratchpad, (3, top, 2 * top), 2, seed),
        "forward": forward(m, task, scratchpad, a, b),
    }
