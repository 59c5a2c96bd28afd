"""Peer of bench/remote.bench.ts: a plain Python client of an OpenAI-compatible completions server scoring a text
the way Model Lens's remote backend does (the server's /tokenize, windows of the served length with half-window
stride, 8 windows a request with prompt_logprobs, 4 requests in flight). Prints the best time of `repeats` runs and
the bits per byte as the last line of JSON. With `ablate`, it ablates instead the last token of the text's first
window as Model Lens's remote ablation does: each earlier token replaced by the BOS token in turn, the copies 8 a
request, 4 in flight, the effect |change of ln p| of the last token; it prints the time, the top position and its
effect.

Usage: remote_client.py <api-base-url> <model> <text-file> <repeats> [ablate]
"""
import json
import math
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(url, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.loads(reply.read())


def windows(n, window):
    """As src/core/analyses/surprisal/planWindows.ts: (begin, end, score_from) covering targets 1..n-1 once."""
    stride, out, scored, begin = max(1, window // 2), [], 1, 0
    while scored < n:
        end = min(begin + window, n)
        out.append((begin, end, scored))
        scored, begin = end, begin + stride
    return out


def served(base, model):
    """The served model's window and a function tokenizing through the server's /tokenize."""
    root = base[: -len("/v1")] if base.endswith("/v1") else base
    entry = next(m for m in call(base + "/models")["data"] if m["id"] == model)
    tokenize = lambda prompt, special: call(
        root + "/tokenize", {"model": model, "prompt": prompt, "add_special_tokens": special}
    )["tokens"]
    return entry["max_model_len"] - 1, tokenize


def bits_per_byte(base, model, text, k):
    context, tokenize = served(base, model)
    bos = tokenize("", True)
    ids = (bos if len(bos) == 1 else []) + tokenize(text, False)
    plan = windows(len(ids), context)
    groups = [plan[i : i + 8] for i in range(0, len(plan), 8)]

    def score(group):
        body = {"model": model, "prompt": [ids[b:e] for b, e, _ in group], "max_tokens": 1, "temperature": 0}
        reply = call(base + "/completions", {**body, "prompt_logprobs": k})
        total = 0.0
        for (b, e, s), choice in zip(group, sorted(reply["choices"], key=lambda c: c["index"])):
            for t in range(s, e):
                total -= choice["prompt_logprobs"][t - b][str(ids[t])]["logprob"] / math.log(2)
        return total

    with ThreadPoolExecutor(4) as pool:
        bits = sum(pool.map(score, groups))
    return bits / len(text.encode("utf-8"))


def ablate_last(base, model, text):
    """Effects on the last token of the first window of removing each earlier token: (top position, its effect)."""
    context, tokenize = served(base, model)
    bos = tokenize("", True)[0]
    ids = ([bos] + tokenize(text, False))[:context]
    t = len(ids) - 1
    rows = [ids] + [[bos if i == j else x for i, x in enumerate(ids)] for j in range(1, t)]
    groups = [rows[i : i + 8] for i in range(0, len(rows), 8)]

    def score(group):
        body = {"model": model, "prompt": group, "max_tokens": 1, "temperature": 0, "prompt_logprobs": 0}
        reply = call(base + "/completions", body)
        choices = sorted(reply["choices"], key=lambda c: c["index"])
        return [c["prompt_logprobs"][t][str(ids[t])]["logprob"] for c in choices]

    with ThreadPoolExecutor(4) as pool:
        logps = [x for g in pool.map(score, groups) for x in g]
    effects = [abs(logps[0] - x) for x in logps[1:]]
    top = max(range(len(effects)), key=lambda j: effects[j])
    return top + 1, effects[top]


def main():
    base, model, path, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    text = open(path, encoding="utf-8").read()
    best, bpb = math.inf, math.nan
    if sys.argv[5:] == ["ablate"]:
        for _ in range(repeats):
            t0 = time.perf_counter()
            top, effect = ablate_last(base, model, text)
            best = min(best, time.perf_counter() - t0)
        print(json.dumps({"seconds": best, "top": top, "effect": effect}))
        return
    for _ in range(repeats):
        t0 = time.perf_counter()
        bpb = bits_per_byte(base, model, text, 5)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "bitsPerByte": bpb}))


if __name__ == "__main__":
    main()
