#!/usr/bin/env python3
"""An independent reader of format v1, written from docs/FORMAT.md alone, that checks this fixture.

It opens the key file with the password, then verifies every object: names are the SHA-256 of the
bytes, packs' headers and blobs open and every blob matches its keyed id, index objects and the
lock open, and each snapshot's tree walks to exactly the entries, contents, chunk counts, mtimes
and link targets manifest.json records. Needs Python's cryptography (44 or later, for Argon2id)
and the zstd command. Usage: read_v1.py [FIXTURE_DIR]
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

FIXTURE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.join(FIXTURE, "repository")
PASSWORD = "ferry format v1 fixture password"


def read(key):
    with open(os.path.join(REPOSITORY, key), "rb") as f:
        return f.read()


def named(prefix):
    """Every object under prefix, checked against its name (the SHA-256 of its bytes)."""
    for root, _, files in os.walk(os.path.join(REPOSITORY, prefix)):
        for name in files:
            data = read(os.path.relpath(os.path.join(root, name), REPOSITORY))
            assert hashlib.sha256(data).hexdigest() == name, f"{prefix}{name} does not match its name"
            yield name, data


def open_sealed(key, data, context=None):
    return AESGCM(key).decrypt(data[:12], data[12:], context)


def unframe(frame):
    if frame[0] == 0:
        return frame[1:]
    assert frame[0] == 1, "unknown frame type"
    return subprocess.run(["zstd", "-d", "-q", "-c"], input=frame[1:], capture_output=True, check=True).stdout


# The key file: Argon2id over the password's UTF-16LE bytes, then the 64 master-key bytes.
(_, key_file), = named("keys/")
key_file = json.loads(key_file)
derived = Argon2id(salt=base64.b64decode(key_file["salt"]), length=32, iterations=key_file["passes"],
                   lanes=key_file["parallelism"], memory_cost=key_file["memory_kib"]).derive(PASSWORD.encode("utf-16-le"))
master = open_sealed(derived, base64.b64decode(key_file["wrapped_master_key"]), b"ferry key v1")
encryption, id_key = master[:32], master[32:]
config = json.loads(unframe(open_sealed(encryption, read("config"), b"ferry config v1")))
assert config["version"] == 1

# Packs: blob | ... | sealed header | header length; each entry type | id | offset | length | raw length.
blobs = {}
for _, pack in named("data/"):
    length = struct.unpack("<I", pack[-4:])[0]
    header = open_sealed(encryption, pack[-4 - length:-4], b"ferry pack header v1")
    for i in range(struct.unpack("<i", header[:4])[0]):
        entry = header[4 + 45 * i:4 + 45 * (i + 1)]
        offset, size, raw = struct.unpack("<III", entry[33:45])
        plain = unframe(open_sealed(encryption, pack[offset:offset + size]))
        assert len(plain) == raw and hmac.new(id_key, plain, hashlib.sha256).digest() == entry[1:33]
        blobs[entry[1:33].hex()] = plain

for _, index in named("index/"):
    assert unframe(open_sealed(encryption, index, b"ferry index/ v1"))[0] == 1
for name in os.listdir(os.path.join(REPOSITORY, "locks")):
    json.loads(unframe(open_sealed(encryption, read("locks/" + name), f"ferry locks/{name} v1".encode())))


def walk(tree_id, path, out):
    for node in json.loads(blobs[tree_id])["nodes"]:
        child = f"{path}/{node['name']}" if path else node["name"]
        if node["type"] == "Directory":
            out[child] = ("dir", f"{node['mode']:04o}", node["mtime_ns"])
            walk(node["subtree"], child, out)
        elif node["type"] == "Symlink":
            out[child] = ("symlink", node["target"])
        else:
            content = b"".join(blobs[c] for c in node["content"])
            out[child] = ("file", f"{node['mode']:04o}", node["mtime_ns"], len(content),
                          hashlib.sha256(content).hexdigest(), len(node["content"]))


with open(os.path.join(FIXTURE, "manifest.json"), encoding="utf-8") as f:
    manifest = {s["id"]: s for s in json.load(f)["snapshots"]}
for snapshot_id, data in named("snapshots/"):
    snapshot = json.loads(unframe(open_sealed(encryption, data, b"ferry snapshots/ v1")))
    root = json.loads(blobs[snapshot["tree"]])["nodes"]
    # A snapshot of one folder restores that folder's contents; of several, one folder each.
    top = root[0]["subtree"] if len(snapshot["paths"]) == 1 else snapshot["tree"]
    found = {}
    walk(top, "", found)
    expected = {}
    for e in manifest[snapshot_id]["entries"]:
        if e["type"] == "symlink":
            expected[e["path"]] = ("symlink", e["target"])
        elif e["type"] == "dir":
            expected[e["path"]] = ("dir", e["mode"], e["mtime_ns"])
        else:
            expected[e["path"]] = ("file", e["mode"], e["mtime_ns"], e["size"], e["sha256"], e["chunks"])
    assert found == expected, f"snapshot {snapshot_id[:8]} differs from the manifest"
    print(f"{snapshot_id[:8]} {snapshot['host']} {snapshot['time']} {len(found)} entries as recorded")
print(f"format v1 fixture read: {len(blobs)} blobs, every object matches its name")
