"""The model card and the manifest entry of one mixture-of-experts zoo model."""
import os

from ..zoo_files import sha256
from .model import count_params

FILES = ("model.onnx", "tokenizer.json", "config.json", "model-card.json")
TASK_TEXT = {
    "phonebook": "phone book: recall the 4-digit number of a synthetic name (memorization)",
    "paths": "length-2 path: is there a vertex u with edges s-u and u-t in the listed graph (reasoning)",
}

LOSS_TEXT = {
    "phonebook": "cross-entropy on the answer bytes only, plus the load-balancing loss",
    "paths": "rows of one graph and several queries (the first in the eval format): cross-entropy on the edge list "
    "and on every answer, plus the load-balancing loss",
}


def kind(c):
    """'dense', 'one expert' (E = 1, top-1) or 'MoE'."""
    return "dense" if c.experts == 0 else ("one expert" if c.experts == 1 else "MoE")


def ffn_text(c):
    if c.experts == 0:
        return "dense GELU-tanh feed-forward of width %d" % c.ffn
    if c.experts == 1:
        return (
            "a single expert of width %d with a (trivial) router and top-1 routing: E = 1 cannot route top-2, so "
            "its one expert is twice the width of the others' experts, giving the same active parameters" % c.ffn
        )
    return "%d experts of width %d, linear router d -> %d, softmax then top-%d, gates renormalised over the top-%d" % (
        c.experts,
        c.ffn,
        c.experts,
        c.top_k,
        c.top_k,
    )


def describe(c):
    what = {"dense": "dense, FFN %d" % c.ffn, "one expert": "1 expert of width %d, top-1" % c.ffn}.get(
        kind(c), "%d experts of width %d, top-%d" % (c.experts, c.ffn, c.top_k)
    )
    layers = "%d layer%s" % (c.layers, "" if c.layers == 1 else "s")
    return "Mixture-of-experts zoo, %s (%s, d %d, %s)." % (TASK_TEXT[c.task], layers, c.d, what)


def card_for(name, m, meta, ev, context, export_args):
    c = m.c
    routers = ", router_logits.{layer} [batch_size, sequence_length, %d] float32 for layer < %d (pre-softmax)" % (
        c.experts,
        c.layers,
    )
    return {
        "name": name,
        "description": describe(c),
        "task": {
            "name": c.task,
            "text": TASK_TEXT[c.task],
            "data": meta["data"],
            "evalSet": "media/models/moe-data/%s.json" % c.task,
            "format": "BOS (id 256), then the prompt bytes, then the answer bytes",
            "loss": LOSS_TEXT[c.task],
        },
        "architecture": {
            **c.to_dict(),
            "kind": kind(c),
            "feedForward": ffn_text(c),
            "attention": "causal, %d heads, rotary positions, pre-LayerNorm" % c.heads,
            "embedding": "tied input/output byte embedding (logits scaled by 1/sqrt(d))",
            "parameters": count_params(c),
            "parameterCount": "papers-B §3: FFN total = E*(2*d*f + f + d), active = k*(...), router d*E; "
            "attention, norms and the embedding counted in both total and active",
        },
        "graph": {
            "file": "model.onnx",
            "opset": 17,
            "weights": "float16 initializers cast to float32 in the graph; accuracy measured with the rounded weights",
            "inputs": "input_ids [batch_size, sequence_length] int64",
            "outputs": "logits [batch_size, sequence_length, 257]" + (routers if c.experts else ""),
            "context": context,
        },
        "training": {
            k: meta[k]
            for k in ("steps", "seconds", "batch", "lr", "warmup", "weightDecay", "auxCoefficient", "seed", "threads")
        }
        | {
            "optimizer": "AdamW (betas 0.9/0.98), warm-up then cosine to 5%, grad clip 1, one CPU thread",
            "log": meta["log"],
            "logColumns": meta["logColumns"],
            "compute": "every expert computed only on its routed tokens in training; densely in the graph",
        },
        "evaluation": ev,
        "recipe": [meta["recipe"], "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.moe.export " + export_args],
    }


def manifest_entry(name, m, out, ev, context):
    c = m.c
    p = count_params(c)
    return {
        "name": name,
        "task": "moe",
        "dir": name,
        "description": describe(c),
        "graphs": {"lm": "model.onnx"},
        "context": context,
        "bosTokenId": 256,
        "card": "model-card.json",
        "moe": {
            "task": c.task,
            "experts": c.experts,
            "topK": c.top_k,
            "layers": c.layers,
            "dModel": c.d,
            "dExpert": c.ffn,
            "totalParams": p["total"],
            "activeParams": p["active"],
            "accuracy": ev["accuracy"],
            "evalItems": ev["items"],
        },
        "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in FILES},
        "sha256": {f: sha256(os.path.join(out, f)) for f in FILES},
    }
