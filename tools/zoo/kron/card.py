"""The model card and manifest entry of kron-mlp."""
import os

from ..zoo_files import sha256
from .model import LAYERS

FILES = ["model.onnx", "tokenizer.json", "config.json", "model-card.json"]


def layer_shapes(m):
    return [{"name": k, "m": getattr(m, k).weight.shape[0], "n": getattr(m, k).weight.shape[1]} for k in LAYERS]


def card_for(m, meta, diffs, cosines):
    return {
        "name": "kron-mlp",
        "description": "A byte-level MLP language model over the last 16 bytes whose graph also outputs, per token, "
        "each linear layer's input and the gradient of that token's loss at the layer's output (a backward pass "
        "written into the graph), so Model Lens can measure Shampoo's preconditioner against the optimal "
        "Kronecker approximation on inner layers (papers-B section 4).",
        "architecture": {
            "layout": f"embedding {m.emb_dim} per byte × {m.ctx} bytes → fc1 → GELU → fc2 → GELU → output (logits)",
            "context": m.ctx,
            "embedding": m.emb_dim,
            "hidden": m.hidden,
            "vocab": m.vocab,
            "bos": 256,
            "layers": layer_shapes(m),
        },
        "parameters": meta["params"],
        "training": {k: meta[k] for k in ("steps", "batch", "lr", "seed", "seconds", "finalTrainBitsPerByte")},
        "corpus": "lens-lm's (tools/zoo/lens_lm/corpus.py: Python 3.11 stdlib and docs, permissive npm packages; "
        "one file in 16 held out); the 0 byte between files is fed as 256 (start of text)",
        "metrics": {k: meta[k] for k in ("heldOutBitsPerByte", "unigramBitsPerByte")},
        "recipe": [meta["command"], "OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 -m tools.zoo.kron.export"],
        "graph": "model.onnx (opset 17, float32): inputs context [batch_size, 16] int64 (the 16 ids before the "
        "target; 256 before the text starts) and labels [batch_size] int64; outputs logits [batch_size, 257], and "
        "per layer L in fc1, fc2, output: activations.L [batch_size, n] (its input) and output_grads.L "
        "[batch_size, m] (d loss_b / d its output, loss_b = cross-entropy of row b at its label). The weight "
        "gradient of row b is output_grads.L[b] ⊗ activations.L[b] (m × n); biases are not analysed.",
        "backwardCheck": {
            "against": "PyTorch autograd of the summed cross-entropy, 512 held-out contexts",
            "maxAbsDifferenceFloat32": diffs["float32"],
            "maxAbsDifferenceFloat64": diffs["float64"],
            "maxAbsDifferenceActivationsFloat32": diffs["float32Activations"],
        },
        "fixture": {"file": "test/fixtures/kronecker/kron-mlp-gradients.json", "cosines": cosines},
    }


def manifest_entry(m, meta, out):
    return {
        "name": "kron-mlp",
        "task": "kronecker-gradients",
        "dir": "kron-mlp",
        "description": "Byte-level MLP LM (16 bytes → 256 → 256 → 257) whose graph outputs per-token layer inputs "
        "and output gradients, for the Kronecker preconditioner analysis.",
        "graphs": {"lm": "model.onnx"},
        "context": m.ctx,
        "bosTokenId": 256,
        "card": "model-card.json",
        "kronecker": {"layers": layer_shapes(m)},
        "metrics": {"heldOutBitsPerByte": meta["heldOutBitsPerByte"], "unigramBitsPerByte": meta["unigramBitsPerByte"]},
        "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in FILES},
        "sha256": {f: sha256(os.path.join(out, f)) for f in FILES},
    }
