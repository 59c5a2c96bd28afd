"""Writes test/fixtures/kronecker/no-output-grads/: a tiny graph that takes context and labels like kron-mlp and
outputs logits and activations.fc1 but no output_grads.fc1, so the test can check the error naming what is missing.

  /usr/bin/python3 -m tools.zoo.kron.bad_fixture      (from the repository root)
"""
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .train import ROOT

OUT = os.path.join(ROOT, "test", "fixtures", "kronecker", "no-output-grads")


def main():
    w = numpy_helper.from_array(np.zeros((4, 257), np.float32), "w")
    nodes = [
        helper.make_node("Cast", ["context"], ["x"], to=TensorProto.FLOAT),
        helper.make_node("Identity", ["x"], ["activations.fc1"]),
        helper.make_node("MatMul", ["x", "w"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "no-output-grads",
        [
            helper.make_tensor_value_info("context", TensorProto.INT64, ["batch_size", 4]),
            helper.make_tensor_value_info("labels", TensorProto.INT64, ["batch_size"]),
        ],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", 257]),
            helper.make_tensor_value_info("activations.fc1", TensorProto.FLOAT, ["batch_size", 4]),
        ],
        [w],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    os.makedirs(OUT, exist_ok=True)
    onnx.save(model, os.path.join(OUT, "model.onnx"))
    shutil.copy(os.path.join(ROOT, "media", "models", "lens-lm", "tokenizer.json"), os.path.join(OUT, "tokenizer.json"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
