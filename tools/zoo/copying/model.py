"""The two copy models, about the same size, byte-level (257 ids, BOS 256):

- CopyTransformer: causal, no position embedding; Hard-ALiBi heads (Jelassi et al., Repeat After Me)
  attend only to the last `w` tokens (the query included), the other heads are global with no
  positional signal (NoPE). Attention probabilities are returned for the `attentions.{layer}` outputs.
- CopyGRU: a one-layer GRU, the fixed-state model: everything it knows about the prefix is its
  hidden vector of `hidden` floats.
"""
import math

import torch
import torch.nn as nn

from ..lens_lm import model as lens_lm
from ..positions.model import Block as PositionsBlock
from .data import VOCAB

GLOBAL = 0  # a window of 0 in the config means a global (NoPE) head


class TransformerConfig:
    def __init__(self, d=64, heads=8, windows=((1, 2, 3, 4, 5, 6, 0, 0), (1, 2, 3, 4, 5, 6, 0, 0)), log_keys=False):
        self.d, self.heads, self.windows = d, heads, [list(w) for w in windows]
        self.log_keys = log_keys
        self.layers, self.hd = len(self.windows), d // heads
        self.attention_scale = 1.0  # start of the learned logit scale per head
        assert all(len(w) == heads for w in self.windows)

    def to_dict(self):
        return {
            "architecture": "transformer",
            "d": self.d,
            "layers": self.layers,
            "heads": self.heads,
            "windows": self.windows,
            "logKeyScaling": self.log_keys,
            "vocab": VOCAB,
        }


class HardAlibiBlock(PositionsBlock):
    """lens-lm's block with positions' learned logit scale per head, plus Hard-ALiBi: head h of this
    layer sees keys j with 0 <= i - j < window[h] (window 0: every earlier key). With `log_keys`, the
    scores of query i are multiplied by log(n_i), n_i the number of keys it sees (min(i + 1, window)):
    a match keeps its share of the softmax as a longer string adds distractors.
    Keys outside the window or masked out score MASKED (finite: a query whose whole window is masked
    gets a uniform row, not NaN; any other row is exactly as with -inf)."""

    MASKED = -1e9

    def __init__(self, c, windows):
        super().__init__(c)
        w = torch.tensor([float(x) if x != GLOBAL else math.inf for x in windows])
        self.register_buffer("window", w, persistent=False)

    def scores(self, q, k):
        T, S = q.shape[2], k.shape[2]
        dist = (torch.arange(T)[:, None] + (S - T)) - torch.arange(S)[None, :]
        outside = dist.to(torch.float32)[None, :, :] >= self.window[:, None, None]
        scores = super().scores(q, k)
        if self.c.log_keys:
            seen = (torch.arange(T) + (S - T) + 1).to(torch.float32)  # keys before and at each query
            n = torch.minimum(seen[None, :], self.window[:, None])  # [H, T]
            scores = scores * torch.log(n)[None, :, :, None]
        return scores.masked_fill(outside[None], self.MASKED)

    def forward(self, x, mask=None):
        """x [B,T,d]; mask [B,T] (1 = a real token) or None. Returns x, attention."""
        x, p, _, _ = lens_lm.Block.forward(self, x, None, mask)
        return x, p


class CopyTransformer(nn.Module):
    def __init__(self, c, vocab=VOCAB):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(vocab, c.d)
        self.blocks = nn.ModuleList([HardAlibiBlock(c, w) for w in c.windows])
        self.ln_f = nn.LayerNorm(c.d)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
        nn.init.normal_(self.wte.weight, std=0.02)
        for b in self.blocks:
            nn.init.normal_(b.proj.weight, std=0.02 / math.sqrt(2 * c.layers))
            nn.init.normal_(b.fc_proj.weight, std=0.02 / math.sqrt(2 * c.layers))

    def forward(self, ids, mask=None):
        """ids [B,T], mask [B,T] or None -> logits [B,T,vocab] (tied embedding), attentions (one
        [B,heads,T,T] per layer). A masked token is a key no query reads (as lens-lm's attention_mask)."""
        x = self.wte(ids)
        atts = []
        for b in self.blocks:
            x, p = b(x, mask)
            atts.append(p)
        return self.ln_f(x) @ self.wte.weight.T, atts


class GRUConfig:
    def __init__(self, embed=64, hidden=128):
        self.embed, self.hidden = embed, hidden

    def to_dict(self):
        return {
            "architecture": "fixed-state",
            "cell": "GRU",
            "embed": self.embed,
            "hidden": self.hidden,
            "layers": 1,
            "vocab": VOCAB,
        }


class CopyGRU(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(VOCAB, c.embed)
        self.rnn = nn.GRU(c.embed, c.hidden, batch_first=True)
        self.head = nn.Linear(c.hidden, VOCAB)

    def forward(self, ids):
        """ids [B,T] -> logits [B,T,257], no attentions (the state starts at zero)."""
        h, _ = self.rnn(self.wte(ids))
        return self.head(h), []


def build(arch, **kw):
    return CopyTransformer(TransformerConfig(**kw)) if arch == "transformer" else CopyGRU(GRUConfig(**kw))


def parameters(m):
    return sum(p.numel() for p in m.parameters())
