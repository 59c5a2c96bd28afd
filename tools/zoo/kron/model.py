"""kron-mlp: a byte-level MLP language model over the last CTX bytes, whose exported graph also gives, per example,
every linear layer's input (activations) and the gradient of that example's loss at the layer's output, from a
backward pass written by hand (no autograd in the graph), so Model Lens can form per-example weight gradients
G_i = output_grads_i · activations_iᵀ for the Kronecker analysis (Shampoo against the optimal approximation).

  context [B, CTX] (byte ids, 256 = start of text) → embedding (EMB per byte, concatenated)
  → fc1 (CTX·EMB → HIDDEN) → GELU → fc2 (HIDDEN → HIDDEN) → GELU → output (HIDDEN → 257) = logits
"""
import math

import torch
import torch.nn as nn

VOCAB, BOS = 257, 256
CTX, EMB, HIDDEN = 16, 32, 256
LAYERS = ("fc1", "fc2", "output")


class KronMLP(nn.Module):
    def __init__(self, ctx=CTX, emb=EMB, hidden=HIDDEN, vocab=VOCAB):
        super().__init__()
        self.ctx, self.emb_dim, self.hidden, self.vocab = ctx, emb, hidden, vocab
        self.emb = nn.Embedding(vocab, emb)
        self.fc1 = nn.Linear(ctx * emb, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.output = nn.Linear(hidden, vocab)
        nn.init.normal_(self.emb.weight, std=0.5)

    def forward(self, context):
        """Logits [B, vocab] and, per layer, (input, pre-activation output) for autograd checks."""
        x = self.emb(context).flatten(1)
        z1 = self.fc1(x)
        h1 = gelu(z1)
        z2 = self.fc2(h1)
        h2 = gelu(z2)
        logits = self.output(h2)
        return logits, {"fc1": (x, z1), "fc2": (h1, z2), "output": (h2, logits)}


def gelu(z):
    """Exact GELU, z Φ(z)."""
    return 0.5 * z * (1.0 + torch.erf(z / math.sqrt(2.0)))


def gelu_grad(z):
    """d GELU / dz = Φ(z) + z φ(z)."""
    return 0.5 * (1.0 + torch.erf(z / math.sqrt(2.0))) + z * torch.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


class WithGradients(nn.Module):
    """The exported graph: (context [B, CTX], labels [B]) → logits [B, 257], then for each layer in LAYERS
    activations.{layer} [B, n] (its input) and output_grads.{layer} [B, m] (d loss_b / d its output, loss_b the
    cross-entropy of example b at its label), by a backward pass written out with the same weights."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, context, labels):
        m = self.m
        x = m.emb(context).flatten(1)
        z1 = x @ m.fc1.weight.T + m.fc1.bias
        h1 = gelu(z1)
        z2 = h1 @ m.fc2.weight.T + m.fc2.bias
        h2 = gelu(z2)
        logits = h2 @ m.output.weight.T + m.output.bias
        p = torch.softmax(logits, dim=-1)
        onehot = (labels[:, None] == torch.arange(m.vocab, device=labels.device)[None, :]).to(p.dtype)
        g_out = p - onehot
        g_z2 = (g_out @ m.output.weight) * gelu_grad(z2)
        g_z1 = (g_z2 @ m.fc2.weight) * gelu_grad(z1)
        return logits, x, g_z1, h1, g_z2, h2, g_out


OUTPUT_NAMES = [
    "logits",
    "activations.fc1",
    "output_grads.fc1",
    "activations.fc2",
    "output_grads.fc2",
    "activations.output",
    "output_grads.output",
]


def contexts(seq, ctx=CTX):
    """Per target t ≥ 1 of seq (ids, seq[0] = BOS): the ctx ids before it, 256 where they precede the sequence."""
    padded = [BOS] * ctx + list(seq)
    return [padded[t : t + ctx] for t in range(1, len(seq))]
