"""PyTorch peer of the dependencies benchmark: lens-lm's attention maps of a file, in the same
windows (lens-lm's trained window, stride half of it), with attentions returned by the model (as BertViz and
TransformerLens read them), reduced to per-token k_0.9 of the layer-mean map so that both
sides do the same work. Usage: /usr/bin/python3 bench/dependencies_torch.py FILE REPS
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from surprisal_torch import setup, timed, trained_window, windows  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools", "zoo", "lens_lm"))
from model import EOT  # noqa: E402


def k_mass(rows, p=0.9):
    s, _ = torch.sort(rows, dim=-1, descending=True)
    c = torch.cumsum(s, dim=-1)
    return (c < p).sum(dim=-1) + 1


def run(m, ids, w=None):
    w = w or trained_window()
    ks = torch.zeros(len(ids))
    for b, e, s in windows(len(ids), w):
        x = torch.tensor(ids[b:e])[None]
        _, atts, _ = m(x)
        for a in atts:
            mean = a[0].mean(dim=0)
            ks[s:e] += k_mass(mean[s - 1 - b : e - 1 - b]).float()
    return ks


def main():
    data, reps, m = setup()
    ids = [EOT] + list(data)
    _, seconds = timed(lambda: run(m, ids), reps)
    print(
        json.dumps(
            {
                "tokens": len(data),
                "seconds": seconds,
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
            }
        )
    )


if __name__ == "__main__":
    main()
