"""Greedy answers of remaining-lm in PyTorch (KV cache, prompts of one length batched together) and the hidden
states of every layer at the prompt's last token and at each generated token (one full forward pass over prompt +
answer, as the ONNX graph computes them).
"""
import torch

from ..lens_lm.model import EOT
from . import data as D


@torch.no_grad()
def greedy(model, prompts, max_new=300, batch=128, hints=None):
    """Greedy answers (lists of byte ids, <|endoftext|> excluded) and whether each finished within max_new.
    Prompts are left-padded and batched in the order of `hints` (expected answer lengths, when known), so a batch
    stops early when its answers are all done."""
    order = sorted(range(len(prompts)), key=lambda i: (hints[i] if hints else 0, len(prompts[i])))
    out = [None] * len(prompts)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        for i, res in zip(chunk, _greedy_batch(model, [D.encode(prompts[i]) for i in chunk], max_new)):
            out[i] = res
    return [o[0] for o in out], [o[1] for o in out]


def _prefill(model, rows):
    """Left-padded prompts through the model as if each ran alone: positions from the mask, pads masked as keys,
    and the pads' smear zeroed so a prompt's first token sees none (as unpadded)."""
    B, P = len(rows), max(len(r) for r in rows)
    ids = torch.full((B, P), EOT, dtype=torch.long)
    mask = torch.zeros((B, P), dtype=torch.long)
    for r, row in enumerate(rows):
        ids[r, P - len(row) :] = torch.tensor(row)
        mask[r, P - len(row) :] = 1
    pos = (torch.cumsum(mask, dim=1) - 1).clamp(min=0)
    e = model.wte(ids)
    s = model.smear_down(e) * mask[:, :, None]
    x = e + model.smear_up(torch.cat((torch.zeros_like(s[:, :1]), s[:, :-1]), dim=1))
    ks, vs = [], []
    for b in model.blocks:
        x, _, k, v = b(x, pos, mask)
        ks.append(k)
        vs.append(v)
    return x, s[:, -1:], ks, vs, mask, mask.sum(dim=1)


def _greedy_batch(model, rows, max_new):
    B = len(rows)
    x, smear, ks, vs, mask, lengths = _prefill(model, rows)
    nxt = (model.ln_f(x[:, -1:]) @ model.wte.weight.T).argmax(-1)  # [B,1]
    toks = torch.full((B, max_new), EOT, dtype=torch.long)
    done = torch.zeros(B, dtype=torch.bool)
    for t in range(max_new):
        toks[:, t] = torch.where(done, torch.full_like(nxt[:, 0], EOT), nxt[:, 0])
        done |= nxt[:, 0] == EOT
        if bool(done.all()) or t == max_new - 1:
            break
        x, smear = model.embed(nxt, smear)
        mask = torch.cat((mask, torch.ones((B, 1), dtype=torch.long)), dim=1)
        for li, b in enumerate(model.blocks):
            x, _, ks[li], vs[li] = b(x, (lengths + t)[:, None], mask, ks[li], vs[li])
        nxt = (model.ln_f(x) @ model.wte.weight.T).argmax(-1)
    out = []
    for r in range(B):
        row = toks[r].tolist()
        n = row.index(EOT) if EOT in row else len(row)
        out.append((row[:n], bool(done[r])))
    return out


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
