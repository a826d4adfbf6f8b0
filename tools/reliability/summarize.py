#!/usr/bin/env python3
"""tools/reliability/summarize.py REPORT - prints the figures of a reliability run as tables.

REPORT holds one JSON line per test series (written by the tests through FERRY_RELIABILITY_REPORT).
"""
import json
import sys


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    for kind in ("crash", "faults", "fuzz", "sparse", "secrets"):
        picked = [r["figures"] for r in rows if r["test"] == kind]
        if not picked:
            continue
        print(f"\n## {kind}")
        for figures in picked:
            print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
