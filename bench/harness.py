#!/usr/bin/env python3
"""Ferry against restic, rclone and the seed app's zip-and-upload: same Ceph RGW, same data, same run.

usage: bench/run.sh [--quick] [--runs N|SET=N,...] [--sets app500,single2g,small100k,small10k]
                    [--tools ferry,restic,rclone,zip] [--objectstore memstore|bluestore]
                    [--build native,r2r,tool,jit] [--ferry PATH] [--out FILE] [--json FILE] [--keep]
                    [--step-timeout S] [--network open|lan|city|home|far [--tls] [--up-mbit N]]

Generates each data set once, and for every run and tool: starts a fresh Ceph RGW of its own
(scripts/ceph-s3/start.sh, ops log on), copies the data set to a fresh folder, then times
first backup, unchanged backup, backup after a ~1% change, and restore of the latest backup into an
empty folder (compared with the source by diff -r in the first run). Prints the tables; a full run
also rewrites the results section of docs/BENCHMARKS.md (--out to write elsewhere). With --network,
the tools reach the server through the harness's proxy (benchlib/netproxy.py), which adds the
profile's round-trip time and shared rates and times every request: the tables then also show the
requests of each step, its critical path in round trips, connections and TLS handshakes (--tls).
"""
import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import builds, netreport, report, tools  # noqa: E402
from benchlib.datasets import ROOT, data_sets  # noqa: E402
from benchlib.docs import replace_section  # noqa: E402
from benchlib.network import PROFILES, NetworkProxy, TestCertificate  # noqa: E402
from benchlib.runner import Measurement, discard, run_tool  # noqa: E402
from benchlib.server import MARKER_BUCKET, CephServer  # noqa: E402

DEFAULT_SETS = "app500,single2g,small100k,small10k"


def parse_runs(text, sets, default):
    """--runs: "N" for every data set, "SET=N" for one, or both: "3,small100k=1"."""
    parts = [p for p in text.split(",") if p]
    plain = [int(p) for p in parts if "=" not in p]
    runs = {s: plain[-1] if plain else default for s in sets}
    for part in parts:
        if "=" in part:
            name, n = part.split("=", 1)
            runs[name] = int(n)
    return runs


def folder_stats(folder):
    files = size = 0
    for parent, _, names in os.walk(folder):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(parent, n))
    return {"files": files, "bytes": size}


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    distro = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release") if line.startswith("PRETTY_NAME")), "?")
    return f"{model}, {os.cpu_count()} cores, {mem / 1024 ** 2:.0f} GiB RAM, {distro}, Linux {platform.release()}"


def write_report(results, stats, header, names, catalogue, a, out, quiet=False):
    med = report.medians(results)
    lines = list(header)
    for set_name in stats:
        lines += report.set_table(set_name, catalogue[set_name].describe, stats[set_name], names, med)
    lines += report.memory_table(names, med, "small10k", "small100k")
    if a.network:
        net = netreport.medians(results)
        for set_name in stats:
            lines += netreport.set_tables(set_name, names, net, PROFILES[a.network])
    text = "\n".join(lines)
    if not quiet:
        print(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"header": header, "stats": stats, "results": [m.as_dict() for m in results]}, f, indent=1)
    if out:
        replace_section(out, section_name(a), text)
        print(f"wrote {out}", file=sys.stderr)


def section_name(a):
    """Where in BENCHMARKS.md a run's tables go: one section per network profile."""
    if not a.network:
        return "harness"
    return f"network-{a.network}{'-tls' if a.tls else ''}" + ("" if a.up_mbit is None else f"-up{a.up_mbit:g}")


def load_reused(path, names):
    """Measurements of the tools not being run now, from an earlier --json file, with the data set
    statistics they were taken on and a line saying where they came from."""
    if not path:
        return [], {}, ""
    with open(path) as f:
        earlier = json.load(f)
    reused = [Measurement(**m) for m in earlier["results"] if m["tool"] not in names]
    first = earlier["header"][0] if earlier.get("header") else path
    return reused, earlier.get("stats", {}), first[0].lower() + first[1:]


def same_data(reused, earlier_stats, stats):
    """Only measurements of the very same data set (the sets are deterministic) may join a report."""
    return [m for m in reused if m.set in stats and earlier_stats.get(m.set) == stats[m.set]]


def with_reused(names, reused):
    """The tools in the report: those run now, then the reused ones, in the usual order."""
    return names + [t for t in tools.TOOLS if t not in names and any(m.tool == t for m in reused)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny data sets and 1 run: checks that the harness works")
    ap.add_argument("--runs", default="", help="runs per data set (median reported): N, or SET=N,... (default 3, quick 1)")
    ap.add_argument("--sets", default=DEFAULT_SETS)
    ap.add_argument("--tools", default="ferry,restic,rclone,zip")
    ap.add_argument("--objectstore", default="memstore", choices=("memstore", "bluestore"))
    ap.add_argument("--build", default="native",
                    help="the builds of Ferry to measure, side by side: native (./ferry), r2r (self-contained ReadyToRun), "
                         "tool (`dotnet tool install` from scripts/release.sh's feed), jit (`dotnet ferry.dll`); default native")
    ap.add_argument("--ferry", help="a ferry binary or ferry.dll to measure instead of the build (one --build only)")
    ap.add_argument("--out", help="Markdown file whose results section to rewrite (default: docs/BENCHMARKS.md, none with --quick)")
    ap.add_argument("--json", help="write every measurement to this JSON file")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (logs of every step)")
    ap.add_argument("--reuse", help="a --json file of an earlier run: its measurements of tools not in --tools join the report "
                                    "(the peers' numbers do not change with Ferry's code; rclone's restores take most of an hour)")
    ap.add_argument("--step-timeout", type=int, default=1800, help="seconds before a step is killed and counted as failed")
    ap.add_argument("--network", choices=sorted(PROFILES), help="reach the server through the harness's proxy with this "
                    "round-trip time and these shared rates; report requests, critical paths and handshakes per step")
    ap.add_argument("--tls", action="store_true", help="with --network: the tools talk HTTPS (a test CA the harness makes)")
    ap.add_argument("--up-mbit", type=float, help="with --network: this upload rate instead of the profile's (0: unlimited), "
                    "e.g. to measure the restore of single2g without waiting for its upload")
    a = ap.parse_args()
    if (a.tls or a.up_mbit is not None) and not a.network:
        ap.error("--tls and --up-mbit need --network")

    sets = [s for s in a.sets.split(",") if s]
    catalogue = data_sets(a.quick)
    unknown = [s for s in sets if s not in catalogue] + [t for t in a.tools.split(",") if t not in tools.TOOLS]
    if unknown:
        ap.error(f"unknown data set or tool: {', '.join(unknown)}")
    ferry_builds = [b for b in a.build.split(",") if b]
    unknown += [b for b in ferry_builds if b not in builds.BUILDS]
    if unknown or (a.ferry and len(ferry_builds) > 1):
        ap.error(f"unknown data set, tool or build: {', '.join(unknown)}" if unknown else "--ferry measures one build")
    names = [t for t in a.tools.split(",") if t]
    if "ferry" in names:  # each build is a tool of its own in the tables: ferry, ferry-r2r, ...
        i = names.index("ferry")
        names[i:i + 1] = [builds.tool_name(b) for b in ferry_builds]
    absent = tools.missing(names)
    if absent:
        if not a.quick:
            ap.error(f"not installed: {', '.join(sorted(set(absent)))} (apt-get install restic rclone zip unzip)")
        names = [t for t in names if t not in tools.missing([t])]
        print(f"quick run without {', '.join(sorted(set(absent)))} (not installed)", file=sys.stderr)
    reused, earlier_stats, reused_from = load_reused(a.reuse, names)
    runs = parse_runs(a.runs, sets, 1 if a.quick else 3)
    out = a.out or (None if a.quick else os.path.join(ROOT, "docs", "BENCHMARKS.md"))

    built = {}
    for b in ferry_builds if any(n.startswith("ferry") for n in names) else []:
        print(f"building ferry ({b})...", file=sys.stderr)
        command, built[builds.tool_name(b)] = builds.command(b, a.ferry)
        tools.add_ferry_build(b, command)
    work = tempfile.mkdtemp(prefix="ferry-bench.", dir=os.environ.get("TMPDIR", "/tmp"))
    logs = f"{work}/logs"
    os.makedirs(logs)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results, stats, started = [], {}, time.time()
    load_before = open("/proc/loadavg").read().split()[:3]
    profile = PROFILES.get(a.network)
    if profile and a.up_mbit is not None:
        profile = profile.with_upload(a.up_mbit)
    certificate = TestCertificate.make(f"{work}/tls") if a.tls else None

    def header_for(joined):
        return [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))} in {(time.time() - started) / 60:.0f} min "
            f"with `{' '.join(['bench/run.sh', *map(shlex.quote, sys.argv[1:])])}`.", "",
            f"- Machine: {machine()}; load average {' '.join(load_before)} before, "
            f"{' '.join(open('/proc/loadavg').read().split()[:3])} after (other work shared the cores: expect noise).",
            f"- Server: {CephServer.version()}, {a.objectstore} object store, on 127.0.0.1, a fresh one for every tool and run.",
        ] + ([f"- Network: `{profile.name}`, {profile.describe}, through bench/benchlib/netproxy.py"
              + (", HTTPS (TLS ends at the proxy's far end)" if a.tls else "") + "."] if profile else []) + [
            f"- {n}: {tools.version(n)}" + (f" ({built[n]})" if n in built else "") for n in names] + (
            [f"- {', '.join(sorted({m.tool for m in joined}))}: not run this time; their rows "
             f"are reused (`--reuse`) from the same data sets {reused_from}"] if joined else []) + [""]

    def report(quiet=False):
        joined = same_data(reused, earlier_stats, stats)
        write_report(results + joined, stats, header_for(joined), with_reused(names, joined), catalogue, a, out, quiet)
    try:
        for set_name in sets:
            data_set = catalogue[set_name]
            base = f"{work}/base-{set_name}"
            print(f"[{set_name}] generating: {data_set.describe}", file=sys.stderr)
            data_set.create(base)
            stats[set_name] = folder_stats(base)
            for run in range(runs[set_name]):
                order = names[run % len(names):] + names[:run % len(names)]  # rotate: no tool always goes first
                for name in order:
                    server = CephServer(f"{work}/ceph-{set_name}-{name}-{run}", a.objectstore)
                    proxy = None
                    try:
                        server.start()
                        server.create_bucket(MARKER_BUCKET)
                        if profile:
                            proxy = NetworkProxy(profile, server.endpoint, certificate)
                            server.client_endpoint, server.ca = proxy.endpoint, certificate and certificate.ca
                        tool = tools.TOOLS[name](server, f"{name}-{set_name}-r{run}".lower(), f"{work}/home-{name}-{set_name}-{run}")
                        ms = run_tool(tool, data_set, base, work, run, verify=run == 0, logs=logs, timeout=a.step_timeout, proxy=proxy)
                    finally:
                        if proxy:
                            proxy.stop()
                        server.stop()
                    results += ms
                    print(f"[{set_name}] run {run + 1}/{runs[set_name]} {name}: " +
                          ", ".join(f"{m.step} {m.wall:.2f}s {m.rss_mib:.0f}MiB {m.requests}req" +
                                    (f" chain {m.net['chain']}" if m.net else "") + ("" if m.ok else " FAILED")
                                    for m in ms), file=sys.stderr)
                    for m in ms:
                        if not m.ok:
                            print(f"  {m.step} failed: {m.note}", file=sys.stderr)
                    shutil.rmtree(tool.home, ignore_errors=True)
            discard(base, work)
            if out and set_name != sets[-1]:
                report(quiet=True)  # partial: survives an interrupted run
    finally:
        if a.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    report()
    failed = [m for m in results if not m.ok]
    if failed or not results:
        print(f"{len(failed)} step(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
