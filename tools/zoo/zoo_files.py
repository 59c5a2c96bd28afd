"""Files every zoo recipe writes: JSON (indent 1, as the manifest and cards are kept), sha256
digests, and the one entry of media/models/manifest.json that a recipe owns."""
import hashlib
import json
import os


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


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
