"""The PyTorch reference of test/unit/copying/zoo.test.ts: per model, the logits of a few rows (the
columns of the copy task's ids) and the per-string exact match on evaluation strings of two lengths."""
import torch

from . import data as D
from .train import exact_per_string

ROWS = ["a", "hello", "thequickbrownfox"]
COLUMNS = [ord(D.END), ord(D.SEPARATOR), *range(ord("a"), ord("z") + 1), D.BOS]


@torch.no_grad()
def logits_rows(m):
    """PyTorch's logits for each row in ROWS (the full copy row), restricted to COLUMNS, and the
    argmax over all 257 ids at every position."""
    out = []
    for s in ROWS:
        ids = torch.tensor([D.row(s)])
        logits, _ = m(ids)
        out.append(
            {
                "string": s,
                "ids": ids[0].tolist(),
                "argmax": logits[0].argmax(-1).tolist(),
                "logits": [[round(v, 5) for v in r] for r in logits[0][:, COLUMNS].tolist()],
            }
        )
    return out


@torch.no_grad()
def exact_matches(m, length, count, seed):
    """The first `count` evaluation strings of one length and whether PyTorch copies each exactly."""
    strings = D.eval_strings(length, count, seed)
    return {"length": length, "strings": strings, "exact": exact_per_string(m, strings)}


def fixtures_for(m, lengths, count, seed):
    return {"rows": logits_rows(m), "evaluation": [exact_matches(m, L, count, seed) for L in lengths]}
