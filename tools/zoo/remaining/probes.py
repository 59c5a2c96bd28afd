"""Remaining-length probes (TRAIL, papers-C §1.1): bins, a 2-layer MLP per layer from the hidden state at each
generated token to k equal remaining-length bins, the prompt-only baseline (the same MLP on the prompt's last
hidden state, predicting the whole answer's length), the Bayesian refinement and the errors; safetensors I/O.
The TypeScript side (src/core/analyses/remaining) mirrors bins, the MLP and the refinement exactly.
"""
import json
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F

from ..schedule import warmup_cosine

K, WIDTH, HIDDEN = 10, 25.0, 128
EDGES = [WIDTH * i for i in range(K + 1)]
CENTRES = [WIDTH * (i + 0.5) for i in range(K)]


def bin_of(r):
    """Bin index of a remaining length (lengths past the last edge fall in the last bin)."""
    return min(int(r // WIDTH), K - 1)


def train_mlp(x, y, seed=0, epochs=12, batch=512, lr=3e-3):
    """A Linear(d, HIDDEN) → ReLU → Linear(HIDDEN, K) probe trained by cross-entropy (AdamW, cosine) on standardised
    features; the standardisation is folded into the first layer, so the probe takes the raw hidden state."""
    g = torch.Generator().manual_seed(seed)
    mu, sd = x.mean(dim=0), x.std(dim=0).clamp(min=1e-4)
    x = (x - mu) / sd
    d = x.shape[1]
    w1 = torch.nn.Linear(d, HIDDEN)
    w2 = torch.nn.Linear(HIDDEN, K)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(w1, torch.nn.ReLU(), w2)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-3)
    n = x.shape[0]
    steps = epochs * max(1, math.ceil(n / batch))
    step = 0
    for _ in range(epochs):
        perm = torch.randperm(n, generator=g)
        for s in range(0, n, batch):
            i = perm[s : s + batch]
            for grp in opt.param_groups:
                grp["lr"] = warmup_cosine(lr, step, 20, step, steps)
            loss = F.cross_entropy(net(x[i]), y[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
    w, b = w1.weight.detach() / sd[None, :], w1.bias.detach() - (w1.weight.detach() / sd[None, :]) @ mu
    return {"w1": w, "b1": b, "w2": w2.weight.detach(), "b2": w2.bias.detach()}


def apply_mlp(p, x):
    """Softmax probabilities [n, K] (float64) of probe p on features x [n, d]."""
    with torch.no_grad():
        h = torch.relu(x.double() @ p["w1"].double().T + p["b1"].double())
        return torch.softmax(h @ p["w2"].double().T + p["b2"].double(), dim=-1).numpy()


def expected(probs):
    return probs @ np.array(CENTRES)


def refine(prior, ps, rate=1.0 / WIDTH):
    """TRAIL's Bayesian refinement: for each step's probe distribution p, q⁻ = T q with T[i][i] = 1 − rate,
    T[i][i+1] = rate (mass moves one bin shorter), then q ∝ q⁻ ⊙ p. Returns the posteriors [steps, K]."""
    q = np.asarray(prior, dtype=np.float64)
    out = []
    for p in ps:
        qm = (1 - rate) * q
        qm[:-1] += rate * q[1:]
        post = qm * p
        z = post.sum()
        q = post / z if z > 0 else np.asarray(p, dtype=np.float64) / np.sum(p)
        out.append(q)
    return np.array(out).reshape(len(out), K)


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors (name → array) and string metadata as a safetensors file."""
    header, blobs, off = {"__metadata__": {k: str(v) for k, v in metadata.items()}}, [], 0
    for name, arr in tensors.items():
        b = np.ascontiguousarray(np.asarray(arr, dtype="<f4")).tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.asarray(arr).shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
