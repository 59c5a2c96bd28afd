"""Reads the weights of an exported positions graph (model.onnx, float16 initializers) back into a
PositionsLM, so that training can continue from a zoo model whose checkpoint is gone."""
import onnx
import torch
from onnx import numpy_helper

# The graph's MatMul initializers are the transposed Linear weights, in the order the forward pass uses them.
LINEARS = ("qkv", "proj", "fc", "fc_proj")


def state_from_onnx(path, m):
    """A state dict for m (same config as the graph) from the initializers of `path`."""
    g = onnx.load(path).graph
    arrays = {i.name.removesuffix(".fp16"): numpy_helper.to_array(i).astype("float32") for i in g.initializer}
    state = {}
    for name in m.state_dict():
        key = "m." + name
        if key in arrays:
            state[name] = torch.from_numpy(arrays[key].copy())
    matmuls = [k for k in arrays if k.startswith("onnx::MatMul_")]
    matmuls.sort(key=lambda k: int(k.rsplit("_", 1)[1]))
    names = [f"blocks.{b}.{lin}.weight" for b in range(m.c.layers) for lin in LINEARS] + ["lm_head.weight"]
    names += ["pos_head.weight"] if m.pos_head is not None else []
    if len(matmuls) != len(names):
        raise ValueError(f"{path}: {len(matmuls)} MatMul weights, expected {len(names)}")
    for k, name in zip(matmuls, names):
        state[name] = torch.from_numpy(arrays[k].T.copy())
    missing = set(m.state_dict()) - set(state)
    if missing:
        raise ValueError(f"{path}: no weights for {sorted(missing)}")
    return state
