#!/usr/bin/env python3
"""scripts/run-checks on a small project, with and without findings.

Writes two compile databases over run-checks-project/ (the real runtime
headers on the include path):
  clean     clean.cpp only                         -> exit 0, 'no findings'
  findings  all four sources (shared.hpp included  -> exit 1, the summary
            twice, so its finding must count once)    counts per check
usage: run_checks_test.py --runner scripts/run-checks --plugin SO --llvm N
                          --include DIR --work DIR
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def database(work, name, sources, include):
    build = os.path.join(work, name)
    os.makedirs(build)
    project = os.path.join(work, "project")
    entries = [{"directory": build, "file": os.path.join(project, s),
                "arguments": ["clang++", "-std=c++20", "-I", include, "-c",
                              os.path.join(project, s)]} for s in sources]
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=2)
    return build


def run(argv):
    print("$ " + " ".join(argv), flush=True)
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)
    print(proc.stdout)
    return proc.returncode, proc.stdout


def main():
    ap = argparse.ArgumentParser()
    for name in ["--runner", "--plugin", "--llvm", "--include", "--work"]:
        ap.add_argument(name, required=True)
    args = ap.parse_args()
    args.runner, args.plugin, args.include, args.work = (
        os.path.abspath(p) for p in (args.runner, args.plugin, args.include, args.work))
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    shutil.copytree(os.path.join(HERE, "run-checks-project"), os.path.join(args.work, "project"))
    common = [sys.executable, args.runner, "--plugin", args.plugin, "--llvm", args.llvm, "-j", "2"]

    clean = database(args.work, "clean", ["clean.cpp"], args.include)
    status, out = run(common + ["-p", clean])
    check(status == 0, "clean: exit status 0 (got %s)" % status)
    check(out.strip().endswith("run-checks: no findings in 1 files"), "clean: summary says no findings")

    findings = database(args.work, "findings",
                        ["clean.cpp", "findings.cpp", "more_findings.cpp"], args.include)
    status, out = run(common + ["-p", findings])
    check(status == 1, "findings: exit status 1 (got %s)" % status)
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    check(summary == "run-checks: 3 findings in 2 of 3 files: "
                     "valuetask-double-await 2, valuetask-stored-task 1",
          "findings: summary counts per check (%r)" % summary)
    check(len(re.findall(r"shared\.hpp:13:\d+: error: task 'h' is awaited more than once", out)) == 1,
          "findings: the header's finding is printed once")
    check(re.search(r"findings\.cpp:11:\d+: error: task 't' is awaited more than once", out) is not None,
          "findings: the double await in findings.cpp, as an error")
    check(re.search(r"findings\.cpp:18:\d+: error: task is stored in", out) is not None,
          "findings: the stored task in findings.cpp")

    # Not a finding but a broken run: a missing plugin is exit status 2.
    status, _ = run([sys.executable, args.runner, "--plugin", os.path.join(args.work, "none.so"),
                     "--llvm", args.llvm, "-p", clean])
    check(status == 2, "a missing plugin: exit status 2 (got %s)" % status)

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
