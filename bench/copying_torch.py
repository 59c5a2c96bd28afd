"""PyTorch peer of the copy-probe benchmark: the same copy tasks (prompt = span + separator, answer = span) scored
with the same lens-lm weights, teacher-forced in right-padded batches of 64 like the engine: for each answer byte,
whether it is the greedy choice and its surprisal in bits. Usage: /usr/bin/python3 bench/copying_torch.py TASKS.json
REPS (TASKS.json: [{"prompt", "answer"}]) → prints one JSON line.
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from surprisal_torch import load, timed  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools", "zoo", "lens_lm"))
from model import EOT  # noqa: E402


def rows_of(tasks):
    """BOS, the prompt's bytes, the answer's bytes; and where the answer starts."""
    out = []
    for t in tasks:
        prompt, answer = list(t["prompt"].encode("utf-8")), list(t["answer"].encode("utf-8"))
        out.append(([EOT] + prompt + answer, 1 + len(prompt)))
    return out


def score(m, rows, batch=64):
    exact, correct, tokens, bits = 0, 0, 0, 0.0
    for g in range(0, len(rows), batch):
        group = rows[g : g + batch]
        length = max(len(r) for r, _ in group)
        x = torch.zeros(len(group), length, dtype=torch.long)
        mask = torch.zeros(len(group), length, dtype=torch.long)
        for i, (r, _) in enumerate(group):
            x[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        logp = F.log_softmax(m(x, mask)[0], dim=-1)
        for i, (r, at) in enumerate(group):
            t = torch.arange(at, len(r))
            target = x[i, t]
            lp = logp[i, t - 1]
            hits = lp.argmax(dim=-1) == target
            exact += int(hits.all())
            correct += int(hits.sum())
            tokens += len(t)
            bits += float(-lp[torch.arange(len(t)), target].sum() / math.log(2))
    return {"exact": exact, "correct": correct, "tokens": tokens, "bits": bits}


def main():
    tasks, reps = json.load(open(sys.argv[1])), int(sys.argv[2])
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", str(os.cpu_count() or 1))))
    m = load()
    rows = rows_of(tasks)
    s, seconds = timed(lambda: score(m, rows), reps)
    print(
        json.dumps(
            {
                "tasks": len(tasks),
                "seconds": seconds,
                "stringAccuracy": s["exact"] / len(tasks),
                "tokenAccuracy": s["correct"] / s["tokens"],
                "bitsPerToken": s["bits"] / s["tokens"],
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
