"""Medians over runs, the tables (Markdown, also printed) and the Ferry/restic ratios against issue 5's targets."""
import statistics

from .runner import STEPS

# Ferry/restic targets: time per step, peak memory in every step; upload after the ~1% change.
TIME_TARGETS = {"first": 0.7, "unchanged": 0.5, "change": 0.6, "restore": 0.7}
MEMORY_TARGET = 0.75
UPLOAD_TARGET = 2.0
FIELDS = ("wall", "cpu", "rss_mib", "up", "down", "requests", "errors")


def medians(results):
    """{(set, tool, step): {field: median, "runs": ok runs, "of": runs, "changed": bytes, "verified": bool|None}}"""
    groups = {}
    for m in results:
        groups.setdefault((m.set, m.tool, m.step), []).append(m)
    out = {}
    for key, ms in groups.items():
        ok = [m for m in ms if m.ok]
        row = {"runs": len(ok), "of": len(ms), "changed": max((m.changed for m in ms), default=0),
               "verified": None if all(m.verified is None for m in ms) else all(m.verified is not False for m in ms),
               "note": next((m.note for m in ms if m.note), "")}
        for field in FIELDS:
            row[field] = statistics.median(getattr(m, field) for m in ok) if ok else None
        out[key] = row
    return out


def _num(value, digits=2):
    return "–" if value is None else f"{value:,.{digits}f}"


def _ratio(a, b):
    return None if a is None or not b else a / b


def _check(value, target):
    if value is None:
        return "–"
    return f"{value:.2f} {'✓' if value <= target else '✗'}"


def set_table(name, describe, stats, tools, med):
    runs = max((med[(name, t, s)]["of"] for t in tools for s in STEPS if (name, t, s) in med), default=0)
    lines = [f"### {name}: {describe}", "",
             f"{stats['files']:,} files, {stats['bytes'] / 1e6:,.1f} MB; median of {runs} run(s).", "",
             "| step | tool | wall s | CPU s | peak RSS MiB | up MB | down MB | S3 requests |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for step in STEPS:
        for tool in tools:
            r = med.get((name, tool, step))
            if r is None:
                continue
            if r["runs"] == 0:
                lines.append(f"| {step} | {tool} | failed: {r['note'][:80]} | | | | | |")
                continue
            partial = "" if r["runs"] == r["of"] else f" ({r['runs']}/{r['of']} ok)"
            lines.append(f"| {step} | {tool}{partial} | {_num(r['wall'])} | {_num(r['cpu'])} | {_num(r['rss_mib'], 0)} | "
                         f"{_num(r['up'] / 1e6, 1)} | {_num(r['down'] / 1e6, 1)} | {_num(r['requests'], 0)} |")
    lines.append("")
    lines += ratio_table(name, tools, med)
    return lines


def ratio_table(name, tools, med):
    lines = []
    ferries = [t for t in tools if t.startswith("ferry")]  # one per --build: ferry (native), ferry-r2r, ...
    for ferry in ferries if "restic" in tools else []:
        build = "" if len(ferries) == 1 else f" ({ferry})"
        lines += [f"Ferry{build} / restic (below 1: Ferry is faster or smaller; ✓ meets issue 5's target):", "",
                  "| step | time | target | peak memory | target | CPU |", "|---|---:|---:|---:|---:|---:|"]
        for step in STEPS:
            f, r = med.get((name, ferry, step)), med.get((name, "restic", step))
            if not f or not r:
                continue
            lines.append(f"| {step} | {_check(_ratio(f['wall'], r['wall']), TIME_TARGETS[step])} | ≤ {TIME_TARGETS[step]:.2f} | "
                         f"{_check(_ratio(f['rss_mib'], r['rss_mib']), MEMORY_TARGET)} | ≤ {MEMORY_TARGET:.2f} | "
                         f"{_num(_ratio(f['cpu'], r['cpu']))} |")
        lines.append("")
    changed = next((med[(name, t, "change")]["changed"] for t in tools if (name, t, "change") in med), 0)
    if changed:
        parts = []
        for tool in tools:
            r = med.get((name, tool, "change"))
            if r and r["up"] is not None:
                mark = f" {'✓' if r['up'] / changed <= UPLOAD_TARGET else '✗'} (target ≤ {UPLOAD_TARGET:.0f}×)" if tool.startswith("ferry") else ""
                parts.append(f"{tool} {r['up'] / 1e6:,.2f} MB = {r['up'] / changed:.2f}×{mark}")
        lines += [f"Upload for the ~1% change ({changed / 1e6:,.2f} MB changed): " + "; ".join(parts) + ".", ""]
    unverified = [t for t in tools if (name, t, "restore") in med and med[(name, t, "restore")]["verified"] is False]
    if unverified:
        lines += [f"**Restore differed from the source for: {', '.join(unverified)}.**", ""]
    return lines


def memory_table(tools, med, small, large):
    """Peak memory at 10k and 100k files: whether it stays bounded as the file count grows."""
    if "ferry" not in tools or not any(k[0] == large for k in med) or not any(k[0] == small for k in med):
        return []
    peers = [t for t in tools if t != "ferry"]
    head = "| step | ferry 10k | ferry 100k | growth | " + " | ".join(f"{t} 10k | {t} 100k" for t in peers) + \
        " | ferry/restic 10k | ferry/restic 100k |"
    lines = [f"### Peak memory against file count ({small} vs {large}, MiB)", "", head,
             "|" + "---|" * (head.count("|") - 1)]
    for step in STEPS:
        f10, f100 = med.get((small, "ferry", step)), med.get((large, "ferry", step))
        if not f10 or not f100:
            continue
        cells = [_num(f10["rss_mib"], 0), _num(f100["rss_mib"], 0), _num(_ratio(f100["rss_mib"], f10["rss_mib"]))]
        for t in peers:
            p10, p100 = med.get((small, t, step)), med.get((large, t, step))
            cells += [_num(p10 and p10["rss_mib"], 0), _num(p100 and p100["rss_mib"], 0)]
        r10, r100 = med.get((small, "restic", step)), med.get((large, "restic", step))
        cells += [_check(_ratio(f10["rss_mib"], r10 and r10["rss_mib"]), MEMORY_TARGET),
                  _check(_ratio(f100["rss_mib"], r100 and r100["rss_mib"]), MEMORY_TARGET)]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return lines + [""]
