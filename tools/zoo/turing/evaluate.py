"""Measures a Turing-program model in PyTorch: one-pass exact match per length (every generated token is
the argmax of the teacher-forced logits, which equals greedy decoding reproducing the whole sequence), the
same by longest carry chain, and the greedy answer-line accuracy (decoded token by token)."""
import torch

from . import data as D
from .model import fast_logits
from .train import exact_per_problem


def scratchpad_of(meta):
    return not meta["options"]["direct"]


def exact_curve(m, task, scratchpad, lengths, samples, seed):
    """Exact match at each length on `samples` problems of data.eval_problems(task, n, samples, seed)."""
    acc = []
    for n in lengths:
        hits = exact_per_problem(m, D.eval_problems(task, n, samples, seed), task, scratchpad)
        acc.append(round(sum(hits) / len(hits), 4))
    return acc


def by_carry_chain(m, task, scratchpad, n, samples, seed):
    """Exact match at length n grouped by the longest carry chain: {chain: [right, problems]}."""
    problems = D.eval_problems(task, n, samples, seed)
    hits = exact_per_problem(m, problems, task, scratchpad)
    out = {}
    for (a, b), hit in zip(problems, hits):
        row = out.setdefault(str(D.longest_carry_chain(task, a, b)), [0, 0])
        row[0] += int(hit)
        row[1] += 1
    return dict(sorted(out.items(), key=lambda kv: int(kv[0])))


@torch.no_grad()
def greedy(m, prompt_ids, limit):
    """Greedy decoding from one prompt (a full forward pass per token): the generated ids, <eos> included
    when reached within `limit` tokens."""
    ids = list(prompt_ids)
    out = []
    for _ in range(limit):
        logits, _ = m(torch.tensor([ids]))
        t = int(logits[0, -1].argmax())
        out.append(t)
        ids.append(t)
        if t == D.EOS:
            break
    return out


@torch.no_grad()
def greedy_batch(m, prompts, limit):
    """Greedy decoding of prompts of one length together; each row stops at its <eos> (later tokens dropped)."""
    ids, biases = torch.tensor(prompts), {}
    for _ in range(limit):
        logits = fast_logits(m, ids, biases)
        ids = torch.cat([ids, logits[:, -1:].argmax(-1)], dim=1)
        if (ids[:, len(prompts[0]) :] == D.EOS).any(-1).all():
            break
    out = []
    for row in ids[:, len(prompts[0]) :].tolist():
        out.append(row[: row.index(D.EOS) + 1] if D.EOS in row else row)
    return out


def answer_of(ids):
    """The answer line of a generated sequence: the cells after the last `|` before <eos> (None without <eos>)."""
    if D.EOS not in ids:
        return None
    body = ids[: ids.index(D.EOS)]
    return body[len(body) - body[::-1].index(D.SEP) :] if D.SEP in body else body


def greedy_answer_accuracy(m, task, scratchpad, n, samples, seed):
    """Share of problems whose greedily decoded answer line is the true one (the steps may differ)."""
    problems = D.eval_problems(task, n, samples, seed)
    rows = [D.tokens(task, a, b, scratchpad) for a, b in problems]
    prompt = rows[0][1]
    got = greedy_batch(m, [r[:prompt] for r, _ in rows], len(rows[0][0]) - prompt + 8)
    right = [answer_of(g) == answer_of(r[prompt:]) for g, (r, _) in zip(got, rows)]
    return round(sum(right) / len(right), 4)


def cell_roles(task, a, b, scratchpad=True):
    """The role of every token of a sequence: prompt cells, then in each step line `a` (a digit of the first
    operand), `op`, `b` (the second operand), `carry`, `sum` (the new sum digit), `copy` (the earlier sum
    digits), then `sep`, `answer` and `eos`."""
    lines = D.lines(task, a, b)
    lines = lines if scratchpad else [lines[0], lines[-1]]
    roles = ["prompt"] * (len(lines[0]) + 2)
    for k, line in enumerate(lines[1:-1], start=1):
        left = len(line) - k - 1  # operand cells before the carry: m digits, the operator, m digits or one
        m = (left - 1) // 2 if task == "addition" else left - 2
        roles += ["a"] * m + ["op"] + ["b"] * (left - m - 1) + ["carry", "sum"] + ["copy"] * (k - 1) + ["sep"]
    return roles + ["answer"] * len(lines[-1]) + ["eos"]


@torch.no_grad()
def errors_by_cell(m, task, scratchpad, n, samples, seed):
    """At length n: per cell role, [wrong argmax, cells] in one teacher-forced pass, and how many problems'
    first error falls on each role."""
    problems = D.eval_problems(task, n, samples, seed)
    ids, _ = (torch.from_numpy(x) for x in D.batch(problems, task, scratchpad))
    wrong = (fast_logits(m, ids[:, :-1], {}).argmax(-1) != ids[:, 1:]).tolist()
    cells, first = {}, {}
    for (a, b), row in zip(problems, wrong):
        roles = cell_roles(task, a, b, scratchpad)
        seen = False
        for t, role in enumerate(roles):
            if role == "prompt":
                continue
            c = cells.setdefault(role, [0, 0])
            c[0] += int(row[t - 1])
            c[1] += 1
            if row[t - 1] and not seen:
                first[role] = first.get(role, 0) + 1
                seen = True
    return {"cells": cells, "firstError": first}
