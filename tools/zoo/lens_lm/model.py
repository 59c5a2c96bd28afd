"""lens-lm: a byte-level GPT-style causal LM with rotary positions and a previous-token smear.
Its Block (and `init_weights`) is the transformer block of every zoo model (planted, lora, positions).

The smear adds a projection of the previous token's embedding to each position, which lets one
attention layer form induction (copying) heads. In the KV-cache export the smear state of each
position is kept as one extra head in layer 0's key and value cache, so generation with
transformers.js needs no extra inputs.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB = 257  # 256 bytes + <|endoftext|>
EOT = 256


class Config:
    def __init__(self, d=192, layers=4, heads=6, ctx=2048, vocab=VOCAB):
        self.d, self.layers, self.heads, self.ctx = d, layers, heads, ctx
        self.hd = d // heads
        self.vocab = vocab  # embedding rows (tokens incl. specials); lens-lm keeps the byte vocab

    def to_dict(self):
        out = dict(d=self.d, layers=self.layers, heads=self.heads, ctx=self.ctx)
        if self.vocab != VOCAB:
            out["vocab"] = self.vocab
        return out


def rotary(x, pos, hd):
    """Rotate pairs of channels of x [B,H,T,hd] by angles pos*inv_freq (pos [B,T])."""
    inv = 1.0 / (10000 ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
    ang = pos.to(torch.float32)[:, None, :, None] * inv[None, None, None, :]
    cos, sin = torch.cos(ang), torch.sin(ang)
    x1, x2 = x[..., 0::2], x[..., 1::2]
    out = torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1)
    return out.flatten(-2)


def causal(T, S):
    """[T, S] bool: query t (the last T of S positions) may attend key s iff s <= t."""
    qi = torch.arange(T)[:, None] + (S - T)
    kj = torch.arange(S)[None, :]
    return kj <= qi


class Block(nn.Module):
    """A pre-LayerNorm GPT-2 block with the attention written out (its probabilities are returned):
    ln1, fused qkv, proj, ln2, GELU-tanh MLP (fc, fc_proj). Every zoo model uses it; subclasses
    change `linear` (LoRA), `scores` (positions' logit scale) or MASKED, never the parameters."""

    MASKED = -1e9  # score of a key a query may not attend

    def __init__(self, c):
        super().__init__()
        self.c = c
        self.ln1 = nn.LayerNorm(c.d)
        self.qkv = nn.Linear(c.d, 3 * c.d)
        self.proj = nn.Linear(c.d, c.d)
        self.ln2 = nn.LayerNorm(c.d)
        self.fc = nn.Linear(c.d, 4 * c.d)
        self.fc_proj = nn.Linear(4 * c.d, c.d)

    def linear(self, name, x, adapters=None):
        """The Linear `name` applied to x; `adapters` is for subclasses (LoRA adds B (A x) there)."""
        return getattr(self, name)(x)

    def scores(self, q, k):
        return (q @ k.transpose(-1, -2)) / math.sqrt(self.c.hd)

    def forward(self, x, pos, key_mask=None, past_k=None, past_v=None, adapters=None):
        """x [B,T,d]; pos [B,T] rotary positions, or None for none; key_mask [B,P+T] (1 = attend)
        or None; past_k/v [B,H,P,hd] or None. Returns x, probs, k, v (k, v including the past)."""
        c = self.c
        B, T, _ = x.shape
        q, k, v = self.linear("qkv", self.ln1(x), adapters).split(c.d, dim=2)
        q, k, v = (t.view(B, T, c.heads, c.hd).transpose(1, 2) for t in (q, k, v))
        if pos is not None:
            q, k = rotary(q, pos, c.hd), rotary(k, pos, c.hd)
        if past_k is not None:
            k = torch.cat((past_k, k), dim=2)
            v = torch.cat((past_v, v), dim=2)
        allowed = causal(T, k.shape[2])[None, None]
        if key_mask is not None:
            allowed = allowed & (key_mask[:, None, None, :] > 0)
        probs = torch.softmax(self.scores(q, k).masked_fill(~allowed, self.MASKED), dim=-1)
        y = (probs @ v).transpose(1, 2).reshape(B, T, c.d)
        x = x + self.linear("proj", y, adapters)
        h = F.gelu(self.linear("fc", self.ln2(x), adapters), approximate="tanh")
        return x + self.linear("fc_proj", h, adapters), probs, k, v


def init_weights(m, c):
    """GPT-2's initialisation of the tied embedding and the residual projections (after the
    modules' own initialisation, so the random draws keep their order)."""
    nn.init.normal_(m.wte.weight, std=0.02)
    for b in m.blocks:
        nn.init.normal_(b.proj.weight, std=0.02 / math.sqrt(2 * c.layers))
        nn.init.normal_(b.fc_proj.weight, std=0.02 / math.sqrt(2 * c.layers))


class LensLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(getattr(c, "vocab", VOCAB), c.d)
        self.smear_down = nn.Linear(c.d, c.hd, bias=False)
        self.smear_up = nn.Linear(c.hd, c.d, bias=False)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.layers)])
        self.ln_f = nn.LayerNorm(c.d)
        init_weights(self, c)

    def embed(self, ids, prev_smear=None):
        """Token embeddings plus the smear of the previous token. prev_smear [B,1,hd] or None."""
        e = self.wte(ids)
        s = self.smear_down(e)
        first = torch.zeros_like(s[:, :1]) if prev_smear is None else prev_smear
        prev = torch.cat((first, s[:, :-1]), dim=1)
        return e + self.smear_up(prev), s

    def forward(self, ids, mask=None):
        """Full-sequence forward: logits, attention probabilities, hidden states."""
        if mask is None:
            mask = torch.ones_like(ids)
        pos = (torch.cumsum(mask, dim=1) - 1).clamp(min=0)
        x, _ = self.embed(ids)
        hidden, atts = [x], []
        for b in self.blocks:
            x, p, _, _ = b(x, pos, mask)
            atts.append(p)
            hidden.append(x)
        x = self.ln_f(x)
        hidden[-1] = x
        return x @ self.wte.weight.T, atts, hidden


def load_npz(model, path):
    """Loads the weights of an exported state.npz (export.py writes one beside every shipped lens-lm)."""
    state = np.load(path)
    model.load_state_dict({k: torch.from_numpy(state[k]) for k in state.files})
    return model


class AnalysisGraph(torch.nn.Module):
    """Full-sequence export graph: logits and the attention probabilities of every layer, then (with `hidden`)
    the hidden states of every layer, as separate outputs."""

    def __init__(self, m, hidden=True):
        super().__init__()
        self.m = m
        self.hidden = hidden

    def forward(self, input_ids, attention_mask):
        logits, atts, hidden = self.m(input_ids, attention_mask)
        return (logits, *atts, *hidden) if self.hidden else (logits, *atts)
