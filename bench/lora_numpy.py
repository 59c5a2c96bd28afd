"""Peer for bench/lora.bench.ts: merges the same two PEFT adapter folders with numpy, applying
the formulas Model Lens applies (PEFT's add_weighted_adapter), and prints one JSON line with the
best-of-N time and a checksum (sum over modules of the squared Frobenius norm of B@A) per method.

- read: parse adapter_config.json and adapter_model.safetensors (header + np.frombuffer).
- linear: A = sum sqrt(w s) A_i, B = sum sqrt(w s) B_i.
- cat: A = concat(w s A_i) by rows, B = concat(B_i) by columns.
- ties: on A and on B separately, weights sqrt(w s): magnitude prune to density (argpartition),
  elect sign(sum of pruned), mean of the weighted agreeing entries.
- magnitude_prune: on A and on B separately, magnitude prune each to density, then the weighted sum.
- dare_linear, dare_ties: on A and on B separately, keep each entry where a uniform draw is below
  density and divide it by density, then the weighted sum (dare_linear) or TIES' election and
  mean (dare_ties). The draws are Model Lens's own, reproduced exactly: mulberry32
  (src/core/random/rng.ts) is counter-based, draw n (from 1) of seed s hashing the state
  s + n * 0x6D2B79F5 mod 2**32, so all the draws of one merge are computed at once in uint32
  arithmetic, in Model Lens's order (pruneMerges.ts: modules by name, A tensors then B tensors,
  adapter by adapter, one draw per entry). The masks are then equal entry for entry, and the
  checksums agree as linear's do (to float32 rounding, about 1e-7 relative); another seed's masks
  move them by about 4e-4.
- svd: QR of the concatenated factors and SVD of the small core (the algorithm Model Lens uses);
  'svd (dense, PEFT path)': np.linalg.svd of each dense delta W, as PEFT does with torch.
- dense dW: sum w s B_i @ A_i for every module; checksum sum of ||dW||_F^2 (equals cat's).
"""
import json
import sys

import numpy as np
from numpy_peer import best, blas


def read_adapter(path):
    with open(f"{path}/adapter_config.json") as f:
        config = json.load(f)
    with open(f"{path}/adapter_model.safetensors", "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    mods = {}
    for key, e in header.items():
        if key == "__metadata__":
            continue
        b, end = e["data_offsets"]
        t = np.frombuffer(raw, dtype="<f4", count=(end - b) // 4, offset=base + b).reshape(e["shape"])
        name, which = key[len("base_model.model.") :].rsplit(".lora_", 1)
        mods.setdefault(name, {})[which[0]] = t
    s = config["lora_alpha"] / config["r"]
    return {name: (m["A"], m["B"], s) for name, m in sorted(mods.items())}


def prune(t, density):
    k = int(density * t.size)
    flat = np.abs(t).ravel()
    keep = np.argpartition(-flat, k - 1)[:k]
    mask = np.zeros(t.size, dtype=bool)
    mask[keep] = True
    return t * mask.reshape(t.shape)


def mulberry32(seed, start, count):
    """Draws start+1 .. start+count of rngSeeded(seed), as uint32 (the draw is this / 2**32)."""
    n = np.arange(start + 1, start + count + 1, dtype=np.uint64)
    z = ((n * 0x6D2B79F5 + seed) & 0xFFFFFFFF).astype(np.uint32)
    z = (z ^ (z >> 15)) * (z | 1)
    z ^= z + (z ^ (z >> 7)) * (z | 61)
    return z ^ (z >> 14)


def dare_prune(t, density, draws):
    return t * (draws < density * 2.0**32).reshape(t.shape) / np.float32(density)


def ties_merge(pruned, weights):
    pruned = np.stack(pruned)
    elected = np.where(pruned.sum(axis=0) >= 0, 1.0, -1.0)
    agree = np.sign(pruned) == elected
    weighted = pruned * np.asarray(weights, dtype=np.float32).reshape(-1, *([1] * (pruned.ndim - 1)))
    return (weighted * agree).sum(axis=0) / np.maximum(agree.sum(axis=0), 1)


def factor_space(adapters, w, merge):
    """PEFT's plain merges: `merge(tensors, weights, which)` on the A factors, then on the B factors."""
    out = {}
    for name in adapters[0]:
        sites = [(a[name], wi) for a, wi in zip(adapters, w)]
        c = [np.sqrt(wi * s) for (_, _, s), wi in sites]
        out[name] = (merge([A for (A, _, _), _ in sites], c), merge([B for (_, B, _), _ in sites], c))
    return out


def dare(adapters, w, density, seed, then):
    total = sum(A.size + B.size for ad in adapters for A, B, _ in ad.values())
    draws = mulberry32(seed, 0, total)
    used = [0]

    def merge(tensors, c):
        pruned = []
        for t in tensors:
            pruned.append(dare_prune(t, density, draws[used[0] : used[0] + t.size]))
            used[0] += t.size
        return then(pruned, c)

    return factor_space(adapters, w, merge)


def merge(kind, adapters, w, density, rank, seed):
    if kind == "ties":
        return factor_space(adapters, w, lambda ts, c: ties_merge([prune(t, density) for t in ts], c))
    if kind == "magnitude_prune":
        return factor_space(adapters, w, lambda ts, c: sum(ci * prune(t, density) for t, ci in zip(ts, c)))
    if kind == "dare_linear":
        return dare(adapters, w, density, seed, lambda ps, c: sum(ci * p for p, ci in zip(ps, c)))
    if kind == "dare_ties":
        return dare(adapters, w, density, seed, ties_merge)
    out = {}
    for name in adapters[0]:
        sites = [(a[name], wi) for a, wi in zip(adapters, w)]
        if kind == "linear":
            c = [np.sqrt(wi * s) for (_, _, s), wi in sites]
            out[name] = (
                sum(ci * A for ci, ((A, _, _), _) in zip(c, sites)),
                sum(ci * B for ci, ((_, B, _), _) in zip(c, sites)),
            )
        elif kind == "cat":
            out[name] = (
                np.concatenate([wi * s * A for (A, _, s), wi in sites], 0),
                np.concatenate([B for (_, B, _), _ in sites], 1),
            )
        elif kind == "svd":
            A = np.concatenate([wi * s * A for (A, _, s), wi in sites], 0).astype(np.float64)
            B = np.concatenate([B for (_, B, _), _ in sites], 1).astype(np.float64)
            qb, rb = np.linalg.qr(B)
            qa, ra = np.linalg.qr(A.T)
            u, sv, vt = np.linalg.svd(rb @ ra.T)
            out[name] = (
                (qa @ vt.T[:, :rank]).T.astype(np.float32),
                ((qb @ u[:, :rank]) * sv[:rank]).astype(np.float32),
            )
        elif kind == "svd (dense, PEFT path)":
            dw = sum(wi * s * (B @ A) for (A, B, s), wi in sites)
            u, sv, vt = np.linalg.svd(dw, full_matrices=False)
            out[name] = (vt[:rank], u[:, :rank] * sv[:rank])
        elif kind == "dense ΔW":
            out[name] = sum(wi * s * (B @ A) for (A, B, s), wi in sites)
    return out


def checksum(merged):
    total = 0.0
    for v in merged.values():
        if isinstance(v, tuple):
            A, B = v
            # ||B A||^2 = trace((B^T B)(A A^T))
            total += float(np.sum((B.T.astype(np.float64) @ B) * (A.astype(np.float64) @ A.T)))
        else:
            flat = v.ravel().astype(np.float64)
            total += float(flat @ flat)
    return total


def main(args):
    a = json.loads(args)
    seconds, check = {}, {}
    t, adapters = best(lambda: [read_adapter(d) for d in a["dirs"]], a["repeats"], a["warmup"])
    seconds["read"] = t
    check["read"] = sum(
        float(np.sum((B.T.astype(np.float64) @ B) * (A.astype(np.float64) @ A.T))) * s * s
        for ad in adapters
        for A, B, s in ad.values()
    )
    kinds = [k for k in a["methods"] if k != "read"] + (["svd (dense, PEFT path)"] if a["denseSvd"] else [])
    for kind in kinds:
        repeats, warmup = (1, 0) if kind == "svd (dense, PEFT path)" else (a["repeats"], a["warmup"])
        call = (adapters, a["weights"], a["density"], a["rank"], a["seed"])
        t, merged = best(lambda: merge(kind, *call), repeats, warmup)
        seconds[kind] = t
        check[kind] = checksum(merged)
    print(json.dumps({"numpy": np.__version__, "blas": blas(), "seconds": seconds, "checksum": check}))


if __name__ == "__main__":
    main(sys.argv[1])
