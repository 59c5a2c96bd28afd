"""Held-out measurements for lens-lm: bits per byte on unseen code and prose beside a unigram
baseline, and copying (bits per byte on a random span's first occurrence and on its repeat).

Run alone it measures a saved lens-lm on the held-out sets of today's corpus, so a new model and the
shipped one can be compared on the same bytes:
  /usr/bin/python3 -m tools.zoo.lens_lm.evaluate --state media/models/lens-lm/torch/state.npz --window 1024
"""
import argparse
import json
import math
import os
import random

import numpy as np
import torch
import torch.nn.functional as F

from .model import EOT

LN2 = math.log(2)


def ids_of(data):
    a = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    return np.where(a == 0, EOT, a)


def surprisal_windows(m, data, window):
    """Bits of each byte of data given <|endoftext|> and the bytes before it, scored in windows of
    `window` tokens with stride window/2 (each byte scored once, with at least window/2 context
    after the first window). Returns (bits per byte, top-5 ids per byte)."""
    ids = np.concatenate(([EOT], ids_of(data)))
    n, stride, prev_end = len(ids), window // 2, 1
    bits, top = [], []
    begin = 0
    while prev_end < n:
        end = min(begin + window, n)
        x = torch.from_numpy(ids[begin:end])[None]
        logp = F.log_softmax(m(x)[0][0], dim=-1)
        for t in range(prev_end, end):
            bits.append(-logp[t - 1 - begin, ids[t]].item() / LN2)
            top.append(torch.topk(logp[t - 1 - begin], 5).indices.tolist())
        prev_end = end
        begin += stride
    return bits, top


def segments(data, rng, count, length):
    starts = [rng.randrange(0, len(data) - length) for _ in range(count)]
    return [data[s : s + length] for s in starts]


def model_bpb(m, segs):
    total, n = 0.0, 0
    for s in segs:
        x = torch.from_numpy(np.concatenate(([EOT], ids_of(s))))[None]
        logp = F.log_softmax(m(x[:, :-1])[0][0], dim=-1)
        total += -logp.gather(1, x[0, 1:, None]).sum().item() / LN2
        n += len(s)
    return total / n


def unigram_bpb(train, segs):
    counts = np.bincount(np.frombuffer(train, dtype=np.uint8), minlength=256).astype(np.float64) + 1
    logp = np.log2(counts / counts.sum())
    arr = np.frombuffer(b"".join(segs), dtype=np.uint8)
    return float(-logp[arr].mean())


def copy_test(m, prose, rng, count=100, span=32, distance=128):
    """Mean bits per byte of a random printable span's first occurrence and of its repeat `distance` bytes
    later (start to start), in held-out prose: 64 bytes of text, the span, text, the span, 16 bytes."""
    first, second = 0.0, 0.0
    printable = bytes(range(33, 127))
    gap = distance - span
    for _ in range(count):
        s = rng.randrange(0, len(prose) - 200 - max(0, gap - 96))
        a, b, c = prose[s : s + 64], prose[s + 64 : s + 64 + gap], prose[s + 64 + gap : s + 80 + gap]
        r = bytes(rng.choice(printable) for _ in range(span))
        data = a + r + b + r + c
        x = torch.from_numpy(np.concatenate(([EOT], ids_of(data))))[None]
        logp = F.log_softmax(m(x[:, :-1])[0][0], dim=-1)
        bits = -logp.gather(1, x[0, 1:, None])[:, 0] / LN2
        i1, i2 = len(a), len(a) + span + len(b)
        first += bits[i1 : i1 + span].sum().item()
        second += bits[i2 : i2 + span].sum().item()
    return first / (count * span), second / (count * span)


COPY_DISTANCES = (32, 271, 512, 900)


def evaluate(m, data, window, long_window=None):
    """The card's metrics: bits per byte on 300 held-out segments of window-1 bytes (and, with long_window, of
    long_window-1 bytes), and copying at a distance of 128 bytes (and at each of COPY_DISTANCES)."""
    rng = random.Random(1234)
    out = {"heldOutSegments": 300, "segmentBytes": window - 1}
    for kind in ("code", "prose"):
        train, held = data[kind]
        segs = segments(held, rng, 300, window - 1)
        out[kind] = {
            "bitsPerByte": round(model_bpb(m, segs), 4),
            "unigramBitsPerByte": round(unigram_bpb(train, segs), 4),
        }
    f, s = copy_test(m, data["prose"][1], rng)
    out["copy"] = {
        "spanBytes": 32,
        "samples": 100,
        "firstOccurrenceBitsPerByte": round(f, 4),
        "repeatBitsPerByte": round(s, 4),
        "difference": round(f - s, 4),
    }
    if long_window:
        out["long"] = long_metrics(m, data, long_window)
    return out


def long_metrics(m, data, window):
    """Bits per byte on 300 held-out segments of window-1 bytes, and copying at each of COPY_DISTANCES."""
    rng = random.Random(4321)
    out = {"heldOutSegments": 300, "segmentBytes": window - 1}
    for kind in ("code", "prose"):
        out[kind] = {"bitsPerByte": round(model_bpb(m, segments(data[kind][1], rng, 300, window - 1)), 4)}
    out["copyByDistance"] = []
    for d in COPY_DISTANCES:
        f, s = copy_test(m, data["prose"][1], rng, distance=d)
        out["copyByDistance"].append(
            {
                "distance": d,
                "firstOccurrenceBitsPerByte": round(f, 4),
                "repeatBitsPerByte": round(s, 4),
                "difference": round(f - s, 4),
            }
        )
    return out


def main():
    from .corpus import build
    from .model import Config, LensLM, load_npz

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--state", required=True, help="a lens-lm state.npz")
    ap.add_argument("--window", type=int, default=1024, help="the long segments' window (1024)")
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    m = load_npz(LensLM(Config()), a.state).eval()
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    data, _ = build(root)
    with torch.no_grad():
        print(json.dumps(evaluate(m, data, 256, a.window), indent=1))


if __name__ == "__main__":
    main()
