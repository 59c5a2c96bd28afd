"""The model card and the manifest entry of one positions model."""
import os

from ..zoo_files import sha256
from . import data as D

FILES = ("model.onnx", "config.json", "model-card.json")
METHOD_TEXT = {
    "ppc": "Predictive Position Coupling: token embedding + learned embedding of the coupled rule ID, random start "
    "offset per training example; a second head predicts the next token's ID (loss = CE(next token) + "
    "CE(next ID) on the answer). Decoded with its own predicted IDs.",
    "coupled": "Position coupling (Cho et al., the oracle baseline): same model and rule IDs with random offsets, no "
    "position head; the rule's IDs are fed at inference.",
    "absolute": "Absolute positions (the usual baseline): IDs 0..T-1, no offset, no position head; rows never "
    "reached in training stay as initialised.",
}
INIT_TEXT = {
    "orthogonal": "as orthogonal rows of norm 0.5*sqrt(d) (token embeddings N(0, 0.5))",
    "sinusoidal": "with sinusoids (token embeddings N(0, 0.7))",
    "normal": "N(0, 0.02)",
}
FORMAT = {
    "addition": "a+b= with the shorter operand zero-padded to L digits (L = longer operand), then the sum "
    "least-significant digit first, zero-padded to L+1 digits (couple(problem, 'addition', "
    "{ padOperands: true }); config.json says padOperands)",
    "multiplication": "a*d= with a of L digits and d one digit 0-9 (not padded; d gets the units' ID), then the "
    "product least-significant digit first, zero-padded to L+1 digits (couple(problem, 'multiplication'))",
    "copy": "x|x with x of 1..10 symbols from the digits 0-9 (couple(problem, 'copy'))",
}


def context(task, method, m):
    """Longest training sequence."""
    return D.longest_sequence(task, m.c.train_max_length)


def card_for(name, m, meta, ev, export_args):
    c = m.c
    params = sum(p.numel() for p in m.parameters())
    outputs = (
        "logits [batch_size, sequence_length, 13]"
        + (
            ", position_logits [batch_size, sequence_length, %d] (the ID of the next token)" % c.max_position
            if c.method == "ppc"
            else ""
        )
        + (
            ", attentions.{i} [batch_size, %d, sequence_length, sequence_length] for i < %d (softmax "
            "probabilities, causal)"
        )
        % (c.heads, c.layers)
    )
    return {
        "name": name,
        "description": METHOD_TEXT[c.method],
        "task": {
            "name": c.task,
            "format": FORMAT[c.task],
            "vocab": D.vocab(c.task),
            "bos": None,
            "eos": None,
            "trainingLengths": "1..%d (addition: each operand's length drawn on its own, then padded; "
            "multiplication: the one-digit factor uniform in 0-9)" % c.train_max_length,
            "offsets": "uniform in [0, maxPosition-1-span] per example (couple.ts offsetChoose)"
            if c.method != "absolute"
            else "none",
        },
        "architecture": {
            **c.to_dict(),
            "headDim": c.hd,
            "parameters": params,
            "mlp": "4d, GELU-tanh",
            "norm": "pre-LayerNorm",
            "positionEmbedding": "learned, %d rows, initialised %s, learning rate x%g"
            % (c.max_position, INIT_TEXT[meta["posInit"]], meta["posLrScale"]),
            "attentionLogitScale": "learned per head, starts at %g (learning rate x%g)"
            % (meta["attentionScale"], meta["scaleLrScale"]),
            "positionHead": c.method == "ppc",
            "dropout": 0,
        },
        "graph": {
            "file": "model.onnx",
            "opset": 17,
            "weights": "float16 initializers (every parameter of 64 values or more) cast to float32 in the graph; "
            "the curves and fixtures are measured with these rounded weights",
            "inputs": "input_ids [batch_size, sequence_length] int64, position_ids [batch_size, sequence_length] int64"
            + (" (0..T-1)" if c.method == "absolute" else " (coupled IDs)"),
            "outputs": outputs,
        },
        "training": {
            k: meta[k] for k in ("steps", "seconds", "batch", "lr", "warmup", "seed", "threads", "log", "logColumns")
        }
        | {
            "schedule": "AdamW (betas 0.9/0.98, weight decay 0.01), linear warm-up then cosine to 0, grad clip 1",
            "loss": "answer positions only: from the =/| token to the second-to-last answer token"
            + (", CE(next token) + CE(next position ID)" if c.method == "ppc" else ", CE(next token)"),
            "data": (
                "fresh random problems every step, Python random.Random(seed); the same stream for every "
                "method of a task"
            ),
        },
        "evaluation": {
            **ev,
            "problems": "problemRandom(task, n, rngSeeded(probeSeed(seed, n))) as model-lens length-probe draws "
            "them (both operands n digits); greedy, PyTorch, offset 0",
            "mode": {"ppc": "ppc (own predicted IDs)", "coupled": "oracle (rule IDs)", "absolute": "absolute (0..T-1)"}[
                c.method
            ],
        },
        "recipe": [
            meta.get("recipe", ""),
            "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.positions.export " + export_args,
        ],
    }


def manifest_entry(name, m, out, ev):
    c = m.c
    T = c.train_max_length
    within = [v for n, v in zip(ev["lengths"], ev["exactMatch"]) if n <= T and v is not None]
    return {
        "name": name,
        "task": "positions",
        "dir": name,
        "graphs": {"lm": "model.onnx"},
        "context": context(c.task, c.method, m),
        "description": "%s model for %s (%d layer%s, d %d): %s"
        % (c.method, c.task, c.layers, "" if c.layers == 1 else "s", c.d, METHOD_TEXT[c.method].split(":")[0]),
        "card": "model-card.json",
        "positions": {
            "task": c.task,
            "method": c.method,
            "maxPosition": c.max_position,
            "trainMaxLength": T,
        },
        "metrics": {
            "exactMatchWithinTraining": round(sum(within) / len(within), 4),
            "exactMatchAt2x": ev["exactMatch"][2 * T - 1] if len(ev["exactMatch"]) >= 2 * T else None,
            "exactMatchAt3x": ev["exactMatch"][3 * T - 1] if len(ev["exactMatch"]) >= 3 * T else None,
        },
        "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in FILES},
        "sha256": {f: sha256(os.path.join(out, f)) for f in FILES},
    }
