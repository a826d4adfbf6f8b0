"""The data sets: each one creates a folder deterministically and mutates about 1% of it in place.

app500     scripts/gen_appdata.py --mb 500: a chat app's data folder (LevelDB text, attachments,
           notes, knowledge base, caches); its --mutate changes about 1% (appends, rewrites, patches).
app100     the same at 100 MB: quick enough for the slow network profiles (--network).
single2g   one 2 GiB file of 1 MiB blocks, alternately random (incompressible) and hex text
           (compresses about 2:1), every block unique; the change overwrites 1% of it in place
           in 20 runs at scattered offsets.
small100k  100,000 files of 1-8 KiB, 100 per folder in two folder levels, 70% text (JSON lines,
           compressible) and 30% random bytes; the change rewrites 1% of the files.
small10k   the same with 10,000 files: with small100k it shows whether memory grows with file count.
"""
import os
import random
import re
import subprocess
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GEN_APPDATA = os.path.join(ROOT, "scripts", "gen_appdata.py")

MIB = 1024 * 1024


@dataclass(frozen=True)
class DataSet:
    name: str
    kind: str      # appdata | single | small
    size: int      # MB for appdata, bytes for single, file count for small
    describe: str

    def create(self, folder):
        os.makedirs(folder, exist_ok=True)
        if self.kind == "appdata":
            subprocess.run(["python3", GEN_APPDATA, folder, "--mb", str(self.size)], check=True, stdout=subprocess.DEVNULL)
        elif self.kind == "single":
            _create_single(folder, self.size)
        else:
            _create_small(folder, self.size)

    def mutate(self, folder):
        """Changes about 1% of the folder in place (the same change every time); returns the bytes changed."""
        if self.kind == "appdata":
            out = subprocess.run(["python3", GEN_APPDATA, folder, "--mutate", "--seed", "7"],
                                 check=True, capture_output=True, text=True).stdout
            match = re.search(r"mutated about (\d+) bytes", out)
            if not match:
                raise RuntimeError(f"gen_appdata.py --mutate printed no byte count: {out!r}")
            return int(match.group(1))
        if self.kind == "single":
            return _mutate_single(folder, self.size)
        return _mutate_small(folder, self.size)


def data_sets(quick):
    """The data sets by name; --quick keeps the names but shrinks each to a few MB."""
    if quick:
        return {
            "app500": DataSet("app500", "appdata", 4, "app-data folder, 4 MB (quick)"),
            "app100": DataSet("app100", "appdata", 2, "app-data folder, 2 MB (quick)"),
            "single2g": DataSet("single2g", "single", 16 * MIB, "one 16 MiB file (quick)"),
            "small100k": DataSet("small100k", "small", 300, "300 small files (quick)"),
            "small10k": DataSet("small10k", "small", 30, "30 small files (quick)"),
        }
    return {
        "app500": DataSet("app500", "appdata", 500, "app-data folder, 500 MB (gen_appdata.py --mb 500)"),
        "app100": DataSet("app100", "appdata", 100, "app-data folder, 100 MB (gen_appdata.py --mb 100)"),
        "single2g": DataSet("single2g", "single", 2048 * MIB, "one 2 GiB file, half random, half hex text"),
        "small100k": DataSet("small100k", "small", 100_000, "100,000 files of 1-8 KiB"),
        "small10k": DataSet("small10k", "small", 10_000, "10,000 files of 1-8 KiB"),
    }


def _block(rng, index, length):
    raw = rng.randbytes(length if index % 2 == 0 else length // 2)
    return raw if index % 2 == 0 else raw.hex().encode()


def _create_single(folder, size):
    rng = random.Random(11)
    with open(os.path.join(folder, "disk.img"), "wb") as f:
        for i in range((size + MIB - 1) // MIB):
            f.write(_block(rng, i, min(MIB, size - i * MIB)))


def _mutate_single(folder, size):
    rng = random.Random(12)
    runs, run_length = 20, max(1, size // 100 // 20)
    with open(os.path.join(folder, "disk.img"), "r+b") as f:
        for _ in range(runs):
            f.seek(rng.randrange(0, size - run_length))
            f.write(rng.randbytes(run_length))
    return runs * run_length


_WORDS = ("the model answer prompt token context provider assistant user message chat knowledge "
          "base vector embedding file note backup restore bucket region endpoint system reply code "
          "json markdown table image summary translate explain function error request").split()


def _text_pool(rng, length):
    out, size = [], 0
    while size < length:
        line = '{"id":"%08x","content":"%s"}\n' % (rng.getrandbits(32), " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 18))))
        out.append(line)
        size += len(line)
    return "".join(out).encode()


def _small_path(folder, i):
    return os.path.join(folder, f"{i // 10000:02d}", f"{i // 100 % 100:02d}", f"item-{i:06d}.{'json' if i % 10 < 7 else 'bin'}")


def _small_content(rng, pool, i, generation):
    length = rng.randint(1024, 8192)
    if i % 10 >= 7:
        return rng.randbytes(length)
    header = b'{"file":%d,"generation":%d,"nonce":"%016x"}\n' % (i, generation, rng.getrandbits(64))
    start = rng.randrange(0, len(pool) - length)
    return (header + pool[start:start + length])[:length]


def _create_small(folder, count):
    rng = random.Random(21)
    pool = _text_pool(rng, 4 * MIB)
    for i in range(count):
        path = _small_path(folder, i)
        if i % 100 == 0:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(_small_content(rng, pool, i, 0))


def _mutate_small(folder, count):
    rng = random.Random(22)
    pool = _text_pool(rng, MIB)
    changed = 0
    for i in rng.sample(range(count), max(1, count // 100)):
        data = _small_content(rng, pool, i, 1)
        with open(_small_path(folder, i), "wb") as f:
            f.write(data)
        changed += len(data)
    return changed
