"""The builds of Ferry users get, each built here the way it ships, for --build.

native  ./ferry's build: Native AOT on Linux with a C compiler (the linux-x64 archive and tool package)
r2r     self-contained, single-file, ReadyToRun, trimmed: what macOS and Windows get
        (`dotnet publish -r RID`, the settings in src/Ferry.Cli/Ferry.Cli.csproj)
tool    the tool package for this machine, installed with `dotnet tool install --tool-path` from the
        local feed scripts/release.sh builds (on linux-x64 the package holds the Native AOT build);
        FERRY_RELEASE_DIR names a folder the script already filled
jit     framework-dependent, run by `dotnet ferry.dll`: the "any" tool package and the portable archive
"""
import os
import platform
import shutil
import subprocess

from .datasets import ROOT

BUILDS = ("native", "r2r", "tool", "jit")
OUT = os.path.join(ROOT, ".artifacts", "bench-builds")


def tool_name(build):
    """The name a build's rows carry in the tables: plain "ferry" for the native build."""
    return "ferry" if build == "native" else f"ferry-{build}"


def host_rid():
    return {"x86_64": "linux-x64", "aarch64": "linux-arm64"}.get(platform.machine(), "linux-x64")


def _run(command, what):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"building the {what} build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def _publish(build, *extra):
    out = os.path.join(OUT, build)
    shutil.rmtree(out, ignore_errors=True)
    _run(["dotnet", "publish", "src/Ferry.Cli/Ferry.Cli.csproj", "-c", "Release", "-nologo", "-v", "quiet",
          "--artifacts-path", os.path.join(OUT, "obj-" + build), "-o", out, *extra], build)
    return out


def _native():
    subprocess.run([os.path.join(ROOT, "ferry"), "--version"], check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(ROOT, ".artifacts", "cli")
    with open(os.path.join(out, ".built")) as f:
        kind = f.read().strip()
    if kind == "native":
        return [os.path.join(out, "ferry")], "Native AOT, ./ferry"
    return ["dotnet", os.path.join(out, "ferry.dll")], f"{kind} (./ferry could not build Native AOT here)"


def _tool():
    # FERRY_RELEASE_DIR: a folder scripts/release.sh already filled (CI's), instead of building again.
    release = os.environ.get("FERRY_RELEASE_DIR") or os.path.join(OUT, "release")
    if not os.environ.get("FERRY_RELEASE_DIR"):
        _run([os.path.join(ROOT, "scripts", "release.sh"), "--rids", f"{host_rid()},any", "--out", release], "tool")
    tool_path = os.path.join(OUT, "tool")
    shutil.rmtree(tool_path, ignore_errors=True)
    # A private NuGet cache: a package of the same version from an earlier build must not stand in for this one.
    env = dict(os.environ, NUGET_PACKAGES=os.path.join(OUT, "nuget-packages"))
    shutil.rmtree(env["NUGET_PACKAGES"], ignore_errors=True)
    result = subprocess.run(["dotnet", "tool", "install", "--tool-path", tool_path, "--add-source", os.path.join(release, "feed"),
                             "ferry", "--prerelease"], cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"dotnet tool install failed:\n{result.stdout}\n{result.stderr}")
    return [os.path.join(tool_path, "ferry")], f"`dotnet tool install` from scripts/release.sh's feed, package ferry.{host_rid()}"


def command(build, override=None):
    """(command line, description) of a build, building it first."""
    if override:
        return (["dotnet", override] if override.endswith(".dll") else [override]), f"given: {override}"
    if build == "native":
        return _native()
    if build == "r2r":
        return [os.path.join(_publish("r2r", "-r", host_rid()), "ferry")], f"self-contained single-file ReadyToRun trimmed, {host_rid()}"
    if build == "jit":
        return ["dotnet", os.path.join(_publish("jit"), "ferry.dll")], "framework-dependent, `dotnet ferry.dll`"
    if build == "tool":
        return _tool()
    raise ValueError(build)
