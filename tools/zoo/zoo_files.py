"""Files every zoo recipe writes: JSON (indent 1, as the manifest and cards are kept), sha256
digests, and the one entry of media/models/manifest.json that a recipe owns."""
import hashlib
import json
import os
import struct


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def read_models(path):
    """The `models` object of a JSON file (a fixture file other models' entries are kept in), or {} without one."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f).get("models", {})


def write_compact(path, obj):
    """Writes obj as compact JSON (positions/export.py's compact_json: one line per list of numbers or strings)."""
    from .positions.export import compact_json

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(compact_json(obj) + "\n")


def run_record(options, meta):
    """The fields every zoo card's `training` shares: batch, steps run and asked, seconds and budget, threads, seed."""
    o = options
    return {
        "batch": o["batch"],
        "steps": meta["steps"],
        "stepsAsked": o["steps"],
        "seconds": meta["seconds"],
        "budgetSeconds": o["budget"],
        "threads": o["threads"],
        "seed": o["seed"],
    }


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_safetensors(path, tensors, dtype="F32"):
    """Writes {name: torch tensor} as a safetensors file, names sorted, every tensor as `dtype` (F32 or F16)."""
    import numpy as np

    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        arr = np.ascontiguousarray(tensors[k].detach().numpy().astype({"F32": "<f4", "F16": "<f2"}[dtype]))
        header[k] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [off, off + arr.nbytes]}
        blobs.append(arr.tobytes())
        off += arr.nbytes
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


SAFETENSORS_MAX_HEADER = 100_000_000


def read_safetensors(path):
    """{name: float32 torch tensor} of a safetensors file of F16 or F32 tensors (the header size checked first)."""
    import numpy as np
    import torch

    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        assert n <= SAFETENSORS_MAX_HEADER, f"{path}: a header of {n} bytes"
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        arr = np.frombuffer(data[a:b], dtype={"F16": "<f2", "F32": "<f4"}[t["dtype"]]).reshape(t["shape"])
        out[name] = torch.from_numpy(arr.astype(np.float32))
    return out


def update_manifest(models_dir, entry):
    """Replaces the entry with the same name in place, or appends it; other entries keep their
    order and bytes."""
    path = os.path.join(models_dir, "manifest.json")
    doc = {"models": []}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    models = doc["models"]
    at = next((i for i, e in enumerate(models) if e["name"] == entry["name"]), None)
    if at is None:
        models.append(entry)
    else:
        models[at] = entry
    write_json(path, doc)


def export_onnx(module, inputs, path, input_names, output_names):
    """Exports `module` called on `inputs` to ONNX (opset 17) with the batch and sequence axes
    dynamic: `attentions.*` outputs are [batch, heads, seq, seq], every other input and output
    [batch, seq, ...]."""
    import torch

    seq = {0: "batch_size", 1: "sequence_length"}
    att = {0: "batch_size", 2: "sequence_length", 3: "sequence_length"}
    axes = {n: dict(att if n.startswith("attentions") else seq) for n in [*input_names, *output_names]}
    with torch.no_grad():
        torch.onnx.export(
            module,
            inputs,
            path,
            input_names=list(input_names),
            output_names=list(output_names),
            dynamic_axes=axes,
            opset_version=17,
        )


def kv_cache_diff(forward, ids, full, past):
    """Runs forward(input_ids, attention_mask, position_ids, *past) on ids [B,T] one token at a time from `past`,
    each step fed the presents of the one before; returns the largest |difference| of its logits from `full` (one
    pass over all of ids), which must be under 1e-4."""
    import torch

    B, T = ids.shape
    steps = []
    for t in range(T):
        out = forward(ids[:, t : t + 1], torch.ones(B, t + 1, dtype=torch.long), torch.full((B, 1), t), *past)
        steps.append(out[0])
        past = list(out[1:])
    diff = (torch.cat(steps, dim=1) - full).abs().max().item()
    assert diff < 1e-4, f"the KV-cache pass differs from the full pass by {diff}"
    return diff


def load_onnx_weights(module, onnx_path):
    """Loads a zoo model's weights back from its exported ONNX file into `module` (its PyTorch
    twin): named initializers by name (a `m.` export-wrapper prefix and a `.fp16` storage suffix
    dropped), and the transposed MatMul weights the exporter renames, in module order, each shape
    checked. Returns the module in eval mode."""
    import onnx
    import torch
    from onnx import numpy_helper

    inits = [
        (i.name.removesuffix(".fp16"), torch.from_numpy(numpy_helper.to_array(i).astype("float32")))
        for i in onnx.load(onnx_path).graph.initializer
    ]
    named = {k[2:]: v for k, v in inits if k.startswith("m.")}
    matmuls = [v for k, v in inits if k.startswith("onnx::MatMul")]
    state = module.state_dict()
    rest = [k for k in state if k not in named]
    for k, v in zip(rest, matmuls):
        assert state[k].shape == v.T.shape, (k, state[k].shape, v.shape)
        named[k] = v.T.contiguous()
    module.load_state_dict(named)
    return module.eval()


def round_weights(module, min_size):
    """Rounds every parameter of at least `min_size` values to float16 and back, in place, as a graph that
    stores those weights in float16 computes with them. Returns the module."""
    import torch

    with torch.no_grad():
        for q in module.parameters():
            if q.numel() >= min_size:
                q.copy_(q.half().float())
    return module
