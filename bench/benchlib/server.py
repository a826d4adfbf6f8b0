"""The harness's own Ceph RGW, with the ops log that counts every S3 request and its bytes.

The harness starts a fresh one for every tool and run: each tool meets a pristine server, and
the in-memory OSD gives all its RAM back (deleting objects from memstore confuses its space
accounting until it reports itself full and stops writes).

RGW (Pacific 16.2) writes one JSON line per request to `rgw ops log file path`: bucket, operation,
status, bytes_sent (body bytes to the client), bytes_received (body bytes from it). The harness gives
every tool its own bucket per run, and after each step sends an anonymous HEAD with a unique marker
and reads the log up to that marker: the lines before it are exactly the step's requests (the
anonymous markers themselves are not counted). Nothing sits between the tools and the server,
unless --network puts the harness's proxy there (client_endpoint; see network.py).
"""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from .datasets import ROOT

START = os.path.join(ROOT, "scripts", "ceph-s3", "start.sh")
STOP = os.path.join(ROOT, "scripts", "ceph-s3", "stop.sh")
MARKER_BUCKET = "bench-marker"


@dataclass
class Traffic:
    requests: int = 0
    sent: int = 0        # bytes the server sent: what the tool downloaded
    received: int = 0    # bytes the server received: what the tool uploaded
    errors: int = 0      # answers with status 400 or above (404 on probes is normal)
    by_operation: dict | None = None


class CephServer:
    def __init__(self, folder, objectstore):
        self.folder = folder
        self.ops_log = f"{folder}.ops.log"
        self.objectstore = objectstore
        self.env = {}
        self.ca = None  # with --tls: the CA file the tools must trust
        self._offset = 0
        self._pending = ""

    def start(self):
        extra = "\n".join([
            "rgw enable ops log = true",
            "rgw ops log rados = false",
            f"rgw ops log file path = {self.ops_log}",
            # the file writer drops entries once this much is waiting: never, in a benchmark
            "rgw ops log data backlog = 1073741824",
        ])
        env = dict(os.environ, EXTRA_CONF=extra, OBJECTSTORE=self.objectstore,
                   MEMSTORE_BYTES=str(16 * 1024 ** 3))
        with open(f"{self.folder}.start.log", "w") as log:
            subprocess.run([START, self.folder], check=True, env=env, stdout=subprocess.DEVNULL, stderr=log)
        with open(os.path.join(self.folder, "env")) as f:
            self.env = dict(line.strip().split("=", 1) for line in f if "=" in line)
        self.endpoint = self.client_endpoint = self.env["S3_ENDPOINT"]
        self.access_key = self.env["AWS_ACCESS_KEY_ID"]
        self.secret_key = self.env["AWS_SECRET_ACCESS_KEY"]

    def stop(self):
        subprocess.run([STOP, self.folder], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def version():
        return subprocess.run(["radosgw", "--version"], capture_output=True, text=True).stdout.strip()

    def _marker(self):
        token = uuid.uuid4().hex
        request = urllib.request.Request(f"{self.endpoint}/{MARKER_BUCKET}?bench-marker={token}", method="HEAD")
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError:
            pass  # 403: anonymous; what matters is that RGW logs it
        return token

    def mark(self):
        """Skips everything logged so far; the next traffic() counts from here."""
        self.traffic()

    def traffic(self, timeout=60):
        """The requests logged since the last mark, up to a fresh marker."""
        token = self._marker()
        deadline = time.monotonic() + timeout
        total = Traffic(by_operation={})
        while True:
            lines, found = self._read_until(token)
            for entry in lines:
                total.requests += 1
                total.sent += int(entry.get("bytes_sent", 0))
                total.received += int(entry.get("bytes_received", 0))
                total.errors += int(entry.get("http_status", "200")) >= 400
                op = entry.get("operation", "?")
                total.by_operation[op] = total.by_operation.get(op, 0) + 1
            if found:
                return total
            if time.monotonic() > deadline:
                raise RuntimeError(f"the RGW ops log never showed marker {token}: is {self.ops_log} written?")
            time.sleep(0.05)

    def _read_until(self, token):
        """The entries logged since the last read, up to the marker TOKEN (and whether it came).
        Pacific's file writer sometimes leaves out the newline between two entries, so the log is
        read as a stream of JSON objects; an incomplete last one is kept for the next read."""
        entries = []
        if os.path.exists(self.ops_log):
            with open(self.ops_log, "rb") as f:
                f.seek(self._offset)
                chunk = f.read()
            self._offset += len(chunk)
            self._pending += chunk.decode("utf-8", errors="replace")
        decoder, at = json.JSONDecoder(), 0
        while True:
            while at < len(self._pending) and self._pending[at].isspace():
                at += 1
            try:
                entry, at = decoder.raw_decode(self._pending, at)
            except json.JSONDecodeError:
                break  # end of what is written so far (or an entry still being written)
            if entry.get("user") != "anonymous":
                entries.append(entry)
            elif token in entry.get("uri", ""):
                self._pending = self._pending[at:]
                return entries, True
        self._pending = self._pending[at:]
        return entries, False

    def create_bucket(self, bucket):
        """Creates a bucket with rclone (outside any measured step)."""
        subprocess.run(["rclone", "mkdir", f"bench:{bucket}"], check=True, env=self.rclone_env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def client_trust(self):
        """Environment that makes the tools trust the test CA, when they talk TLS (--tls)."""
        return {"SSL_CERT_FILE": self.ca, "AWS_CA_BUNDLE": self.ca} if self.ca else {}

    def rclone_env(self, endpoint=None):
        env = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}
        env.update({"SSL_CERT_FILE": self.ca} if endpoint and self.ca else {})
        env.update(RCLONE_CONFIG_BENCH_TYPE="s3", RCLONE_CONFIG_BENCH_PROVIDER="Ceph",
                   RCLONE_CONFIG_BENCH_ENDPOINT=endpoint or self.endpoint, RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=self.access_key,
                   RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=self.secret_key, RCLONE_CONFIG_BENCH_REGION="us-east-1")
        return env
