#!/usr/bin/env python3
"""scripts/run-checks on a small project, with and without findings.

Writes two compile databases over run-checks-project/ (the real runtime
headers on the include path):
  clean     clean.cpp only                         -> exit 0, 'no findings'
  findings  all four sources (shared.hpp included  -> exit 1, the summary
            twice, so its finding must count once)    counts per check
and then what CI users lean on: --warnings-as-errors '' (exit 0),
--export-fixes merged over all sources, a directory's .clang-tidy turning a
check off (and --checks overriding it), a clang-tidy that fails on every
file, SARIF 2.1.0 (structure and content), baselines across an edit that
moves a finding and one that adds a finding, and --shard/--merge-sarif.

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


def is_str(value):
    return isinstance(value, str) and value != ""


def validate_sarif(log, what):
    """The parts of SARIF 2.1.0 that GitHub code scanning requires, by type."""
    ok = (isinstance(log, dict) and log.get("version") == "2.1.0"
          and is_str(log.get("$schema")) and isinstance(log.get("runs"), list)
          and len(log["runs"]) == 1)
    check(ok, what + ": version 2.1.0, $schema, one run")
    if not ok:
        return None
    run = log["runs"][0]
    driver = run.get("tool", {}).get("driver", {})
    check(driver.get("name") == "valuetask" and is_str(driver.get("version")),
          what + ": tool.driver.name 'valuetask' with a version")
    rules = driver.get("rules")
    check(isinstance(rules, list) and all(
        is_str(r.get("id")) and is_str(r.get("shortDescription", {}).get("text"))
        and is_str(r.get("helpUri")) and re.match(r"^[a-z]+:", r["helpUri"])
        for r in rules if r.get("id", "").startswith("valuetask-")),
        what + ": every valuetask rule has an id, a short description and a help URI")
    base = run.get("originalUriBaseIds", {}).get("SRCROOT", {}).get("uri", "")
    check(base.startswith("file:///") and base.endswith("/"),
          what + ": SRCROOT declared in originalUriBaseIds as a file:/// directory (%r)" % base)
    ids = [r.get("id") for r in rules or []]
    results = run.get("results")
    check(isinstance(results, list), what + ": results is a list")
    for r in results or []:
        loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
        art, region = loc.get("artifactLocation", {}), loc.get("region", {})
        good = (r.get("ruleId") in ids and isinstance(r.get("ruleIndex"), int)
                and ids[r["ruleIndex"]] == r["ruleId"]
                and r.get("level") in ("error", "warning", "note")
                and is_str(r.get("message", {}).get("text"))
                and is_str(art.get("uri")) and not art["uri"].startswith("/")
                and art.get("uriBaseId") == "SRCROOT"
                and isinstance(region.get("startLine"), int) and region["startLine"] >= 1
                and isinstance(region.get("startColumn"), int)
                and all(isinstance(rl.get("id"), int) and is_str(rl.get("message", {}).get("text"))
                        and rl.get("physicalLocation", {}).get("artifactLocation", {}).get("uriBaseId")
                        == "SRCROOT" for rl in r.get("relatedLocations", [])))
        check(good, what + ": result %s at %s:%s is well-formed"
              % (r.get("ruleId"), art.get("uri"), region.get("startLine")))
    return run


def brief(run):
    """(ruleId, uri, line, col, level, message, [(note uri, line, message)]) per result."""
    out = []
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        out.append((r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"],
                    loc["region"]["startColumn"], r["level"], r["message"]["text"],
                    [(n["physicalLocation"]["artifactLocation"]["uri"],
                      n["physicalLocation"]["region"]["startLine"], n["message"]["text"])
                     for n in r.get("relatedLocations", [])]))
    return sorted(out)


def edit(path, transform):
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(transform(text))


def ci_features(args, common, findings):
    project = os.path.join(args.work, "project")
    root = ["--root", project]

    # --warnings-as-errors '' (the findings are printed, as warnings, exit 0)
    # and --export-fixes (one file for the run, one entry per finding).
    fixes = os.path.join(args.work, "fixes.yaml")
    status, out = run(common + ["-p", findings, "--warnings-as-errors", "", "--",
                                "--export-fixes=" + fixes])
    check(status == 0, "--warnings-as-errors '': exit status 0 (got %s)" % status)
    check(out.count(": warning: task") == 3 and ": error: " not in out,
          "--warnings-as-errors '': the findings are warnings")
    text = open(fixes).read() if os.path.isfile(fixes) else ""
    names = re.findall(r"^  - DiagnosticName:\s+(\S+)", text, re.M)
    check(sorted(names) == ["valuetask-double-await", "valuetask-double-await",
                            "valuetask-stored-task"],
          "--export-fixes: the three findings of all sources, the header's once (%s)" % names)
    check(text.startswith("---\n") and text.rstrip().endswith("..."),
          "--export-fixes: a YAML document")

    # A directory's .clang-tidy turns valuetask-double-await off there.
    lenient = database(args.work, "lenient", ["findings.cpp", "lenient/quiet.cpp"], args.include)
    status, out = run(common + ["-p", lenient])
    check(re.search(r"quiet\.cpp:19:\d+: error: task is stored in", out) is not None
          and "quiet.cpp:12:" not in out,
          ".clang-tidy in lenient/: only the stored task is reported there")
    check("findings.cpp:11:" in out, ".clang-tidy in lenient/: other directories keep the check")
    status, out = run(common + ["-p", lenient, "--checks=-*,valuetask-*"])
    check("quiet.cpp:12:" in out, "--checks wins over the directory's .clang-tidy")

    # clang-tidy failing on every file: the summary says what failed.
    fake = os.path.join(args.work, "broken-clang-tidy")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\ncase \"$*\" in *--dump-config*) exit 0;; esac\n"
                "echo 'error: unable to load plugin: no such file' >&2; exit 1\n")
    os.chmod(fake, 0o755)
    status, out = run([sys.executable, args.runner, "--plugin", args.plugin, "--clang-tidy", fake,
                       "-p", findings])
    check(status == 2, "failing clang-tidy: exit status 2 (got %s)" % status)
    check("no findings" not in out and "clang-tidy failed on every one of the 3 files" in out
          and "unable to load plugin" in out,
          "failing clang-tidy: the summary says what failed")

    # SARIF: structure, and the content for the known findings.
    # (the same run records the baseline below)
    sarif = os.path.join(args.work, "findings.sarif")
    baseline = os.path.join(args.work, "valuetask.baseline")
    status, out = run(common + ["-p", findings, "--sarif", sarif, "--write-baseline", baseline] + root)
    check(status == 0, "--write-baseline: exit status 0 (got %s)" % status)
    with open(sarif) as f:
        log = json.load(f)
    sarif_run = validate_sarif(log, "--sarif")
    if sarif_run:
        rule_ids = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
        for rule in ["valuetask-double-await", "valuetask-multiple-consumers",
                     "valuetask-stored-task", "valuetask-result-before-completion",
                     "valuetask-unconsumed-on-path"]:
            check(rule in rule_ids, "--sarif: a rule for " + rule)
        check(log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
              == "file://" + os.path.realpath(project) + "/", "--sarif: SRCROOT is --root")
        got = brief(sarif_run)
        double = "task '%s' is awaited more than once; await it once, or call preserve() to share its result"
        expected = sorted([
            ("valuetask-double-await", "findings.cpp", 11, 30, "error", double % "t",
             [("findings.cpp", 10, "'t' was awaited here")]),
            ("valuetask-double-await", "shared.hpp", 13, 30, "error", double % "h",
             [("shared.hpp", 12, "'h' was awaited here")]),
        ])
        check([g for g in got if g[0] == "valuetask-double-await"] == expected,
              "--sarif: the double awaits with their notes as related locations (%s)" % got)
        stored = [g for g in got if g[0] == "valuetask-stored-task"]
        check(len(stored) == 1 and stored[0][1:3] == ("findings.cpp", 18)
              and stored[0][5].startswith("task is stored in"),
              "--sarif: the stored task (%s)" % stored)

    # Baselines: record, then edit so the known findings move and one is new.
    lines = [l for l in open(baseline).read().splitlines() if not l.startswith("#")]
    check(lines == sorted(lines) and len(lines) == 3 and all(l.count("\t") == 3 for l in lines),
          "--write-baseline: three sorted tab-separated lines (%s)" % lines)
    check("valuetask-double-await\tfindings.cpp\tt\tint b = co_await std::move(t); "
          "// valuetask-double-await" in lines, "--write-baseline: keyed on check, file, task, line")
    status, out = run(common + ["-p", findings, "--baseline", baseline] + root)
    check(status == 0 and "3 findings baselined" in out and "no findings" in out,
          "--baseline: the recorded findings are not reported, exit 0")
    source = os.path.join(project, "findings.cpp")
    edit(source, lambda t: t.replace("#include \"shared.hpp\"\n",
                                     "#include \"shared.hpp\"\n\n// Moved down.\n\n", 1)
         + "\nvaluetask::value_task<int> awaited_twice_again() {\n"
           "  valuetask::value_task<int> n = answer();\n"
           "  int a = co_await std::move(n);\n"
           "  co_return a + co_await std::move(n); // new\n}\n")
    status, out = run(common + ["-p", findings, "--baseline", baseline] + root)
    check(status == 1, "--baseline after the edit: exit status 1 for the new finding (got %s)" % status)
    new_lines = re.findall(r"^\S+:\d+:\d+: error: .*$", out, re.M)
    check(len(new_lines) == 1 and "task 'n'" in new_lines[0] and "findings.cpp:27:" in new_lines[0],
          "--baseline after the edit: only the new double await is reported (%s)" % new_lines)
    check("3 findings baselined" in out and "1 finding in" in out,
          "--baseline after the edit: the moved findings count as baselined")

    # Shards: disjoint, together the whole database, merged into one SARIF.
    everything = database(args.work, "sharded",
                          ["clean.cpp", "findings.cpp", "more_findings.cpp", "lenient/quiet.cpp"],
                          args.include)
    whole = os.path.join(args.work, "whole.sarif")
    run(common + ["-p", everything, "--sarif", whole] + root)
    parts, checked = [], []
    for k in (1, 2):
        part = os.path.join(args.work, "shard%d.sarif" % k)
        status, out = run(common + ["-p", everything, "--shard", "%d/2" % k, "--sarif", part] + root)
        parts.append(part)
        m = re.search(r"in (?:\d+ of )?(\d+) files \(shard %d/2 of 4\)" % k, out)
        checked.append(int(m.group(1)) if m else -1)
    check(checked == [2, 2], "--shard: 4 files split 2 + 2 (%s)" % checked)
    merged = os.path.join(args.work, "merged.sarif")
    status, out = run([sys.executable, args.runner, "--merge-sarif", merged] + parts)
    check(status == 0, "--merge-sarif: exit status 0 (got %s)" % status)
    with open(merged) as f:
        merged_run = validate_sarif(json.load(f), "--merge-sarif")
    with open(whole) as f:
        whole_run = json.load(f)["runs"][0]
    if merged_run:
        check(brief(merged_run) == brief(whole_run),
              "--merge-sarif: the shards' results are the unsharded run's")
    status, _ = run([sys.executable, args.runner, "--merge-sarif", merged, fake])
    check(status == 2, "--merge-sarif on a file that is not SARIF: exit status 2")


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

    ci_features(args, common, findings)

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
