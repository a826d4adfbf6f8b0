"""The tables of a --network run: per step the time, the requests, the critical path in round trips,
connections and TLS handshakes (from the proxy), and issue 15's targets."""
import statistics

from .report import _check, _num, _ratio
from .runner import NET_STEPS as STEPS

# Ferry/restic time on the same profile in the same run.
TIME_TARGETS = {"unchanged": 0.3, "change": 0.4, "restore": 0.6}
FIRST_TARGET = 1.1      # first backup: at most this × (bytes it sends ÷ the upload rate)
RESTORE_SLACK = 1.2     # restore: at most this × (bytes it receives ÷ the download rate) + RESTORE_TRIPS round trips
RESTORE_TRIPS = 6
CHAIN_TARGET = {"unchanged": 4, "list": 2}
RATE_TARGET = {"single2g": 0.9}  # restore of one large file: at least this share of the download rate
NET_FIELDS = ("requests", "chain", "round_trips", "connections", "handshakes", "up_bytes", "down_bytes")


def medians(results):
    """{(set, tool, step): {"wall": s, field: median, "path": a critical path of median length}} of the runs that went well."""
    groups = {}
    for m in results:
        if m.ok and m.net:
            groups.setdefault((m.set, m.tool, m.step), []).append(m)
    out = {}
    for key, ms in groups.items():
        row = {"wall": statistics.median(m.wall for m in ms), "runs": len(ms)}
        for field in NET_FIELDS:
            row[field] = statistics.median(m.net[field] for m in ms)
        row["path"] = min(ms, key=lambda m: abs(m.net["chain"] - row["chain"])).net["path"]
        out[key] = row
    return out


def set_tables(name, tools, med, profile):
    lines = [f"#### {name} over `{profile.name}` ({profile.describe})", "",
             "| step | tool | wall s | requests | critical path (requests) | of them packs | round trips with handshakes | connections | TLS handshakes | up MB | down MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for step in STEPS:
        for tool in tools:
            r = med.get((name, tool, step))
            if r:
                lines.append(f"| {step} | {tool} | {_num(r['wall'])} | {_num(r['requests'], 0)} | {_num(r['chain'], 0)} | {packs_on(r['path'])} | "
                             f"{_num(r['round_trips'], 0)} | {_num(r['connections'], 0)} | {_num(r['handshakes'], 0)} | "
                             f"{_num(r['up_bytes'] / 1e6, 1)} | {_num(r['down_bytes'] / 1e6, 1)} |")
    lines.append("")
    lines += targets(name, tools, med, profile)
    lines += ["Critical paths (of a run with the median length; `→`: sent after the previous answer arrived):", ""]
    for step in STEPS:
        for tool in tools:
            r = med.get((name, tool, step))
            if r:
                lines.append(f"- {step}, {tool} ({len(r['path'])}): {path_text(r['path'])}")
    return lines + [""]


def packs_on(path):
    """Pack reads and writes on a path: transfers rather than waits. Eight restore workers that each
    fetch piece after piece make a long chain of them that no metadata request is waiting on."""
    return sum(op.startswith(("get data/", "put data/")) for op in path)


def path_text(path, limit=16):
    """The operations on a path, runs of the same one folded: `get data/ ×12`."""
    runs = []
    for op in path:
        if runs and runs[-1][0] == op:
            runs[-1][1] += 1
        else:
            runs.append([op, 1])
    parts = [f"`{op}`" + (f" ×{n}" if n > 1 else "") for op, n in runs]
    return " → ".join(parts if len(parts) <= limit else parts[:limit - 1] + ["…", parts[-1]])


def targets(name, tools, med, profile):
    if "ferry" not in tools:
        return []
    lines = ["| check | Ferry | restic | target |", "|---|---:|---:|---|"]
    for step, target in TIME_TARGETS.items():
        f, r = med.get((name, "ferry", step)), med.get((name, "restic", step))
        if f and r:
            lines.append(f"| {step}: time Ferry/restic | {_check(_ratio(f['wall'], r['wall']), target)} | | ≤ {target} |")
    rtt = profile.rtt_ms / 1000
    if profile.up_mbit:
        cells = []
        for tool in ("ferry", "restic"):
            r = med.get((name, tool, "first"))
            ideal = r and r["up_bytes"] / (profile.up_mbit * 125_000)
            cells.append(_check(r and r["wall"] / ideal, FIRST_TARGET) if tool == "ferry" else _num(r and r["wall"] / ideal))
        lines.append(f"| first: time ÷ (bytes sent ÷ upload rate) | {cells[0]} | {cells[1]} | ≤ {FIRST_TARGET} |")
    if profile.down_mbit:
        cells = []
        for tool in ("ferry", "restic"):
            r = med.get((name, tool, "restore"))
            bound = r and RESTORE_SLACK * r["down_bytes"] / (profile.down_mbit * 125_000) + RESTORE_TRIPS * rtt
            cells.append(_check(r and r["wall"] / bound, 1.0) if tool == "ferry" else _num(r and r["wall"] / bound))
        lines.append(f"| restore: time ÷ ({RESTORE_SLACK} × bytes received ÷ download rate + {RESTORE_TRIPS} round trips) "
                     f"| {cells[0]} | {cells[1]} | ≤ 1 |")
        shares = [_share(med.get((name, tool, "restore")), profile) for tool in ("ferry", "restic")]
        target = RATE_TARGET.get(name)
        lines.append(f"| restore: share of the download rate used (bytes received ÷ rate ÷ time) | "
                     f"{_check_at_least(shares[0], target) if target else _num(shares[0])} | {_num(shares[1])} | "
                     f"{f'≥ {target}' if target else ''} |")
    for step, target in CHAIN_TARGET.items():
        f, r = med.get((name, "ferry", step)), med.get((name, "restic", step))
        if f:
            mark = "✓" if f["chain"] <= target else "✗"
            lines.append(f"| {step}: critical path, requests | {f['chain']:g} {mark} | {_num(r and r['chain'], 0)} | ≤ {target} |")
    return lines + [""]


def _share(r, profile):
    return r and r["down_bytes"] / (profile.down_mbit * 125_000) / r["wall"]


def _check_at_least(value, target):
    return "–" if value is None else f"{value:.2f} {'✓' if value >= target else '✗'}"
