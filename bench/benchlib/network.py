"""Network profiles: the harness's own proxy (netproxy.py) between the tools and Ceph RGW, and what it
tells about each step: the requests, the connections and TLS handshakes, and the critical path.

The critical path of a step, in round trips, is the longest chain of its requests in which each one
was sent no earlier than the moment the answer to the one before it had fully arrived (request B
"may have waited on" request A when B started at or after A ended; times as the tool sees them,
see netproxy.py). Requests that overlap in time ran in parallel and never form a chain. The length
of the longest chain counts the requests the step had to make one after another: each costs at least
a round trip, however fast the link. It can only overstate a tool's dependencies (a request that came
after another need not have waited for it), never hide them. `round trips` adds the handshakes on
that chain: a request that opened a new connection also waited one round trip for TCP and, over
TLS, one more for the TLS 1.3 handshake (two for TLS 1.2).
"""
import json
import os
import subprocess
import sys
from dataclasses import dataclass, replace

HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class Profile:
    name: str
    rtt_ms: float
    down_mbit: float   # 0: unlimited
    up_mbit: float
    describe: str

    def with_upload(self, up_mbit):
        """The same profile with another upload rate (0: unlimited)."""
        rate = f"{up_mbit:g} Mbit/s" if up_mbit else "unlimited"
        return replace(self, up_mbit=up_mbit, describe=f"{self.describe}; upload {rate} for this run")


PROFILES = {
    "open": Profile("open", 0, 0, 0, "the proxy alone: no delay, no rate limit (measures the proxy's own cost)"),
    "lan": Profile("lan", 1, 1000, 1000, "1 ms, 1000 Mbit/s down, 1000 up (a NAS or MinIO in the house)"),
    "city": Profile("city", 20, 200, 50, "20 ms, 200 Mbit/s down, 50 up (fibre, a provider in the same region)"),
    "home": Profile("home", 80, 100, 40, "80 ms, 100 Mbit/s down, 40 up (a home line, the bucket in another region)"),
    "far": Profile("far", 200, 50, 10, "200 ms, 50 Mbit/s down, 10 up (the bucket on another continent)"),
}


class NetworkProxy:
    """netproxy.py as a child process in front of one server."""

    def __init__(self, profile, upstream, tls=None):
        self.profile = profile
        host_port = upstream.split("://", 1)[1].rstrip("/")
        command = [sys.executable, os.path.join(HERE, "netproxy.py"), "--upstream", host_port,
                   "--rtt-ms", str(profile.rtt_ms), "--up-mbit", str(profile.up_mbit), "--down-mbit", str(profile.down_mbit)]
        if tls:
            command += ["--tls-cert", tls.cert, "--tls-key", tls.key]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline().split()
        if first[:1] != ["listening"]:
            raise RuntimeError("the network proxy did not start")
        self.endpoint = f"{'https' if tls else 'http'}://127.0.0.1:{first[1]}"

    def take(self):
        """Everything the proxy saw since the last take, as a StepNetwork."""
        self.process.stdin.write("take\n")
        self.process.stdin.flush()
        return StepNetwork.of(json.loads(self.process.stdout.readline()), self.profile, tls=self.endpoint.startswith("https"))

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class StepNetwork:
    requests: int
    chain: int            # requests on the critical path
    round_trips: int      # the same with the connection handshakes on it
    connections: int
    handshakes: int
    up_bytes: int         # everything the up link carried: headers, bodies, TLS
    down_bytes: int
    unanswered: int
    path: list            # the operations on the critical path, in order

    @staticmethod
    def of(report, profile, tls):
        requests = report["requests"]
        accepted = {int(n): t for n, t in report["connections"].items()}
        setup = 1 + (2 if "TLSv1.2" in report["tls"] else 1 if tls else 0)
        chain, path = critical_path(requests)
        round_trips, _ = critical_path(requests, accepted, setup)
        return StepNetwork(len(requests), chain, round_trips, len(accepted), report["handshakes"],
                           report["up_bytes"], report["down_bytes"], sum(r["end"] is None for r in requests),
                           [r["op"] for r in path])


def critical_path(requests, accepted=None, setup=0):
    """The longest chain of requests each started no earlier than the previous one ended; returns its
    weight and the requests on it. Without ACCEPTED each request weighs 1; with it, the first request
    of a connection starts when the connection was opened and weighs 1 + SETUP round trips."""
    done = [r for r in requests if r["end"] is not None]

    def start(r):
        return accepted[r["conn"]] if accepted and r["nth"] == 0 and r["conn"] in accepted else r["start"]

    def weight(r):
        return 1 + (setup if accepted and r["nth"] == 0 else 0)

    by_end = sorted(done, key=lambda r: r["end"])
    best, best_request, before, longest = 0, None, {}, (0, None)
    ended = 0
    for r in sorted(done, key=lambda r: (start(r), r["end"])):
        while ended < len(by_end) and by_end[ended]["end"] <= start(r):
            q = by_end[ended]
            ended += 1
            if id(q) in before and before[id(q)][0] > best:
                best, best_request = before[id(q)][0], q
        before[id(r)] = (best + weight(r), best_request)
        if before[id(r)][0] > longest[0]:
            longest = (before[id(r)][0], r)
    path, r = [], longest[1]
    while r is not None:
        path.append(r)
        r = before[id(r)][1]
    return longest[0], path[::-1]


@dataclass(frozen=True)
class TestCertificate:
    """A CA and a certificate for 127.0.0.1 signed by it, made with openssl for one run."""
    ca: str
    cert: str
    key: str

    @staticmethod
    def make(folder):
        os.makedirs(folder, exist_ok=True)
        ca, ca_key = f"{folder}/ca.pem", f"{folder}/ca.key"
        cert, key, ext = f"{folder}/server.pem", f"{folder}/server.key", f"{folder}/server.ext"
        quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=Ferry bench CA"], **quiet)
        subprocess.run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", f"{folder}/server.csr", "-subj", "/CN=127.0.0.1"], **quiet)
        with open(ext, "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
        subprocess.run(["openssl", "x509", "-req", "-in", f"{folder}/server.csr", "-CA", ca, "-CAkey", ca_key,
                        "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext], **quiet)
        return TestCertificate(ca, cert, key)
