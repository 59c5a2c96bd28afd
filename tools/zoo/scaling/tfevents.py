#!/usr/bin/python3
"""An independent TensorBoard event-file writer, used to check Model Lens's event-file reader.

It shares no code with the TypeScript reader: the messages (Event, Summary, Summary.Value, SummaryMetadata,
TensorProto, TensorShapeProto, and the hparams plugin's HParamsPluginData) are built at run time from
descriptor_pb2 with the field numbers of TensorFlow's event.proto, summary.proto, tensor.proto and
tensor_shape.proto (and tensorboard/plugins/hparams/plugin_data.proto), serialised by Debian's python3-protobuf, and
framed as TensorFlow's record writer does: length (uint64 LE), masked CRC-32C of the length, data, masked CRC-32C
of the data, with CRC-32C computed here from its own table.

Usage (Debian's Python: /usr/bin/python3, package python3-protobuf):

    /usr/bin/python3 tools/zoo/scaling/tfevents.py write DESCRIPTION.json OUT_DIR
    /usr/bin/python3 tools/zoo/scaling/tfevents.py fixtures

From Python, `EventWriter` appends scalars to one file as a training loop logs them:

    with EventWriter("runs/code/n1-d1/events.out.tfevents.1700000000.lens") as log:
        log.hparams({"dataset": "code", "params": 1250000})          # the run's dataset, N, D... (hparams plugin)
        log.scalar("train/loss", 3.25, step=100)                    # simple_value
        log.scalar("eval/loss", 3.5, step=100, tensor=True)         # a TF2-style scalar tensor

`write` writes the files a JSON description lists, under OUT_DIR. `fixtures` regenerates the reader's test
fixtures: it reads test/fixtures/scaling/tfevents.json and writes test/fixtures/scaling/tb/ (a clean tree first
removed and rebuilt). The description:

    {"files": [{"path": "run-a/events.out.tfevents.1700000000.host.1.v2",
                "events": [{"step": 0, "wall_time": 1700000000.5,
                            "simple": {"train/loss": 3.5},           # Summary.Value.simple_value (float32)
                            "tensor": {"eval/loss": 3.75},           # TF2 scalar: a rank-0 tensor summary
                            "encoding": "float_val"}],               # or "tensor_content", "double_val"
                "damage": {"crc_of_record": 2}}]}                    # or {"truncate_bytes": 5}

An event may also carry `"hparams": {"dataset": "code", "params": 1250000}`: the session's hyperparameters as
TensorBoard's hparams plugin records them (tag _hparams_/session_start_info, plugin "hparams", content an
HParamsPluginData with session_start_info.hparams: numbers, texts and booleans as google.protobuf.Value).

Every file starts with a file_version event ("brain.Event:2"); record 0 is that event, record 1 the first listed
event. A tensor summary carries plugin_data {plugin_name: "scalars"} and data_class DATA_CLASS_SCALAR on the first
value of each tag in a file, as TensorFlow's summary writer does. `damage.crc_of_record` flips a bit of that
record's data checksum; `damage.truncate_bytes` cuts that many bytes off the end of the file.
"""

import json
import os
import shutil
import struct
import sys
import time

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

F = descriptor_pb2.FieldDescriptorProto
OPTIONAL, REPEATED = F.LABEL_OPTIONAL, F.LABEL_REPEATED

# (name, number, type, label, type_name): the field numbers TensorFlow's .proto files give.
MESSAGES = {
    "Event": [
        ("wall_time", 1, F.TYPE_DOUBLE, OPTIONAL, None),
        ("step", 2, F.TYPE_INT64, OPTIONAL, None),
        ("file_version", 3, F.TYPE_STRING, OPTIONAL, None),
        ("summary", 5, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.Summary"),
    ],
    "Summary": [("value", 1, F.TYPE_MESSAGE, REPEATED, ".lenscheck.Value")],
    "Value": [
        ("tag", 1, F.TYPE_STRING, OPTIONAL, None),
        ("simple_value", 2, F.TYPE_FLOAT, OPTIONAL, None),
        ("tensor", 8, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.TensorProto"),
        ("metadata", 9, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.SummaryMetadata"),
    ],
    "SummaryMetadata": [
        ("plugin_data", 1, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.PluginData"),
        ("data_class", 4, F.TYPE_INT32, OPTIONAL, None),
    ],
    "PluginData": [("plugin_name", 1, F.TYPE_STRING, OPTIONAL, None), ("content", 2, F.TYPE_BYTES, OPTIONAL, None)],
    "TensorProto": [
        ("dtype", 1, F.TYPE_INT32, OPTIONAL, None),  # an enum on the wire: a varint
        ("tensor_shape", 2, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.TensorShapeProto"),
        ("tensor_content", 4, F.TYPE_BYTES, OPTIONAL, None),
        ("float_val", 5, F.TYPE_FLOAT, REPEATED, None),
        ("double_val", 6, F.TYPE_DOUBLE, REPEATED, None),
    ],
    "TensorShapeProto": [("dim", 2, F.TYPE_MESSAGE, REPEATED, ".lenscheck.Dim")],
    "Dim": [("size", 1, F.TYPE_INT64, OPTIONAL, None)],
    # tensorboard/plugins/hparams/plugin_data.proto: a session's hyperparameters, as `hp.hparams` writes them.
    "HParamsPluginData": [
        ("version", 1, F.TYPE_INT32, OPTIONAL, None),
        ("session_start_info", 3, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.SessionStartInfo"),
    ],
    # `map<string, google.protobuf.Value> hparams = 1`: on the wire, repeated entries of key 1 and value 2.
    "SessionStartInfo": [("hparams", 1, F.TYPE_MESSAGE, REPEATED, ".lenscheck.HparamEntry")],
    "HparamEntry": [
        ("key", 1, F.TYPE_STRING, OPTIONAL, None),
        ("value", 2, F.TYPE_MESSAGE, OPTIONAL, ".lenscheck.StructValue"),
    ],
    # google/protobuf/struct.proto's Value (its scalar kinds).
    "StructValue": [
        ("number_value", 2, F.TYPE_DOUBLE, OPTIONAL, None),
        ("string_value", 3, F.TYPE_STRING, OPTIONAL, None),
        ("bool_value", 4, F.TYPE_BOOL, OPTIONAL, None),
    ],
}
# Fields of a oneof (Event.what, Summary.Value.value): proto3 writes them even when they hold 0, as TF does.
ONEOFS = {
    "Event": ("what", {"file_version", "summary"}),
    "Value": ("value", {"simple_value", "tensor"}),
    "HParamsPluginData": ("data", {"session_start_info"}),
    "StructValue": ("kind", {"number_value", "string_value", "bool_value"}),
}
HPARAMS_TAG = "_hparams_/session_start_info"
DT_FLOAT, DT_DOUBLE = 1, 2
DATA_CLASS_SCALAR = 1


def build_classes():
    """The message classes, from a FileDescriptorProto built here (proto3: repeated numbers are packed)."""
    file = descriptor_pb2.FileDescriptorProto(name="lenscheck/events.proto", package="lenscheck", syntax="proto3")
    for name, fields in MESSAGES.items():
        message = file.message_type.add(name=name)
        oneof_name, members = ONEOFS.get(name, ("", set()))
        if oneof_name:
            message.oneof_decl.add(name=oneof_name)
        for field_name, number, kind, label, type_name in fields:
            field = message.field.add(name=field_name, number=number, type=kind, label=label)
            if type_name:
                field.type_name = type_name
            if field_name in members:
                field.oneof_index = 0
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    factory = message_factory.MessageFactory(pool)
    return {name: factory.GetPrototype(pool.FindMessageTypeByName("lenscheck." + name)) for name in MESSAGES}


def crc32c_table():
    """The 256-entry table of reflected CRC-32C (Castagnoli, polynomial 0x82F63B78)."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


TABLE = crc32c_table()


def crc32c(data):
    """CRC-32C of bytes: init and final xor 0xFFFFFFFF."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    """TensorFlow's masked CRC: rotate right by 15 bits, add 0xa282ead8 (mod 2^32)."""
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def record(data, bad_crc=False):
    """One record: length, masked CRC of the length, data, masked CRC of the data (one bit flipped if bad)."""
    length = struct.pack("<Q", len(data))
    data_crc = masked_crc(data) ^ (1 if bad_crc else 0)
    return length + struct.pack("<I", masked_crc(length)) + data + struct.pack("<I", data_crc)


def scalar_tensor(classes, value, encoding):
    """A rank-0 tensor holding `value`, stored as `encoding` says."""
    tensor = classes["TensorProto"](dtype=DT_DOUBLE if encoding == "double_val" else DT_FLOAT)
    tensor.tensor_shape.SetInParent()  # shape {} : a scalar
    if encoding == "float_val":
        tensor.float_val.append(value)
    elif encoding == "double_val":
        tensor.double_val.append(value)
    elif encoding == "tensor_content":
        tensor.tensor_content = struct.pack("<f", value)
    else:
        raise ValueError("unknown encoding " + repr(encoding))
    return tensor


def event_bytes(classes, spec, seen_tags):
    """The serialised Event of one description entry; `seen_tags` holds the tags that had their metadata."""
    event = classes["Event"](wall_time=spec.get("wall_time", 1700000000.0), step=spec.get("step", 0))
    event.summary.SetInParent()
    for tag, value in spec.get("simple", {}).items():
        event.summary.value.add(tag=tag, simple_value=value)
    if spec.get("hparams"):
        add_hparams(classes, event.summary, spec["hparams"])
    for tag, value in spec.get("tensor", {}).items():
        item = event.summary.value.add(tag=tag)
        item.tensor.CopyFrom(scalar_tensor(classes, value, spec.get("encoding", "float_val")))
        if tag not in seen_tags:
            seen_tags.add(tag)
            item.metadata.plugin_data.plugin_name = "scalars"
            item.metadata.data_class = DATA_CLASS_SCALAR
    return event.SerializeToString()


def add_hparams(classes, summary, hparams):
    """Adds the session-start hyperparameters (numbers, texts, booleans) as the hparams plugin's summary value."""
    data = classes["HParamsPluginData"](version=0)
    data.session_start_info.SetInParent()
    for key, value in hparams.items():
        entry = data.session_start_info.hparams.add(key=key)
        if isinstance(value, bool):
            entry.value.bool_value = value
        elif isinstance(value, (int, float)):
            entry.value.number_value = value
        else:
            entry.value.string_value = str(value)
    item = summary.value.add(tag=HPARAMS_TAG)
    item.metadata.plugin_data.plugin_name = "hparams"
    item.metadata.plugin_data.content = data.SerializeToString()


def file_bytes(classes, spec):
    """The bytes of one event file: the file_version event, the listed events, then any damage."""
    bad = spec.get("damage", {}).get("crc_of_record")
    version = classes["Event"](wall_time=spec["events"][0].get("wall_time", 1700000000.0) if spec["events"] else 0)
    version.file_version = "brain.Event:2"
    payloads = [version.SerializeToString()]
    seen_tags = set()
    payloads += [event_bytes(classes, event, seen_tags) for event in spec["events"]]
    out = b"".join(record(data, bad_crc=(index == bad)) for index, data in enumerate(payloads))
    cut = spec.get("damage", {}).get("truncate_bytes", 0)
    return out[: len(out) - cut] if cut else out


class EventWriter:
    """Writes one event file: the file_version event first, then one event per `scalar` call."""

    def __init__(self, path, wall_time=None):
        """Opens (creates or replaces) `path`; `wall_time` fixes every event's time (reproducible files)."""
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self.classes = build_classes()
        self.wall_time = wall_time
        self.seen_tags = set()
        self.handle = open(path, "wb")
        version = self.classes["Event"](wall_time=self._time())
        version.file_version = "brain.Event:2"
        self.handle.write(record(version.SerializeToString()))

    def _time(self):
        return time.time() if self.wall_time is None else self.wall_time

    def hparams(self, values, step=0):
        """Records the run's hyperparameters (a dict of numbers, texts, booleans) as the hparams plugin does."""
        spec = {"step": step, "wall_time": self._time(), "hparams": values}
        self.handle.write(record(event_bytes(self.classes, spec, self.seen_tags)))

    def scalar(self, tag, value, step, tensor=False, encoding="float_val"):
        """Appends `value` of `tag` at `step`: a simple_value, or (tensor=True) a rank-0 tensor summary."""
        spec = {"step": step, "wall_time": self._time(), "encoding": encoding}
        spec["tensor" if tensor else "simple"] = {tag: value}
        self.handle.write(record(event_bytes(self.classes, spec, self.seen_tags)))

    def close(self):
        """Flushes and closes the file."""
        self.handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def write(description, out_dir):
    """Writes every file of a description under `out_dir`; returns the paths written."""
    classes = build_classes()
    written = []
    for spec in description["files"]:
        path = os.path.join(out_dir, spec["path"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(file_bytes(classes, spec))
        written.append(path)
    return written


def fixtures():
    """Regenerates test/fixtures/scaling/tb/ from test/fixtures/scaling/tfevents.json."""
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    folder = os.path.join(root, "test", "fixtures", "scaling")
    with open(os.path.join(folder, "tfevents.json"), encoding="utf-8") as handle:
        description = json.load(handle)
    out = os.path.join(folder, "tb")
    shutil.rmtree(out, ignore_errors=True)
    return write(description, out)


def main(argv):
    """The command line: `write DESCRIPTION OUT_DIR` or `fixtures`."""
    if len(argv) == 3 and argv[0] == "write":
        with open(argv[1], encoding="utf-8") as handle:
            paths = write(json.load(handle), argv[2])
    elif argv == ["fixtures"]:
        paths = fixtures()
    else:
        sys.stderr.write(__doc__)
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
