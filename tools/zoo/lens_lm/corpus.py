"""Builds lens-lm's training corpus from text available offline, and its held-out sets.

Code: the Python 3.11 standard library (/usr/lib/python3.11, PSF-2.0) and JavaScript/TypeScript
sources of MIT/ISC/Apache-2.0/BSD packages under node_modules. Prose: the Python 3.11 documentation
sources (Debian python3.11-doc, PSF-2.0) and README files of the same npm packages.
One file in 16 (by a hash of its path) is held out and never trained on.
"""
import glob
import hashlib
import json
import os

PERMISSIVE = {"MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "BlueOak-1.0.0"}
MAX_FILE = 200_000


def held_out(path, root):
    """One file in 16 is held out, chosen by a hash of its path relative to the project."""
    rel = os.path.relpath(path, root) if path.startswith(os.path.abspath(root)) else path
    return hashlib.sha1(rel.encode()).digest()[0] % 16 == 0


def npm_packages(root):
    for pj in sorted(glob.glob(os.path.join(root, "node_modules", "**", "package.json"), recursive=True)):
        try:
            meta = json.load(open(pj, encoding="utf-8"))
        except Exception:
            continue
        lic = meta.get("license")
        if isinstance(lic, str) and lic in PERMISSIVE and "name" in meta:
            yield os.path.dirname(pj), meta["name"], lic


def collect(root):
    """Returns {kind: [(path, licence)]} for kind in code, prose."""
    code, prose, seen = [], [], set()
    for p in sorted(glob.glob("/usr/lib/python3.11/**/*.py", recursive=True)):
        code.append((p, "PSF-2.0"))
    for p in sorted(glob.glob("/usr/share/doc/python3.11/html/_sources/**/*.rst.txt", recursive=True)):
        prose.append((p, "PSF-2.0"))
    for d, name, lic in npm_packages(root):
        if name in seen:
            continue
        seen.add(name)
        for ext in ("js", "ts", "mjs"):
            for p in sorted(glob.glob(os.path.join(d, "**", "*." + ext), recursive=True)):
                if ".min." not in p and "/node_modules/" not in p[len(d) :]:
                    code.append((p, lic))
        for p in glob.glob(os.path.join(d, "README.md")):
            prose.append((p, lic))
    return {"code": code, "prose": prose}


def read(path):
    with open(path, "rb") as f:
        data = f.read(MAX_FILE)
    return data if b"\0" not in data else None


def build(root):
    """root: the project folder (absolute).

    Returns train/held-out byte strings per kind and a summary for the model card."""
    out, summary = {}, {}
    for kind, files in collect(root).items():
        train, held, lic = [], [], {}
        for p, l in files:
            data = read(p)
            if not data:
                continue
            (held if held_out(p, root) else train).append(data)
            lic[l] = lic.get(l, 0) + len(data)
        out[kind] = (b"\x00".join(train), b"\x00".join(held))
        summary[kind] = {
            "files": len(files),
            "trainBytes": sum(map(len, train)),
            "heldOutBytes": sum(map(len, held)),
            "bytesByLicence": lic,
        }
    return out, summary
