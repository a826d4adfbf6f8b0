#!/usr/bin/env python3
"""Computes the format v1 test vectors from docs/FORMAT.md alone, without Ferry's code.

Needs python3-cryptography (AES-256-GCM, Argon2id) and the zstd command. Prints each vector as
the hex (or text) the tests in this folder commit; run it again only to check them, never to
replace them: the committed bytes are the contract.
"""
import base64
import hashlib
import hmac
import json
import struct
import subprocess

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

ENC = bytes(range(0x00, 0x20))  # the master key's AES-256-GCM half
IDK = bytes(range(0x20, 0x40))  # its HMAC-SHA-256 id half
M64 = (1 << 64) - 1


def show(name, value):
    print(f"{name} = {value.hex() if isinstance(value, bytes) else value}")


def seal(key, nonce, plain, aad=None):
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def zstd(data):
    # --no-check: Ferry's frames carry no checksum; the content size is in the frame header.
    with open("/tmp/ferry-vector-input", "wb") as f:
        f.write(data)
    return subprocess.run(["zstd", "-3", "--no-check", "-q", "-c", "/tmp/ferry-vector-input"],
                          capture_output=True, check=True).stdout


def entry(kind, blob_id, offset, length, raw):
    return bytes([kind]) + blob_id + struct.pack("<III", offset, length, raw)


# --- sealed blobs: nonce | AES-256-GCM(frame) | tag; frame = 0 | raw, or 1 | zstd frame --------
raw_plain = b"stored as is"
show("raw frame", b"\x00" + raw_plain)
show("raw sealed", seal(ENC, bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaab"), b"\x00" + raw_plain))
text = b"Ferry keeps every version of the notes folder.\n" * 24
frame = zstd(text)
show("text", text.decode().replace("\n", "\\n")[:60] + f"... ({len(text)} bytes)")
show("zstd frame", frame)
show("zstd sealed", seal(ENC, bytes.fromhex("b0b1b2b3b4b5b6b7b8b9babb"), b"\x01" + frame))

# --- chunk ids: HMAC-SHA-256(id key, plaintext) -------------------------------------------------
show("chunk id", hmac.new(IDK, b"ferry chunk id vector", hashlib.sha256).digest())

# --- gear table: SHA-256(seed | i, 4 bytes big-endian), four big-endian 64-bit words each ---------
seed = bytes(range(0x40, 0x60))
gear = []
for block in range(64):
    digest = hashlib.sha256(seed + struct.pack(">I", block)).digest()
    gear += [struct.unpack(">Q", digest[j * 8:(j + 1) * 8])[0] for j in range(4)]
for i in (0, 1, 2, 3, 128, 255):
    print(f"gear[{i}] = 0x{gear[i]:016x}")


# --- FastCDC: no cut before min; top (log2 avg + 2) bits zero before avg, top (log2 avg - 2) after -
def cuts(data, minimum, average, maximum):
    bits = average.bit_length() - 1
    small = (M64 << (64 - (bits + 2))) & M64
    large = (M64 << (64 - (bits - 2))) & M64
    lengths, offset = [], 0
    while offset < len(data):
        n = min(len(data) - offset, maximum)
        cut = n
        if n > minimum:
            h, i = 0, minimum
            while i < n:
                h = ((h << 1) + gear[data[offset + i]]) & M64
                if h & (small if i < min(average, n) else large) == 0:
                    cut = i + 1
                    break
                i += 1
        lengths.append(cut)
        offset += cut
    return lengths


def stream(length):
    out = b"".join(hashlib.sha256(b"ferry fastcdc vector" + struct.pack(">I", i)).digest()
                   for i in range((length + 31) // 32))
    return out[:length]


show("cuts 64K/256K/1M of 4 MiB", cuts(stream(4 << 20), 64 << 10, 256 << 10, 1 << 20))
show("cuts 64/256/1024 of 8 KiB", cuts(stream(8 << 10), 64, 256, 1024))

# --- pack header: count (int32 LE) | 45-byte entries, sealed with "ferry pack header v1" ---------
id_a, id_b = bytes([0xA1]) * 32, bytes([0xB2]) * 32
header = struct.pack("<i", 2) + entry(0, id_a, 0, 41, 12) + entry(1, id_b, 41, 77, 300)
show("pack header", header)
show("pack header sealed", seal(ENC, bytes.fromhex("c0c1c2c3c4c5c6c7c8c9cacb"), header, b"ferry pack header v1"))

# --- index: version 1 | pack count | per pack: id | size (int64 LE) | blob count | entries -------
index = (bytes([1]) + struct.pack("<i", 2)
         + bytes([0xC3]) * 32 + struct.pack("<qi", 123456, 2) + entry(0, id_a, 0, 41, 12) + entry(1, id_b, 41, 77, 300)
         + bytes([0xD4]) * 32 + struct.pack("<qi", 99, 0))
show("index", index)
sealed_index = seal(ENC, bytes.fromhex("d0d1d2d3d4d5d6d7d8d9dadb"), b"\x01" + zstd(index), b"ferry index/ v1")
show("index sealed", sealed_index)
show("index name", "index/" + hashlib.sha256(sealed_index).hexdigest())

# --- key file: Argon2id over the password's UTF-16LE bytes, 64 key bytes sealed with "ferry key v1"
def argon2id(password, salt, memory_kib, passes):
    return Argon2id(salt=salt, length=32, iterations=passes, lanes=1, memory_cost=memory_kib).derive(password.encode("utf-16-le"))


salt = bytes(range(16))
derived = argon2id("ferry format v1 test password", salt, 19456, 4)
show("argon2id 19456 KiB, 4 passes", derived)
show("argon2id non-ASCII, 64 KiB, 1 pass", argon2id("pässwörd 密码", salt, 64, 1))
wrapped = seal(derived, bytes.fromhex("e0e1e2e3e4e5e6e7e8e9eaeb"), ENC + IDK, b"ferry key v1")
key_file = {"version": 1, "kdf": "argon2id", "memory_kib": 19456, "passes": 4, "parallelism": 1,
            "salt": base64.b64encode(salt).decode(), "created": "2025-03-14T09:00:00+00:00", "host": "vector-host",
            "wrapped_master_key": base64.b64encode(wrapped).decode()}
show("key file", json.dumps(key_file, separators=(",", ":")))

# --- metadata objects: JSON, framed, sealed with "ferry <kind> v1", named by SHA-256 ---------------
snapshot = ('{"version":1,"time":"2025-03-14T09:30:00.25+00:00","host":"ann-laptop","os":"linux","user":"ann",'
            '"paths":["/home/ann/.config/App"],"tags":["daily"],"tree":"' + "ab" * 32 + '","parent":"' + "cd" * 32 + '",'
            '"ferry_version":"0.1.0","summary":{"files":9,"dirs":6,"bytes":362446,"added_bytes":1654,'
            '"files_new":1,"files_changed":1,"files_unchanged":7,"duration_ms":812}}').encode()
sealed_snapshot = seal(ENC, bytes.fromhex("f0f1f2f3f4f5f6f7f8f9fafb"), b"\x00" + snapshot, b"ferry snapshots/ v1")
show("snapshot sealed", sealed_snapshot)
show("snapshot name", "snapshots/" + hashlib.sha256(sealed_snapshot).hexdigest())
config = ('{"version":1,"id":"00112233445566778899aabbccddeeff","chunker_min":65536,"chunker_avg":262144,'
          '"chunker_max":1048576,"chunker_seed":"' + base64.b64encode(seed).decode() + '","pack_size":8388608}').encode()
show("config sealed", seal(ENC, bytes.fromhex("101112131415161718191a1b"), b"\x00" + config, b"ferry config v1"))
lock = ('{"kind":"Exclusive","operation":"prune","host":"bob-desktop","pid":77,'
        '"created":"2025-03-16T18:00:00+00:00","refreshed":"2025-03-16T18:02:00+00:00"}').encode()
show("lock sealed", seal(ENC, bytes.fromhex("202122232425262728292a2b"), b"\x00" + lock,
                        b"ferry locks/0123456789abcdef0123456789abcdef v1"))
