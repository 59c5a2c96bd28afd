"""Greedy answers of remaining-lm in PyTorch (KV cache, prompts of one length batched together) and the hidden
states of every layer at the prompt's last token and at each generated token (one full forward pass over prompt +
answer, as the ONNX graph computes them).
"""
from collections import defaultdict

import torch

from ..lens_lm.model import EOT
from . import data as D


@torch.no_grad()
def greedy(model, prompts, max_new=300, batch=128):
    """Greedy answers (lists of byte ids, <|endoftext|> excluded) and whether each finished within max_new."""
    out = [None] * len(prompts)
    by_len = defaultdict(list)
    for i, p in enumerate(prompts):
        by_len[len(D.encode(p))].append(i)
    for _, idx in sorted(by_len.items()):
        for s in range(0, len(idx), batch):
            chunk = idx[s : s + batch]
            ids = torch.tensor([D.encode(prompts[i]) for i in chunk])
            for i, (toks, fin) in zip(chunk, _greedy_batch(model, ids, max_new)):
                out[i] = (toks, fin)
    return [o[0] for o in out], [o[1] for o in out]


def _greedy_batch(model, ids, max_new):
    B, P = ids.shape
    pos = torch.arange(P)[None].expand(B, P)
    x, s = model.embed(ids)
    ks, vs = [], []
    for b in model.blocks:
        x, _, k, v = b(x, pos)
        ks.append(k)
        vs.append(v)
    nxt = (model.ln_f(x[:, -1:]) @ model.wte.weight.T).argmax(-1)  # [B,1]
    smear = s[:, -1:]
    toks = [[] for _ in range(B)]
    done = torch.zeros(B, dtype=torch.bool)
    for t in range(max_new):
        for r in range(B):
            if not done[r] and int(nxt[r, 0]) != EOT:
                toks[r].append(int(nxt[r, 0]))
        done |= nxt[:, 0] == EOT
        if bool(done.all()) or t == max_new - 1:
            break
        x, smear = model.embed(nxt, smear)
        p = torch.full((B, 1), P + t)
        for li, b in enumerate(model.blocks):
            x, _, ks[li], vs[li] = b(x, p, None, ks[li], vs[li])
        nxt = (model.ln_f(x) @ model.wte.weight.T).argmax(-1)
    return [(toks[r], bool(done[r])) for r in range(B)]


@torch.no_grad()
def hidden_rows(model, prompts, answers, batch=64):
    """Per prompt: a tensor [layers + 1, 1 + N, d] of hidden states at the prompt's last token (index 0) and at
    each of the N answer tokens (index j: after the j-th generated token)."""
    order = sorted(range(len(prompts)), key=lambda i: len(D.encode(prompts[i])) + len(answers[i]))
    out = [None] * len(prompts)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        rows = [D.encode(prompts[i]) + answers[i] for i in chunk]
        T = max(len(r) for r in rows)
        ids = torch.full((len(rows), T), EOT, dtype=torch.long)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = torch.tensor(row)
        _, _, hidden = model(ids)
        h = torch.stack(hidden, dim=1)  # [B, layers+1, T, d]
        for r, i in enumerate(chunk):
            P = len(D.encode(prompts[i]))
            out[i] = h[r, :, P - 1 : P + len(answers[i])].clone()
    return out
