"""The model card of remaining-lm: architecture, training, tasks, bins, probes and their held-out errors."""
from . import data as D
from . import probes as PR
from .build import SETS


def card_for(model, meta, o):
    c = model.c
    h = o["heldOut"]
    mae = h["mae"]
    return {
        "name": "remaining-lm",
        "description": "A byte-level causal LM trained on prompts whose answer length the prompt determines but "
        "does not state, and TRAIL's remaining-length predictor on its hidden states (papers-C section 1.1): a "
        "probe per layer, the Bayesian refinement over bins, and a prompt-only baseline.",
        "architecture": {
            "layout": "lens-lm's (tools/zoo/lens_lm/model.py): rotary positions, previous-token smear, pre-LN blocks",
            **c.to_dict(),
            "vocab": 257,
            "eos": 256,
        },
        "parameters": meta["params"],
        "training": {k: meta[k] for k in ("steps", "answerTokens", "seconds", "batch", "lr", "seed", "finalLoss")},
        "recipe": [meta["command"], "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.remaining.export"],
        "format": "prompt, a newline, the answer, <|endoftext|> (256); loss on the answer and its end only",
        "tasks": {k: w for k, (_, w) in D.TASKS.items()},
        "exactMatchHeldOut": o["exactMatch"],
        "graph": "model.onnx (opset 17, weights float16 cast to float32): inputs input_ids, attention_mask "
        "[batch_size, sequence_length] int64; outputs logits [batch_size, sequence_length, 257] and "
        f"hidden_states.0 … hidden_states.{c.layers} [batch_size, sequence_length, {c.d}] (0: embeddings, "
        f"{c.layers}: after the final LayerNorm)",
        "probes": {
            "file": "probes.safetensors",
            "bins": {"edges": PR.EDGES, "centres": PR.CENTRES, "width": PR.WIDTH},
            "mlp": f"Linear({c.d}, {PR.HIDDEN}) → ReLU → Linear({PR.HIDDEN}, {PR.K}) → softmax; tensors "
            "layer.{l}.w1/b1/w2/b2 and prompt.w1/b1/w2/b2 (float32)",
            "stepInput": "hidden state of layer l at the token just generated; label = bin of the tokens still to "
            "come before <|endoftext|>",
            "promptInput": "hidden state of layer promptLayer at the prompt's last token (its newline); label = bin "
            "of the whole answer's length",
            "refinement": "q0 = the prompt-only distribution; per token q = normalise((T q) ⊙ p_t) with "
            "T[i][i] = 1 − 1/w, T[i][i+1] = 1/w; estimate Σ q_i m_i",
            "defaultLayer": o["layer"],
            "promptLayer": o["promptLayer"],
            "layerChoice": "lowest refined MAE on the validation prompts (seed 102); the prompt layer likewise",
            "sets": {k: {"seed": s, "prompts": n} for k, (s, n) in SETS.items()},
            "heldOut": {
                "prompts": h["prompts"],
                "tokenPairs": h["pairs"],
                "unfinishedWithin260Tokens": h["unfinished"],
                "maeRefined": round(mae["refined"], 3),
                "maeProbeOnly": round(mae["probeOnly"], 3),
                "maePromptOnly": round(mae["promptOnly"], 3),
                "maePromptOnlyTotal": round(mae["promptOnlyTotal"], 3),
                "ratio": round(mae["promptOnly"] / mae["refined"], 3),
                "note": "MAE in tokens over every (prompt, generated token) pair; prompt-only = its total estimate "
                "counted down by one per token (≥ 0); promptOnlyTotal = its error on the whole length, per prompt",
            },
            "layerScan": [
                {"layer": e["layer"], "probeMae": round(e["probeMae"], 3), "refinedMae": round(e["refinedMae"], 3)}
                for e in h["scan"]
            ],
            "buildSeconds": o["seconds"],
        },
    }
