#!/usr/bin/env python3
"""Times clang-tidy with the valuetask checks against a trivial check and
against bugprone-use-after-move, writes the figures as JSON.

  time_checks.py --inputs DIR --include runtime/include \\
      --tidy 19=/path/to/valuetask-tidy.so --tidy 22=/path/to/valuetask-tidy.so \\
      --out checks.json [--reps 5] [--uam-timeout 30] [--quick]

Every figure is the wall time of a whole clang-tidy process (parse, AST
traversal, checks, exit). Each configuration of one comparison runs
interleaved with its baseline (trivial, checked, trivial, checked, ...), and a
ratio is the median of the ratios of those back-to-back pairs, so a load change
between pairs hits both sides of each alike. Every run
loads the plugin, so the only difference between two sides is the enabled
checks. Medians are reported with min and max, for wall time and for the process's
CPU time (user + sys, from getrusage): on a loaded machine the CPU time is the
steadier of the two.
"""
import argparse
import json
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import time

TRIVIAL = "cert-flp30-c"
VALUETASK = "valuetask-*"
UAM = "bugprone-use-after-move"
SIZES = (100, 1000, 10000)
SHAPES = ("awaits", "moves", "branches")
# A few per cent is the figure on the large TU, and a check cost of a few
# hundredths of a second is what the scaling ratios divide by: a run on a
# shared machine varies by more than either, so those take more pairs.
LARGE_TU_REPS = 7
SCALING_REPS = 7


def loadavg():
    try:
        return [float(x) for x in pathlib.Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


class Tidy:
    def __init__(self, major, plugin, include, extra_args=()):
        self.major = major
        self.exe = f"clang-tidy-{major}"
        self.plugin = plugin
        self.include = include
        self.extra_args = list(extra_args)

    def command(self, checks, source, profile_dir=None):
        cmd = [self.exe, "--quiet", f"--load={self.plugin}", f"--checks=-*,{checks}",
               # 19 and 22 differ in their default (main file only vs '.*'):
               # pin it so both do the same work and print the same.
               "--header-filter=^$"]
        if profile_dir:
            cmd += ["--enable-check-profile", f"--store-check-profile={profile_dir}"]
        cmd += [str(source), "--", "-std=c++20", f"-I{self.include}"] + self.extra_args
        return cmd

    def run(self, checks, source, timeout=None, profile_dir=None):
        cmd = self.command(checks, source, profile_dir)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"seconds": None, "cpu": None, "timed_out": True, "timeout": timeout}
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        out = proc.stdout + proc.stderr
        result = {
            "seconds": seconds,
            "cpu": cpu,
            "warnings": len(re.findall(r"warning: ", proc.stdout)),
            "errors": len(re.findall(r"error: ", out)),
            "returncode": proc.returncode,
        }
        if result["errors"]:
            result["first_error"] = next(l for l in out.splitlines() if "error: " in l)
        return result


def summarise(runs):
    times = [r["seconds"] for r in runs if r.get("seconds") is not None]
    cpus = [r["cpu"] for r in runs if r.get("cpu") is not None]
    s = {"runs": len(runs), "timed_out": any(r.get("timed_out") for r in runs)}
    timeouts = [r["timeout"] for r in runs if r.get("timed_out")]
    if timeouts:
        s["timeout"] = timeouts[0]
    if times:
        s.update(median=statistics.median(times), min=min(times), max=max(times), samples=times)
    if cpus:
        s.update(cpu_median=statistics.median(cpus), cpu_samples=cpus)
    for key in ("warnings", "errors"):
        vals = [r[key] for r in runs if key in r]
        if vals:
            s[key] = max(vals)
    errs = [r["first_error"] for r in runs if "first_error" in r]
    if errs:
        s["first_error"] = errs[0]
    return s


def read_profile(directory):
    """Per-check wall/user/sys seconds from --store-check-profile's JSON files."""
    checks = {}
    for f in directory.glob("*.json"):
        data = json.loads(f.read_text())
        for key, value in data.get("profile", {}).items():
            m = re.match(r"time\.clang-tidy\.(.+)\.(wall|user|sys)$", key)
            if m:
                checks.setdefault(m.group(1), {})[m.group(2)] = value
    return checks


def fresh_dir(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.json"):
        old.unlink()
    return directory


def compare(tidy, source, checks, reps, timeout=None, log=None, profile_dir=None):
    """Interleaves the trivial check and `checks` on one input, reps times.
    With profile_dir, the checked runs also store --enable-check-profile
    figures (the per-check medians land in result["profile"])."""
    base, other, profiles = [], [], []
    for _ in range(reps):
        base.append(tidy.run(TRIVIAL, source))
        pdir = fresh_dir(profile_dir) if profile_dir else None
        r = tidy.run(checks, source, timeout=timeout, profile_dir=pdir)
        other.append(r)
        if pdir and not r.get("timed_out"):
            profiles.append(read_profile(pdir))
        if r.get("timed_out"):
            break
    result = {"trivial": summarise(base), "checked": summarise(other), "checks": checks}
    if profiles:
        merged = {}
        for name in profiles[0]:
            merged[name] = {k: statistics.median(p[name][k] for p in profiles if name in p)
                            for k in profiles[0][name]}
        result["profile"] = {"checks": merged, "runs": len(profiles)}
    for key, name in (("seconds", "ratio"), ("cpu", "cpu_ratio")):
        pairs = [o[key] / b[key] for b, o in zip(base, other) if b.get(key) and o.get(key)]
        if pairs:
            result[name] = statistics.median(pairs)
    if "median" in result["trivial"] and "median" in result["checked"]:
        result["check_seconds"] = result["checked"]["median"] - result["trivial"]["median"]
    if "cpu_median" in result["trivial"] and "cpu_median" in result["checked"]:
        result["check_cpu_seconds"] = result["checked"]["cpu_median"] - result["trivial"]["cpu_median"]
    if log:
        def fmt(side):
            w, c = result[side].get("median"), result[side].get("cpu_median")
            return "timed out" if w is None else f"{w:.2f} s wall / {c:.2f} s cpu"
        log(f"  clang-tidy-{tidy.major} {source.name:28s} {checks:24s} "
            f"trivial {fmt('trivial')}; checked {fmt('checked')}")
    return result


def profile(tidy, source, workdir, log=None):
    """One run with --enable-check-profile; per-check wall/user/sys seconds."""
    d = fresh_dir(workdir / f"profile-{tidy.major}-{source.stem}")
    r = tidy.run(VALUETASK, source, profile_dir=d)
    checks = read_profile(d)
    if log:
        log(f"  clang-tidy-{tidy.major} {source.name}: profile " + ", ".join(
            f"{k} {v.get('user', 0) + v.get('sys', 0):.3f} s" for k, v in sorted(checks.items())))
    return {"process_seconds": r.get("seconds"), "process_cpu": r.get("cpu"), "checks": checks,
            "warnings": r.get("warnings"), "errors": r.get("errors")}


def save(results, path):
    """Written after each clang-tidy version, so a cut-short run keeps what it measured."""
    results["loadavg_end"] = loadavg()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=pathlib.Path, required=True)
    ap.add_argument("--include", type=pathlib.Path, required=True)
    ap.add_argument("--tidy", action="append", required=True, help="MAJOR=PLUGIN")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--uam-timeout", type=float, default=30.0,
                    help="seconds before a use-after-move run is given up (default 30)")
    ap.add_argument("--vt-timeout", type=float, default=600.0,
                    help="seconds before a valuetask-* run is given up (default 600)")
    ap.add_argument("--quick", action="store_true", help="2 repetitions, sizes 100 and 1,000 only")
    args = ap.parse_args()

    def log(msg):
        print(msg, flush=True)

    reps = 2 if args.quick else args.reps
    sizes = SIZES[:2] if args.quick else SIZES
    workdir = args.out.parent / "check-profiles"
    scaling_reps = reps if args.quick else max(reps, SCALING_REPS)
    large_tu_reps = reps if args.quick else max(reps, LARGE_TU_REPS)
    results = {"trivial_check": TRIVIAL, "reps": reps, "scaling_reps": scaling_reps,
               "large_tu_reps": large_tu_reps, "uam_timeout": args.uam_timeout,
               "loadavg_start": loadavg(), "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
               "versions": {}}
    for spec in args.tidy:
        major, plugin = spec.split("=", 1)
        tidy = Tidy(major, plugin, args.include)
        ver = subprocess.run([tidy.exe, "--version"], capture_output=True, text=True).stdout
        m = re.search(r"LLVM version (\S+)", ver)
        v = {"version": m.group(1) if m else ver.strip(), "scaling": {}, "awaits_2000": {}}
        log(f"clang-tidy-{major} ({v['version']}), plugin {plugin}")

        for shape in SHAPES:
            for n in sizes:
                src = args.inputs / f"{shape}_{n}_vt.cpp"
                pdir = workdir / f"{major}-{src.stem}"
                entry = {"valuetask": compare(tidy, src, VALUETASK, scaling_reps,
                                              timeout=args.vt_timeout, log=log, profile_dir=pdir)}
                usrc = args.inputs / f"{shape}_{n}_uam.cpp"
                if n <= 100:
                    entry["uam"] = compare(tidy, usrc, UAM, reps, timeout=args.uam_timeout, log=log)
                elif n <= 1000:
                    entry["uam"] = compare(tidy, usrc, UAM, 1, timeout=args.uam_timeout, log=log)
                else:
                    entry["uam"] = {"skipped": True}
                v["scaling"][f"{shape}_{n}"] = entry

        for name in ("sequential_awaits_2000", "mixed_awaits_2000"):
            src = args.inputs / f"{name}.cpp"
            v["awaits_2000"][name] = compare(tidy, src, VALUETASK, reps, log=log,
                                        profile_dir=workdir / f"{major}-{name}")

        src = args.inputs / "large_tu.cpp"
        v["large_tu"] = compare(tidy, src, VALUETASK, large_tu_reps, log=log)
        v["large_tu"]["profile_run"] = profile(tidy, src, workdir, log=log)
        v["large_tu"]["lines"] = sum(1 for _ in src.open())
        results["versions"][major] = v
        save(results, args.out)

    save(results, args.out)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
