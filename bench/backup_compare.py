#!/usr/bin/env python3
"""Warden's backup engine against restic and BorgBackup on the same trees, in one run.

Two data sets:
  tree   a system tree of about 1 GB of mostly small files (/usr/share and /usr/include)
  large  a few large files (generated: part text, part random), then 1% of them changed
For each tool (compression and encryption on for all three): first backup, second backup after the
1% change (large set) or unchanged (tree), repository size, full restore, check with a full data
read, and the peak resident memory of each step (GNU time). Prints a table and the ratios.
Usage: bench/backup_compare.py WARDEN_BINARY [--tree DIRS] [--large-mb N] [--only tree|large] [--tools warden,restic]
(--only and --tools shorten a run while working on one side; the published table uses all of both.)
Restores go into a freshly made ext4 file system (an image file in the work directory, loop-mounted)
when run as root: creating 48,000 files on a file system where many were just deleted is several
times slower (ext4 skips recently freed inodes), which made restore times depend on what ran before.
--shared-fs restores into the work directory instead.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

PASSWORD = "bench password"


def run(command, env=None, cwd=None):
    """Runs under GNU time; returns (seconds, peak RSS in MiB)."""
    full = ["/usr/bin/time", "-v"] + command
    started = time.monotonic()
    result = subprocess.run(full, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - started
    if result.returncode not in (0, 3):
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return seconds, (int(rss.group(1)) / 1024 if rss else float("nan"))


def size_of(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


class RestoreTarget:
    """A directory to restore into: on a fresh ext4 file system when possible (see the header)."""

    def __init__(self, place, name, size_hint, fresh):
        self.mount = None
        self.image = None
        if fresh:
            self.image = os.path.join(place, f"{name}-fs.img")
            self.mount = os.path.join(place, f"{name}-fs")
            with open(self.image, "wb") as f:
                f.truncate(max(2 << 30, size_hint * 2 + (1 << 30)))
            # Inode tables and journal written now, not by a kernel thread during the timed restore.
            run_quiet(["mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", self.image])
            os.makedirs(self.mount, exist_ok=True)
            run_quiet(["mount", "-o", "loop", self.image, self.mount])
            self.path = os.path.join(self.mount, "restore")
        else:
            self.path = os.path.join(place, f"{name}-restore")

    def remove(self):
        if self.mount:
            run_quiet(["umount", self.mount])
            os.rmdir(self.mount)
            os.remove(self.image)
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def run_quiet(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.strip()}")


def can_make_file_systems():
    return os.geteuid() == 0 and shutil.which("mkfs.ext4") is not None and shutil.which("mount") is not None


def drop_caches():
    # Keep runs comparable when possible (root only); otherwise every tool sees warm caches alike.
    try:
        subprocess.run(["sync"], check=False)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError:
        pass


class Tool:
    def __init__(self, name, work):
        self.name = name
        self.repo = os.path.join(work, f"{name}-repo")
        self.env = dict(os.environ)


class Warden(Tool):
    def __init__(self, work, binary):
        super().__init__("warden", work)
        self.binary = binary
        self.env.update(WARDEN_BACKUP_REPOSITORY=self.repo, WARDEN_BACKUP_PASSWORD=PASSWORD)

    def init(self):
        return run([self.binary, "backup", "init"], self.env)

    def backup(self, paths):
        return run([self.binary, "backup", "create"] + paths, self.env)

    def restore(self, target):
        return run([self.binary, "backup", "restore", "latest", "--target", target], self.env)

    def check(self):
        return run([self.binary, "backup", "check", "--read-data"], self.env)


class Restic(Tool):
    def __init__(self, work):
        super().__init__("restic", work)
        self.env.update(RESTIC_REPOSITORY=self.repo, RESTIC_PASSWORD=PASSWORD, RESTIC_CACHE_DIR=os.path.join(work, "restic-cache"))

    def init(self):
        # Repository version 2 is the one with compression (zstd, "auto" level).
        return run(["restic", "init", "--repository-version", "2"], self.env)

    def backup(self, paths):
        return run(["restic", "backup", "--compression", "auto", "-q"] + paths, self.env)

    def restore(self, target):
        return run(["restic", "restore", "latest", "--target", target], self.env)

    def check(self):
        return run(["restic", "check", "--read-data"], self.env)


class Borg(Tool):
    def __init__(self, work):
        super().__init__("borg", work)
        self.env.update(BORG_REPO=self.repo, BORG_PASSPHRASE=PASSWORD, BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK="yes",
                        BORG_BASE_DIR=os.path.join(work, "borg-base"))
        self.count = 0

    def init(self):
        return run(["borg", "init", "-e", "repokey-blake2"], self.env)

    def backup(self, paths):
        self.count += 1
        return run(["borg", "create", "--compression", "zstd,3", f"::s{self.count}"] + paths, self.env)

    def restore(self, target):
        os.makedirs(target, exist_ok=True)
        return run(["borg", "extract", f"::s{self.count}"], self.env, cwd=target)

    def check(self):
        return run(["borg", "check", "--verify-data"], self.env)


def make_large(directory, megabytes, seed):
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    files = 8
    per_file = megabytes * 1024 * 1024 // files
    words = [bytes(f"word{n} ", "ascii") for n in range(5000)]
    for index in range(files):
        with open(os.path.join(directory, f"big-{index}.dat"), "wb") as f:
            written = 0
            while written < per_file:
                if rng.random() < 0.5:
                    block = rng.randbytes(1 << 20)
                else:
                    block = b"".join(rng.choice(words) for _ in range(150000))[: 1 << 20]
                f.write(block)
                written += len(block)


def change_one_percent(directory, megabytes, seed):
    rng = random.Random(seed)
    names = sorted(os.listdir(directory))
    budget = megabytes * 1024 * 1024 // 100
    while budget > 0:
        path = os.path.join(directory, rng.choice(names))
        size = os.path.getsize(path)
        length = min(budget, 64 * 1024)
        with open(path, "r+b") as f:
            f.seek(rng.randrange(0, size - length))
            f.write(rng.randbytes(length))
        budget -= length


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("warden")
    parser.add_argument("--tree", default="/usr/share,/usr/include")
    parser.add_argument("--large-mb", type=int, default=1024)
    parser.add_argument("--work", default=None)
    parser.add_argument("--only", choices=("tree", "large"), default=None, help="run one data set")
    parser.add_argument("--tools", default="warden,restic,borg", help="comma-separated subset of warden,restic,borg")
    parser.add_argument("--shared-fs", action="store_true", help="restore into the work directory, not a fresh file system")
    args = parser.parse_args()
    fresh_fs = not args.shared_fs and can_make_file_systems()
    tools = [name for name in args.tools.split(",") if name]
    if not set(tools) <= {"warden", "restic", "borg"} or "warden" not in tools:
        sys.exit("--tools: a subset of warden,restic,borg that includes warden")
    for tool in tools:
        if tool != "warden" and not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install restic borgbackup (make bench-backup does this)")
    work = args.work or tempfile.mkdtemp(prefix="backup-bench-")
    tree = [p for p in args.tree.split(",") if os.path.isdir(p)]
    large = os.path.join(work, "large")
    # Every tool starts from the same large files and sees the same 1% change.
    datasets = [("tree", tree, None, None), ("large", [large], lambda: make_large(large, args.large_mb, seed=1),
                                              lambda: change_one_percent(large, args.large_mb, seed=2))]
    if args.only:
        datasets = [d for d in datasets if d[0] == args.only]
    print(f"restic {subprocess.run(['restic', 'version'], capture_output=True, text=True).stdout.split()[1]}, "
          f"{subprocess.run(['borg', '--version'], capture_output=True, text=True).stdout.strip()}, warden {args.warden}")
    print(f"tree: {', '.join(tree)} ({size_of_all(tree) / 2**30:.2f} GiB); large: {args.large_mb} MiB in 8 files, 1% rewritten; "
          f"{os.cpu_count()} cores; restores into {'a fresh ext4 file system' if fresh_fs else 'the work directory'}")
    results = {}
    for label, paths, prepare, change in datasets:
        # Repositories and restores live outside the data being backed up.
        place = os.path.join(work, "repos-" + label)
        every = {"warden": lambda: Warden(place, args.warden), "restic": lambda: Restic(place), "borg": lambda: Borg(place)}
        for tool in (every[name]() for name in tools):
            os.makedirs(place, exist_ok=True)
            if prepare:
                prepare()
            tool.init()
            drop_caches()
            first = tool.backup(paths)
            if change:
                change()
            drop_caches()
            second = tool.backup(paths)
            repo_size = size_of(tool.repo)
            target = RestoreTarget(place, tool.name, size_of_all(paths), fresh_fs)
            drop_caches()
            restore = tool.restore(target.path)
            drop_caches()
            check = tool.check()
            target.remove()
            results[(label, tool.name)] = dict(first=first, second=second, size=repo_size, restore=restore, check=check)
            shutil.rmtree(tool.repo, ignore_errors=True)
            print(f"  {label:5} {tool.name:6} first {first[0]:7.1f} s  second {second[0]:6.1f} s  repo {repo_size / 2**20:8.1f} MiB  "
                  f"restore {restore[0]:6.1f} s  check {check[0]:6.1f} s  peak {max(first[1], second[1], restore[1], check[1]):6.0f} MiB",
                  flush=True)
    print()
    if "restic" not in tools or "borg" not in tools:
        shutil.rmtree(work, ignore_errors=True)
        return
    print("| data | measure | Warden | restic | Borg | Warden vs restic |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, _, _, _ in datasets:
        w, r, b = (results[(label, name)] for name in ("warden", "restic", "borg"))
        for key, title in (("first", "first backup (s)"), ("second", "second backup (s)"), ("restore", "full restore (s)"),
                           ("check", "check, all data read (s)")):
            print(f"| {label} | {title} | {w[key][0]:.1f} | {r[key][0]:.1f} | {b[key][0]:.1f} | {r[key][0] / w[key][0]:.2f}x faster |")
        print(f"| {label} | repository (MiB) | {w['size'] / 2**20:.0f} | {r['size'] / 2**20:.0f} | {b['size'] / 2**20:.0f} | "
              f"{w['size'] / r['size']:.2f}x the size |")
        peak = lambda x: max(x[k][1] for k in ("first", "second", "restore", "check"))
        print(f"| {label} | peak memory (MiB) | {peak(w):.0f} | {peak(r):.0f} | {peak(b):.0f} | {peak(w) / peak(r):.2f}x |")
    shutil.rmtree(work, ignore_errors=True)


def size_of_all(paths):
    return sum(size_of(p) for p in paths)


if __name__ == "__main__":
    main()
