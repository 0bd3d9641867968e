#!/usr/bin/env python3
"""The valuetask-* checks over real coroutine code.

  real_code.py --clang-tidy T --plugin P boost <examples dir>
      every .cpp under the directory (Boost.Asio's C++20 examples), with
      ValueTaskTypes=::boost::asio::awaitable for every check; diagnostics in
      the examples and in the Boost headers they include (--system-headers)
  real_code.py --clang-tidy T --plugin P project <build dir> [<source root>]
      the project's own translation units from compile_commands.json
      (examples/, test/, bench/), default ValueTaskTypes

Fails on any crash or compiler error, and, with --expected FILE, on any
warning not listed there or listed but missing. FILE has one line per
warning, 'path:line:check  classification', path relative to the scanned
directory (or the basename for a header outside it).
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import valuetask_diagnostics  # noqa: E402

CHECKS = ["valuetask-double-await", "valuetask-multiple-consumers", "valuetask-stored-task"]


def tidy(args, src, compile_args, config=None):
    cmd = [args.clang_tidy, "--load=" + args.plugin, "--checks=-*,valuetask-*", "--quiet"]
    if config:
        cmd.append("--config=" + config)
    if args.headers:
        cmd += ["--header-filter=.*", "--system-headers"]
    else:
        cmd.append("--header-filter=^$")
    cmd += [src, "--"] + compile_args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def scan(args, jobs):
    """jobs: list of (label, src, compile_args, config). -> (warnings, failures)"""
    warnings = {}   # (path, line, check) -> message
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = {ex.submit(tidy, args, src, cargs, cfg): (label, src) for label, src, cargs, cfg in jobs}
        for fut in concurrent.futures.as_completed(futs):
            label, src = futs[fut]
            rc, out = fut.result()
            crashed = rc < 0 or "Stack dump" in out or "PLEASE submit" in out
            diagnostics = valuetask_diagnostics.parse_lines(out)
            errors = [d.lines[0] for d in diagnostics if d.file and d.severity in ("error", "fatal error")]
            if crashed or errors or rc != 0:
                failures.append("%s: exit %d%s\n%s" % (label, rc, " (crash)" if crashed else "",
                                                      "\n".join((errors or out.splitlines())[-15:])))
                continue
            for d in diagnostics:
                if d.file and d.severity == "warning" and d.check in CHECKS:
                    warnings[(d.realpath(), d.line, d.check)] = d.message
    return warnings, failures


def relative(path, root):
    root = os.path.realpath(root)
    if path.startswith(root + os.sep):
        return os.path.relpath(path, root)
    return os.path.basename(path)


def report(args, root, warnings, failures, files):
    got = {"%s:%d:%s" % (relative(p, root), l, c): msg for (p, l, c), msg in warnings.items()}
    for k in sorted(got):
        print("warning %s: %s" % (k, got[k]))
    for f in failures:
        print("FAILED " + f)
    bad = len(failures)
    if args.expected:
        exp = {}
        with open(args.expected) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    key, _, why = line.partition(" ")
                    exp[key] = why.strip()
        for k in sorted(set(got) - set(exp)):
            print("UNEXPECTED warning (classify it in %s): %s" % (args.expected, k))
            bad += 1
        for k in sorted(set(exp) - set(got)):
            print("MISSING warning listed in %s: %s" % (args.expected, k))
            bad += 1
    print("real_code: %d translation units, %d warnings (%s), %d failures"
          % (files, len(got), ", ".join("%s %d" % (c, sum(1 for k in got if k.endswith(c))) for c in CHECKS),
             len(failures)))
    print("%d passed, %d failed" % (files - len(failures), bad))
    return 1 if bad else 0


def cmd_boost(args):
    root = args.dir
    srcs = []
    for d, _, fs in os.walk(root):
        srcs += [os.path.join(d, f) for f in fs if f.endswith(".cpp")]
    srcs.sort()
    srcs += [os.path.abspath(e) for e in args.extra]
    opts = ", ".join("%s.ValueTaskTypes: '::boost::asio::awaitable'" % c for c in CHECKS)
    config = "{Checks: '-*,valuetask-*', CheckOptions: {%s}}" % opts
    jobs = [(relative(s, root), s, ["-std=c++20", "-I" + os.path.dirname(s)], config) for s in srcs]
    w, f = scan(args, jobs)
    return report(args, root, w, f, len(jobs))


def cmd_project(args):
    with open(os.path.join(args.dir, "compile_commands.json")) as f:
        db = json.load(f)
    root = os.path.realpath(args.source or os.path.join(os.path.dirname(__file__), "..", ".."))
    jobs = []
    seen = set()
    for e in db:
        src = os.path.realpath(os.path.join(e["directory"], e["file"]))
        rel = relative(src, root)
        if not rel.startswith(("examples/", "test/", "bench/")) or src in seen:
            continue
        if "/fuzz/" in src:
            continue
        seen.add(src)
        argv = e.get("arguments") or e["command"].split()
        cargs = []
        skip = False
        for a in argv[1:]:
            if skip:
                skip = False
                continue
            if a in ("-o", "-c"):
                skip = a == "-o"
                continue
            if a == e["file"] or os.path.realpath(os.path.join(e["directory"], a)) == src:
                continue
            cargs.append(a)
        jobs.append((rel, src, cargs, None))
    w, f = scan(args, jobs)
    return report(args, root, w, f, len(jobs))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--expected")
    ap.add_argument("--headers", action="store_true", help="also report in headers (boost's)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("boost")
    p.add_argument("dir")
    p.add_argument("--extra", action="append", default=[], help="another file to scan the same way")
    p.set_defaults(func=cmd_boost)
    p = sub.add_parser("project")
    p.add_argument("dir", help="build directory with compile_commands.json")
    p.add_argument("source", nargs="?")
    p.set_defaults(func=cmd_project)
    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
