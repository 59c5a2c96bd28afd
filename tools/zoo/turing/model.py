"""The Turing-program model: the copy zoo's Hard-ALiBi decoder (tools/zoo/copying/model.py) over the
25-token Turing-program vocabulary. Head h of a layer attends only to the last windows[h] tokens (query
included); a window of 0 is a global, causal head with no positional signal (NoPE). No position input.
Optionally (`slopes`, a lever tried in the README's runs) a global head scores key j for query i with an
extra -slope * (i - j), ALiBi's soft recency, which reads the same at every length.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..copying.model import CopyTransformer, HardAlibiBlock, TransformerConfig
from .data import VOCAB


class TuringConfig(TransformerConfig):
    def __init__(self, d=64, windows=((1, 2, 3, 4, 5, 6, 0, 0),) * 2, slopes=None):
        super().__init__(d=d, heads=len(windows[0]), windows=windows)
        self.slopes = [list(s) for s in slopes] if slopes else [[0.0] * self.heads for _ in self.windows]

    def to_dict(self):
        return {
            "architecture": "transformer",
            "d": self.d,
            "layers": self.layers,
            "heads": self.heads,
            "windows": self.windows,
            **({"slopes": self.slopes} if any(any(s) for s in self.slopes) else {}),
            "vocab": len(VOCAB),
        }


class RecencyBlock(HardAlibiBlock):
    """HardAlibiBlock with an ALiBi slope per head (0 = none): scores - slope * (i - j)."""

    def __init__(self, c, windows, slopes):
        super().__init__(c, windows)
        self.register_buffer("slope", torch.tensor([float(s) for s in slopes]), persistent=False)

    def scores(self, q, k):
        T, S = q.shape[2], k.shape[2]
        dist = ((torch.arange(T)[:, None] + (S - T)) - torch.arange(S)[None, :]).to(torch.float32)
        return super().scores(q, k) - self.slope[:, None, None] * dist[None]


def build(d, windows, slopes=None):
    """A TuringTransformer: ids [B,T] -> logits [B,T,25], attentions (one [B,heads,T,T] per layer)."""
    c = TuringConfig(d=d, windows=windows, slopes=slopes)
    m = CopyTransformer(c, vocab=len(VOCAB))
    if any(any(s) for s in c.slopes):
        blocks = [RecencyBlock(c, w, s) for w, s in zip(c.windows, c.slopes)]
        for new, old in zip(blocks, m.blocks):
            new.load_state_dict(old.state_dict())
        m.blocks = nn.ModuleList(blocks)
    return m


def parameters(m):
    return sum(p.numel() for p in m.parameters())


def attention_bias(block, T):
    """[H,T,T] additive bias of one block: 0 where query i may read key j (causal, inside the head's window),
    MASKED elsewhere (minus slope * (i - j) with a RecencyBlock); the block's softmax, in one add."""
    dist = (torch.arange(T)[:, None] - torch.arange(T)[None, :]).float()
    allowed = (dist[None] >= 0) & (dist[None] < block.window[:, None, None])
    bias = torch.zeros(allowed.shape)
    if isinstance(block, RecencyBlock):
        bias = bias - block.slope[:, None, None] * dist[None]
    return bias.masked_fill(~allowed, block.MASKED)


def fast_logits(m, ids, biases):
    """The logits of m(ids) without the attention probabilities, for training: the logit scale is folded
    into the queries and the window and causal masks into one cached bias per layer (`biases[T]`)."""
    if ids.shape[1] not in biases:
        biases[ids.shape[1]] = [attention_bias(b, ids.shape[1]) for b in m.blocks]
    x = m.wte(ids)
    B, T, _ = x.shape
    for b, bias in zip(m.blocks, biases[T]):
        c = b.c
        q, k, v = (t.view(B, T, c.heads, c.hd).transpose(1, 2) for t in b.qkv(b.ln1(x)).split(c.d, dim=2))
        q = q * (torch.exp(b.log_scale) / math.sqrt(c.hd))[None, :, None, None]
        flat = B * c.heads, T, c.hd
        scores = torch.baddbmm(bias.repeat(B, 1, 1), q.reshape(flat), k.reshape(flat).transpose(1, 2))
        y = (torch.softmax(scores, dim=-1) @ v.reshape(flat)).view(B, c.heads, T, c.hd)
        x = x + b.proj(y.transpose(1, 2).reshape(B, T, c.d))
        x = x + b.fc_proj(F.gelu(b.fc(b.ln2(x)), approximate="tanh"))
    return m.ln_f(x) @ m.wte.weight.T
