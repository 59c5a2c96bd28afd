"""The zoo corpus (tools/zoo/lens_lm/corpus.py) in GPT-2 tokens, for the BPE models.

`dump` writes a slice of each kind's training and held-out bytes (files joined by NUL) to tools/zoo/.work/bpe/;
tokenize_corpus.mjs encodes them with the tokenizer.json of tokenizer.py (the @huggingface/tokenizers library the
extension runs), writing uint16 ids with <|endoftext|> between files; `load` reads the ids back.
"""
import json
import os

import numpy as np

from ..lens_lm.corpus import build

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK = os.path.join(ROOT, "tools", "zoo", ".work", "bpe")
TRAIN_BYTES = 12_000_000  # per kind: more than a short run reads
HELD_BYTES = 400_000


def spread(blob, cap):
    """Every k-th file of blob (files joined by NUL), k chosen so that about `cap` bytes remain: Python and
    JavaScript alike, where the first `cap` bytes would be the Python standard library alone."""
    files = blob.split(b"\0")
    k = max(1, -(-len(blob) // cap))
    return b"\0".join(files[::k])[: cap + cap // 4]


def dump():
    data, summary = build(ROOT)
    os.makedirs(WORK, exist_ok=True)
    for kind, (train, held) in data.items():
        for split, blob, cap in (("train", train, TRAIN_BYTES), ("held", held, HELD_BYTES)):
            with open(os.path.join(WORK, f"{kind}.{split}.bytes"), "wb") as f:
                f.write(spread(blob, cap))
    with open(os.path.join(WORK, "corpus-summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    return summary


def load(kind, split):
    """(uint16 ids, UTF-8 bytes of the text they encode) of one kind and split."""
    ids = np.fromfile(os.path.join(WORK, f"{kind}.{split}.u16"), dtype="<u2").astype(np.int64)
    with open(os.path.join(WORK, f"{kind}.{split}.json"), encoding="utf-8") as f:
        return ids, json.load(f)["bytes"]


if __name__ == "__main__":
    print(json.dumps(dump()))
