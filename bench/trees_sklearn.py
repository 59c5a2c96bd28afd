"""Peer for bench/trees.bench.ts: trains scikit-learn's DecisionTreeClassifier on the features
and labels the TypeScript script wrote, with the same depth and leaf limits, and prints one JSON
line with the training time and held-out accuracy.

File layout: uint32 header length, a UTF-8 JSON header {rows, cols, trainRows, maxDepth, minLeaf,
criterion}, float32 features [rows x cols] (row-major), int32 labels [rows], little-endian.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier


def main(path: str) -> None:
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(4), "little")
        h = json.loads(f.read(n).decode("utf-8"))
        rows, cols, train = h["rows"], h["cols"], h["trainRows"]
        x = np.frombuffer(f.read(rows * cols * 4), dtype="<f4").reshape(rows, cols)
        y = np.frombuffer(f.read(rows * 4), dtype="<i4")
    clf = DecisionTreeClassifier(
        criterion=h["criterion"], max_depth=h["maxDepth"], min_samples_leaf=h["minLeaf"], random_state=0
    )
    t0 = time.perf_counter()
    clf.fit(x[:train], y[:train])
    seconds = time.perf_counter() - t0
    accuracy = float((clf.predict(x[train:]) == y[train:]).mean())
    print(
        json.dumps(
            {
                "seconds": seconds,
                "accuracy": accuracy,
                "nodes": int(clf.tree_.node_count),
                "sklearn": sklearn.__version__,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
