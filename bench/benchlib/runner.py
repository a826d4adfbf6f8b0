"""Runs one tool through the steps on one data set, measuring each step from outside.

Each step is one process (or one shell for zip-and-upload) under GNU time: wall seconds, user +
system CPU seconds (the process and every child it waited for) and peak RSS (the largest single
process). Its S3 requests and body bytes come from the server's ops log (server.py).
"""
import os
import re
import shutil
import signal
import subprocess
from dataclasses import asdict, dataclass

STEPS = ("first", "unchanged", "change", "restore")
# Over a --network profile also `list` on the backups' device (warm cache), before the restore.
NET_STEPS = ("first", "unchanged", "change", "list", "restore")


@dataclass
class Measurement:
    set: str
    tool: str
    run: int
    step: str
    ok: bool
    wall: float = 0.0
    cpu: float = 0.0
    rss_mib: float = 0.0
    up: int = 0
    down: int = 0
    requests: int = 0
    errors: int = 0
    changed: int = 0        # change step: the bytes the data set's mutation changed
    verified: bool | None = None
    note: str = ""
    net: dict | None = None  # with --network: what the proxy saw (network.StepNetwork)

    def as_dict(self):
        return asdict(self)


def timed(command, env, logs, name, timeout):
    """Runs COMMAND under /usr/bin/time; returns (ok, wall, cpu, rss_mib, note). A step that runs
    past TIMEOUT seconds is killed with everything it started (its own process group)."""
    subprocess.run(["sync"], check=False)
    timing = f"{logs}/{name}.time"
    with open(f"{logs}/{name}.out", "wb") as out, open(f"{logs}/{name}.err", "wb") as err:
        process = subprocess.Popen(["/usr/bin/time", "-f", "%e %U %S %M", "-o", timing, *command], env=env,
                                   stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            rc = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return False, float(timeout), 0.0, 0.0, f"timed out after {timeout} s"
    with open(timing) as f:
        last = f.read().strip().splitlines()[-1].split()
    with open(f"{logs}/{name}.err", "rb") as f:
        tail = f.read()[-600:].decode(errors="replace").strip()
    wall, user, system, rss_kib = float(last[0]), float(last[1]), float(last[2]), int(last[3])
    return rc == 0, wall, user + system, rss_kib / 1024, (f"exit {rc}: {tail}" if rc else "")


def same_tree(a, b):
    """True when the two folders hold the same files with the same bytes (diff -r). Empty folders
    are not compared: S3 has no folders, and rclone does not bring empty ones back."""
    out = subprocess.run(["diff", "-r", "-q", a, b], capture_output=True, text=True)
    for line in out.stdout.splitlines() + out.stderr.splitlines():
        only = re.fullmatch(r"Only in (.+): (.+)", line)
        path = only and os.path.join(only.group(1), only.group(2))
        if not (path and os.path.isdir(path) and not any(files for _, _, files in os.walk(path))):
            return False
    return out.returncode in (0, 1)


def run_tool(tool, data_set, base, work, run, verify, logs, timeout, proxy=None):
    """Copies BASE to a fresh source, runs the four steps and returns their measurements. The restore
    runs as on a fresh device: with an empty cache. PROXY, when given, times each step's requests,
    and a tool that can list its backups also lists them before the restore."""
    source, target = f"{work}/source", f"{work}/restored"
    for path in (source, target):
        shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["cp", "-a", base, source], check=True)
    tool.prepare()
    server = tool.server
    results = []
    for index, step in enumerate(NET_STEPS if proxy and hasattr(tool, "list") else STEPS):
        m = Measurement(data_set.name, tool.name, run, step, ok=False)
        if step == "change":
            m.changed = data_set.mutate(source)
        if step == "restore":
            tool.fresh_device()
        command = tool.restore(target) if step == "restore" else tool.list() if step == "list" else tool.backup(source, index)
        server.mark()
        if proxy:
            proxy.take()
        m.ok, m.wall, m.cpu, m.rss_mib, m.note = timed(command, tool.env(), logs, f"{data_set.name}-{tool.name}-r{run}-{step}", timeout)
        if proxy:
            m.net = asdict(proxy.take())
        traffic = server.traffic()
        m.up, m.down, m.requests, m.errors = traffic.received, traffic.sent, traffic.requests, traffic.errors
        if step == "restore" and m.ok and verify:
            m.verified = same_tree(source, tool.restored(target, source))
            m.ok = m.verified
            m.note = m.note or ("" if m.verified else "the restored folder differs from the source")
        results.append(m)
        if not m.ok:
            break
    discard(source, work)
    discard(target, work)
    return results


def discard(path, work):
    """Removes a folder; one with many files is only moved aside, and goes when the harness ends.

    ext4 will not reuse an inode for a minute or more after it was freed, and every file created
    meanwhile scans past the freed ones (recently_deleted() in ext4_create): after deleting 100,000
    files, the next restore of 100,000 files spent 20-40 s in the kernel instead of 2-5 s, for
    whichever tool came next. Deleting the copies at the end keeps that off every measured step."""
    if not os.path.isdir(path):
        return
    files = sum(len(names) for _, _, names in os.walk(path))
    if files < 1000:
        shutil.rmtree(path, ignore_errors=True)
        return
    trash = os.path.join(work, "trash")
    os.makedirs(trash, exist_ok=True)
    os.rename(path, os.path.join(trash, f"{len(os.listdir(trash))}-{os.path.basename(path)}"))
