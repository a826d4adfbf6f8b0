"""The tools compared, each as a user would run it against its own bucket on the same server.

ferry   the binary ./ferry builds (Native AOT where it can), or another build users get (--build,
        builds.py: ferry-r2r, ferry-tool, ferry-jit), FERRY_S3_* settings, a fresh config and HOME per
        run; `ferry init` before the first backup, not timed (like `restic init`).
restic  `restic backup SRC`, `restic restore latest --target DST` (over a network profile also
        `ferry list` / `restic snapshots`); its cache (RESTIC_CACHE_DIR) is
        fresh per run and kept between the backups of a run, as on a user's machine.
The restore runs as on another device: Ferry's and restic's caches start empty for it.
rclone  `rclone sync SRC bench:bucket/data` (a mirror: sync, not copy, so deletions reach the bucket
        and a restore equals the source), `rclone copy bench:bucket/data DST`; default flags.
zip     the seed app's way: `zip -1 -r` the folder into a temp file and upload it as one new object
        (rclone copyto) on every backup; restore = download the newest + unzip.
"""
import os
import shlex
import shutil
import subprocess

from .builds import tool_name

PASSWORD = "bench-password"


class Tool:
    name = "?"

    def __init__(self, server, bucket, home):
        self.server, self.bucket, self.home = server, bucket, home
        self.device = 0
        os.makedirs(home, exist_ok=True)

    def env(self):
        return dict(os.environ, HOME=self.home, XDG_CONFIG_HOME=f"{self.home}/.config",
                    XDG_CACHE_HOME=f"{self.home}/.cache-{self.device}", XDG_DATA_HOME=f"{self.home}/.local/share",
                    **self.server.client_trust())

    def fresh_device(self):
        """From now on the tool runs with an empty cache, as on another computer."""
        self.device += 1

    def prepare(self):
        """Creates the bucket and, where the tool needs one, the repository. Not timed."""
        self.server.create_bucket(self.bucket)

    def restored(self, target, source):
        """Where the restored copy of SOURCE lies under TARGET."""
        return target


class Ferry(Tool):
    name = "ferry"
    command: list[str] = []

    def env(self):
        s = self.server
        return dict(super().env(), FERRY_S3_ENDPOINT=s.client_endpoint, FERRY_S3_REGION="us-east-1", FERRY_S3_BUCKET=self.bucket,
                    FERRY_S3_ACCESS_KEY_ID=s.access_key, FERRY_S3_SECRET_ACCESS_KEY=s.secret_key,
                    FERRY_PASSWORD=PASSWORD, FERRY_CONFIG=f"{self.home}/ferry-config.json")

    def prepare(self):
        super().prepare()
        subprocess.run([*self.command, "--quiet", "init"], check=True, env=self.env(), capture_output=True)

    def backup(self, source, step):
        return [*self.command, "--quiet", "backup", source, "--host", "bench"]

    def restore(self, target):
        return [*self.command, "--quiet", "restore", "latest", "--to", target]

    def list(self):
        return [*self.command, "list"]


class Restic(Tool):
    name = "restic"

    def env(self):
        s = self.server
        return dict(super().env(), RESTIC_REPOSITORY=f"s3:{s.client_endpoint}/{self.bucket}", RESTIC_PASSWORD=PASSWORD,
                    RESTIC_CACHE_DIR=f"{self.home}/restic-cache-{self.device}", AWS_ACCESS_KEY_ID=s.access_key,
                    AWS_SECRET_ACCESS_KEY=s.secret_key)

    def prepare(self):
        super().prepare()
        subprocess.run(["restic", "init"], check=True, env=self.env(), capture_output=True)

    def backup(self, source, step):
        return ["restic", "--quiet", "backup", source, "--host", "bench"]

    def restore(self, target):
        return ["restic", "--quiet", "restore", "latest", "--target", target]

    def list(self):
        return ["restic", "snapshots"]

    def restored(self, target, source):
        return os.path.join(target, source.lstrip("/"))


class Rclone(Tool):
    name = "rclone"

    def env(self):
        return dict(self.server.rclone_env(self.server.client_endpoint), HOME=self.home)

    def backup(self, source, step):
        return ["rclone", "sync", source, f"bench:{self.bucket}/data"]

    def restore(self, target):
        return ["rclone", "copy", f"bench:{self.bucket}/data", target]


class ZipUpload(Tool):
    name = "zip"

    def __init__(self, server, bucket, home):
        super().__init__(server, bucket, home)
        self.latest = None

    def env(self):
        return dict(self.server.rclone_env(self.server.client_endpoint), HOME=self.home)

    def backup(self, source, step):
        # one new object per backup, named as the seed app names them
        self.latest = f"cherry-studio.2026010100000{step}.bench.linux.zip"
        archive = shlex.quote(f"{self.home}/backup.zip")
        return ["bash", "-c", f"cd {shlex.quote(source)} && zip -1 -r -q {archive} . && "
                f"rclone copyto {archive} bench:{self.bucket}/{self.latest} && rm -f {archive}"]

    def restore(self, target):
        archive = shlex.quote(f"{self.home}/restore.zip")
        return ["bash", "-c", f"rclone copyto bench:{self.bucket}/{self.latest} {archive} && "
                f"unzip -q {archive} -d {shlex.quote(target)} && rm -f {archive}"]


TOOLS = {"ferry": Ferry, "restic": Restic, "rclone": Rclone, "zip": ZipUpload}


def add_ferry_build(build, command):
    """Registers one build of Ferry (--build) as a tool of its own, so each gets its rows and ratios."""
    name = tool_name(build)
    TOOLS[name] = type(f"Ferry_{build}", (Ferry,), {"name": name, "command": command})
    return name


def missing(names):
    """The tools (and helpers) asked for that are not installed."""
    needs = {"restic": ["restic"], "rclone": ["rclone"], "zip": ["zip", "unzip", "rclone"]}
    return [n for n in names for exe in needs.get(n, []) if shutil.which(exe) is None]


def version(name):
    commands = {"restic": ["restic", "version"], "rclone": ["rclone", "version"], "zip": ["zip", "-v"]}
    command = commands.get(name) or [*TOOLS[name].command, "--version"]
    out = subprocess.run(command, capture_output=True, text=True).stdout.splitlines()
    return next((line.strip() for line in out if line.strip() and "Copyright" not in line), "?")
