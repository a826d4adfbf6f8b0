#!/usr/bin/env bash
# bench/micro.sh [--filter GLOB] [--out FILE]
# Microbenchmarks (BenchmarkDotNet, Release, in process, one thread each) of the engine's hot paths:
# chunking, chunk ids, zstd, AES-GCM, blob encoding, pack writing, in MB/s per core, beside what
# the platform reaches: .NET's own SHA-256 and AES-GCM, and `openssl speed -evp sha256` and
# `-evp aes-256-gcm` on 256 KiB blocks (Ferry's average chunk). Without --filter it rewrites the
# microbenchmark section of docs/BENCHMARKS.md (or --out FILE).
set -Eeuo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
filter='*' out="$here/docs/BENCHMARKS.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter=$2; out=""; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bench/micro.sh [--filter GLOB] [--out FILE]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-micro.XXXXXX")
trap 'rm -rf "$work"' EXIT

openssl_mbs() { # openssl speed's 1000s of bytes per second on 256 KiB blocks, as MB/s
  openssl speed -evp "$1" -seconds 2 -bytes 262144 2>/dev/null | awk 'END { sub(/k$/, "", $NF); printf "%.0f", $NF / 1000 }'
}
echo "openssl speed (256 KiB blocks, one core)..." >&2
sha=$(openssl_mbs sha256)
gcm=$(openssl_mbs aes-256-gcm)

echo "building bench/Ferry.Benchmarks (Release)..." >&2
dotnet build "$here/bench/Ferry.Benchmarks/Ferry.Benchmarks.csproj" -c Release -nologo -v quiet -o "$work/bin" >&2
dotnet "$work/bin/Ferry.Benchmarks.dll" --filter "$filter" --artifacts "$work/artifacts" >"$work/bdn.log" 2>&1 ||
  { tail -40 "$work/bdn.log" >&2; exit 1; }

python3 - "$work/artifacts/results" "$sha" "$gcm" "$(openssl version | cut -d' ' -f1-2)" "$filter" "${out:-}" "$here" <<'PY'
import glob, html, os, subprocess, sys, time
results, sha, gcm, openssl, filt, out, root = sys.argv[1:]
rows = []
for path in sorted(glob.glob(f"{results}/*-report-github.md")):
    lines = [l for l in open(path) if l.startswith("|")]
    head = [c.strip() for c in lines[0].strip().strip("|").split("|")]
    for line in lines[2:]:
        cells = dict(zip(head, (c.strip() for c in line.strip().strip("|").split("|"))))
        rows.append((html.unescape(cells["Method"]).strip("'"), cells.get("MB/s", "-"), cells.get("Median", cells.get("Mean", "-")),
                     cells.get("Allocated", "")))
order = ("FastCdc", "IdOf", "SHA256", "Zstd", "Aead", "AesGcm", "BlobCodec", "PackWriter")
rows.sort(key=lambda r: (next((i for i, word in enumerate(order) if word in r[0]), len(order)), r[0]))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
text = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `bench/micro.sh`"
        + ("" if filt == "*" else f" --filter '{filt}'") + f" on {cpu}, {os.cpu_count()} cores "
        f"(load average {' '.join(open('/proc/loadavg').read().split()[:3])}), .NET SDK {dotnet}. "
        "One thread each, so MB/s is per core; median of 7 iterations (BenchmarkDotNet short job, in process).", "",
        "| benchmark | MB/s per core | median time |", "|---|---:|---:|"]
text += [f"| {name} | {mbs} | {median} |" for name, mbs, median, _ in rows]
text += ["", f"The platform's primitives on the same machine ({openssl}, `openssl speed -evp`, 256 KiB blocks, one core): "
         f"SHA-256 {int(sha):,} MB/s, AES-256-GCM {int(gcm):,} MB/s."]
print("\n".join(text))
if out:
    sys.path.insert(0, os.path.join(root, "bench"))
    from benchlib.docs import replace_section
    replace_section(out, "micro", "\n".join(text))
    print(f"wrote {out}", file=sys.stderr)
PY
