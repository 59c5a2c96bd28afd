"""The PyTorch peer of the surprisal benchmark: the same lens-lm weights, the same windows
(the window lens-lm was trained on, from its card, stride half of it), batched the same way, timed in this process.
Usage: /usr/bin/python3 bench/surprisal_torch.py FILE REPS  → prints one JSON line.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "zoo", "lens_lm"))
from model import Config, LensLM, EOT  # noqa: E402


CARD = os.path.join(ROOT, "media", "models", "lens-lm", "model-card.json")


def trained_window():
    """The window lens-lm was trained on, which the engine uses (its manifest context)."""
    return json.load(open(CARD))["architecture"].get("trainedContext", 256)


def load():
    card = json.load(open(CARD))
    arch = card["architecture"]
    m = LensLM(Config(d=arch["d"], layers=arch["layers"], heads=arch["heads"], ctx=arch["ctx"]))
    state = np.load(os.path.join(ROOT, "media", "models", "lens-lm", "torch", "state.npz"))
    m.load_state_dict({k: torch.from_numpy(state[k]) for k in state.files})
    return m.eval()


def windows(n, w):
    out, scored, begin = [], 1, 0
    while scored < n:
        end = min(begin + w, n)
        out.append((begin, end, scored))
        scored, begin = end, begin + w // 2
    return out


def surprisal(m, ids, w=None, batch=16):
    w = w or trained_window()
    bits = np.zeros(len(ids))
    plan = windows(len(ids), w)
    for g in range(0, len(plan), batch):
        group = plan[g : g + batch]
        length = max(e - b for b, e, _ in group)
        x = torch.zeros(len(group), length, dtype=torch.long)
        mask = torch.zeros(len(group), length, dtype=torch.long)
        for i, (b, e, _) in enumerate(group):
            x[i, : e - b] = torch.tensor(ids[b:e])
            mask[i, : e - b] = 1
        logp = F.log_softmax(m(x, mask)[0], dim=-1)
        for i, (b, e, s) in enumerate(group):
            t = torch.arange(s, e)
            bits[s:e] = (-logp[i, t - 1 - b, torch.tensor(ids[s:e])] / math.log(2)).numpy()
    return bits[1:]


def timed(fn, reps):
    """Runs `fn` once to warm up, then `reps` times; returns the warm-up's result and the median seconds."""
    with torch.no_grad():
        first = fn()
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return first, sorted(times)[len(times) // 2]


def setup():
    """The command line's file (its bytes) and repetitions, with torch's threads set; then the loaded model."""
    path, reps = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", str(os.cpu_count() or 1))))
    return open(path, "rb").read(), reps, load()


def main():
    data, reps, m = setup()
    ids = [EOT] + [b if b else EOT for b in data]
    bits, seconds = timed(lambda: surprisal(m, ids), reps)
    print(
        json.dumps(
            {
                "tokens": len(data),
                "seconds": seconds,
                "bitsPerByte": float(bits.sum() / len(data)),
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
