"""The positions model: a small GPT-2-style decoder (pre-LayerNorm, learned position embeddings
indexed by the position IDs it is fed, attention written out so that its softmax probabilities
can be exported), with a second head over the position IDs for Predictive Position Coupling.
"""
import math

import torch
import torch.nn as nn

from ..lens_lm import model as lens_lm
from .data import TRAIN_MAX_LENGTH, vocab


class Config:
    def __init__(
        self,
        task,
        method,
        d=128,
        layers=1,
        heads=4,
        max_position=64,
        pos_init="orthogonal",
        attention_scale=1.0,
        train_max_length=TRAIN_MAX_LENGTH,
    ):
        self.task, self.method, self.pos_init, self.attention_scale = task, method, pos_init, attention_scale
        self.d, self.layers, self.heads, self.max_position = d, layers, heads, max_position
        self.train_max_length = train_max_length
        self.hd = d // heads

    def to_dict(self):
        return {
            "task": self.task,
            "method": self.method,
            "vocab": vocab(self.task),
            "maxPosition": self.max_position,
            "trainMaxLength": self.train_max_length,
            **({"padOperands": True} if self.task == "addition" else {}),
            "layers": self.layers,
            "heads": self.heads,
            "d": self.d,
        }


def sinusoids(n, d):
    """Rows sin/cos(p / 10000^(2f/d)): a shift of the ID is a rotation in each frequency plane, so
    "attend to the ID one below" can be learnt once for every ID and every distance."""
    p = torch.arange(n, dtype=torch.float32)[:, None]
    w = torch.pow(10000.0, -torch.arange(0, d, 2, dtype=torch.float32) / d)[None, :]
    out = torch.zeros(n, d)
    out[:, 0::2], out[:, 1::2] = torch.sin(p * w), torch.cos(p * w)
    return out


def orthogonal_rows(n, d, std):
    """n orthogonal rows of norm std*sqrt(d) (n <= d): every pair of IDs starts with a zero dot
    product, so a pair of IDs never seen together in training keeps (about) no positional
    attention score, while the pairs that are seen learn theirs."""
    g = torch.Generator().manual_seed(1234)
    q, _ = torch.linalg.qr(torch.randn(d, n, generator=g))
    return q.T[:n] * std * math.sqrt(d)


class Block(lens_lm.Block):
    """lens-lm's block (ln1, fused qkv, proj, ln2, GELU MLP, causal attention) without rotary
    positions, and a learned logit scale per head that starts at `attention_scale` (sharper heads
    from the start leak less attention to the extra tokens of long problems)."""

    MASKED = float("-inf")

    def __init__(self, c):
        super().__init__(c)
        self.log_scale = nn.Parameter(torch.full((c.heads,), math.log(c.attention_scale)))

    def scores(self, q, k):
        return (q @ k.transpose(-1, -2)) * (torch.exp(self.log_scale)[:, None, None] / math.sqrt(self.c.hd))

    def forward(self, x, past=None):
        """x [B,T,d]; past: (k, v) of earlier tokens, or None. Returns x, attention, (k, v)."""
        x, p, k, v = super().forward(x, None, None, *(past if past is not None else (None, None)))
        return x, p, (k, v)


class PositionsLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(len(vocab(c.task)), c.d)
        self.wpe = nn.Embedding(c.max_position, c.d)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.layers)])
        self.ln_f = nn.LayerNorm(c.d)
        self.lm_head = nn.Linear(c.d, len(vocab(c.task)))
        self.pos_head = nn.Linear(c.d, c.max_position) if c.method == "ppc" else None
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)
        if c.pos_init == "sinusoidal":
            with torch.no_grad():  # token embeddings on the same scale as the sinusoids
                self.wpe.weight.copy_(sinusoids(c.max_position, c.d))
                nn.init.normal_(self.wte.weight, std=0.7)
        elif c.pos_init == "orthogonal":
            with torch.no_grad():
                self.wpe.weight.copy_(orthogonal_rows(c.max_position, c.d, 0.5))
                nn.init.normal_(self.wte.weight, std=0.5)

    def forward(self, ids, pos, past=None):
        """ids, pos [B,T] int64 -> logits [B,T,13], position logits [B,T,maxPosition] or None,
        attentions (one [B,heads,T,S] per layer), cache."""
        x = self.wte(ids) + self.wpe(pos)
        atts, cache = [], []
        for i, blk in enumerate(self.blocks):
            x, p, kv = blk(x, None if past is None else past[i])
            atts.append(p)
            cache.append(kv)
        h = self.ln_f(x)
        return self.lm_head(h), (self.pos_head(h) if self.pos_head is not None else None), atts, cache


class Exported(nn.Module):
    """The ONNX graph: (input_ids, position_ids) -> logits, [position_logits], attentions.{i}."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, ids, pos):
        logits, plogits, atts, _ = self.m(ids, pos)
        return (logits,) + ((plogits,) if plogits is not None else ()) + tuple(atts)

    def output_names(self):
        return (
            ["logits"]
            + (["position_logits"] if self.m.pos_head is not None else [])
            + [f"attentions.{i}" for i in range(self.m.c.layers)]
        )
