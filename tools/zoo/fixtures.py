"""Writes small ONNX fixtures for the bad-input tests: a graph with input_ids but no logits output.
Usage (from the repository root): /usr/bin/python3 -m tools.zoo.fixtures
"""
import argparse
import os
import shutil

import onnx
from onnx import TensorProto, helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def no_logits(out_dir):
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"])
    hidden = helper.make_tensor_value_info("hidden", TensorProto.INT64, ["batch_size", "sequence_length"])
    graph = helper.make_graph([helper.make_node("Identity", ["input_ids"], ["hidden"])], "no_logits", [ids], [hidden])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="model-lens-fixtures")
    onnx.checker.check_model(model)
    os.makedirs(out_dir, exist_ok=True)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    shutil.copy(
        os.path.join(ROOT, "media", "models", "lens-lm", "tokenizer.json"), os.path.join(out_dir, "tokenizer.json")
    )


def bad_onnx(out_dir):
    """A folder laid out like a model whose model.onnx is not a protobuf at all."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "model.onnx"), "wb") as f:
        f.write(b"this is not an ONNX protobuf\n" * 4)
    shutil.copy(
        os.path.join(ROOT, "media", "models", "lens-lm", "tokenizer.json"), os.path.join(out_dir, "tokenizer.json")
    )


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__).parse_args()
    no_logits(os.path.join(ROOT, "test", "fixtures", "no-logits"))
    bad_onnx(os.path.join(ROOT, "test", "fixtures", "bad-onnx"))
