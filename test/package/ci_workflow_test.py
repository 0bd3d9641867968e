#!/usr/bin/env python3
"""The GitHub Actions workflows of docs/ci/ hold what docs/ci.md promises.

valuetask.yml (the one docs/ci.md shows verbatim):
  - the problem matcher is registered before anything compiles, and its file
    exists and matches the runner's output (errors and warnings, check code);
  - the installed plugin is cached, keyed on valuetask's commit and the LLVM
    major, and built only on a cache miss;
  - the runner writes SARIF that the next step uploads, on failure too.
valuetask-sharded.yml:
  - a shard matrix 1..N, each job runs --shard K/N and keeps its SARIF;
  - a merge job after all shards runs --merge-sarif and uploads the result.
Every `steps.<id>` an expression names is a step of the same job.

usage: ci_workflow_test.py --source-dir DIR
"""

import argparse
import json
import os
import re
import sys

import yaml

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def load(path):
    with open(path) as f:
        data = yaml.safe_load(f)
    # YAML 1.1 reads the key 'on' as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def index_of(steps, predicate):
    return next((i for i, s in enumerate(steps) if predicate(s)), None)


def runs(step):
    return step.get("run", "") or ""


def check_step_references(name, job_name, job):
    ids = {s.get("id") for s in job["steps"] if s.get("id")}
    text = json.dumps(job)
    used = set(re.findall(r"steps\.([\w-]+)\.", text))
    check(used <= ids, "%s/%s: every steps.<id> used is defined (%s)" % (name, job_name, sorted(used - ids)))


def check_common(name, job, matrix_key):
    steps = job["steps"]
    check(all(isinstance(s, dict) and ("run" in s or "uses" in s) for s in steps),
          "%s: every step runs or uses something" % name)
    matcher = index_of(steps, lambda s: "::add-matcher::" in runs(s))
    compiles = [i for i, s in enumerate(steps) if "cmake --build" in runs(s)]
    check(matcher is not None and compiles and matcher < min(compiles),
          "%s: the problem matcher is registered before the first compile step" % name)
    cache = index_of(steps, lambda s: str(s.get("uses", "")).startswith("actions/cache@"))
    check(cache is not None, "%s: the plugin is cached (actions/cache)" % name)
    if cache is not None:
        c = steps[cache]
        key = c.get("with", {}).get("key", "")
        check(c.get("with", {}).get("path") == "/opt/valuetask", "%s: the cache holds /opt/valuetask" % name)
        check("outputs.commit" in key and matrix_key in key,
              "%s: the cache key has valuetask's commit and the LLVM major (%s)" % (name, key))
        build = index_of(steps, lambda s: "cmake --install" in runs(s))
        check(build is not None and build > cache
              and "steps.%s.outputs.cache-hit != 'true'" % c.get("id") in str(steps[build].get("if", "")),
              "%s: the plugin is built only on a cache miss" % name)
    source = index_of(steps, lambda s: s.get("with", {}).get("path") == ".valuetask")
    check(source is not None and steps[source].get("id") == "valuetask-source"
          and str(steps[source].get("uses", "")).startswith("actions/checkout@"),
          "%s: valuetask is checked out with an id (its commit keys the cache)" % name)
    return steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    args = ap.parse_args()
    ci = os.path.join(args.source_dir, "docs", "ci")

    # The problem matcher, on what the runner and clang-tidy print.
    with open(os.path.join(ci, "valuetask-clang-tidy.json")) as f:
        matcher = json.load(f)["problemMatcher"][0]
    pattern = matcher["pattern"][0]
    regexp = re.compile(pattern["regexp"])
    line = ("src/prices.cpp:10:35: error: task 'price' is awaited more than once; await it once, "
            "or call preserve() to share its result [valuetask-double-await,-warnings-as-errors]")
    m = regexp.match(line)
    check(m is not None and m.group(pattern["file"]) == "src/prices.cpp"
          and m.group(pattern["line"]) == "10" and m.group(pattern["column"]) == "35"
          and m.group(pattern["severity"]) == "error"
          and m.group(pattern["code"]) == "valuetask-double-await",
          "problem matcher: file, line, column, severity and check of an error")
    m = regexp.match("src/a.cpp:3:4: warning: task is stored in member 'm' [valuetask-stored-task]")
    check(m is not None and m.group(pattern["severity"]) == "warning", "problem matcher: a warning")
    check(regexp.match("src/a.cpp:9:34: note: 'price' was awaited here") is None,
          "problem matcher: notes are not annotations of their own")

    # The plain workflow.
    path = os.path.join(ci, "valuetask.yml")
    flow = load(path)
    check("push" in flow["on"] and "pull_request" in flow["on"], "valuetask.yml: on push and pull_request")
    check(flow.get("permissions", {}).get("security-events") == "write",
          "valuetask.yml: may upload to code scanning")
    job_name, job = next(iter(flow["jobs"].items()))
    check(job["strategy"]["matrix"]["llvm"] == ["19", "22"], "valuetask.yml: LLVM 19 and 22")
    steps = check_common("valuetask.yml", job, "matrix.llvm")
    check_step_references("valuetask.yml", job_name, job)
    matcher_step = steps[index_of(steps, lambda s: "::add-matcher::" in runs(s))]
    referenced = re.search(r"::add-matcher::\.valuetask/(\S+?)\"?$", runs(matcher_step).strip())
    check(referenced is not None and os.path.isfile(os.path.join(args.source_dir, referenced.group(1))),
          "valuetask.yml: the matcher file it names is in valuetask's tree")
    run_checks = index_of(steps, lambda s: "valuetask-run-checks" in runs(s))
    upload = index_of(steps, lambda s: str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    check(run_checks is not None and "--sarif valuetask-llvm$LLVM.sarif" in runs(steps[run_checks])
          and "--root \"$GITHUB_WORKSPACE\"" in runs(steps[run_checks]),
          "valuetask.yml: the runner writes SARIF relative to the workspace")
    check(upload is not None and upload > (run_checks or 0)
          and steps[upload]["with"]["sarif_file"] == "valuetask-llvm${{ matrix.llvm }}.sarif"
          and "always()" in str(steps[upload].get("if", "")),
          "valuetask.yml: the SARIF is uploaded, also when the checks fail")

    # docs/ci.md shows that file verbatim.
    with open(os.path.join(args.source_dir, "docs", "ci.md")) as f:
        doc = f.read()
    with open(path) as f:
        text = f.read()
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    check(text in blocks, "docs/ci.md shows docs/ci/valuetask.yml verbatim")
    check("docs/ci/valuetask-sharded.yml" in doc, "docs/ci.md points at the sharded workflow")

    # The sharded workflow.
    flow = load(os.path.join(ci, "valuetask-sharded.yml"))
    shards = int(flow["env"]["SHARDS"])
    job = flow["jobs"]["check-shard"]
    check(job["strategy"]["matrix"]["shard"] == list(range(1, shards + 1)),
          "valuetask-sharded.yml: the matrix is shards 1..%d" % shards)
    steps = check_common("valuetask-sharded.yml", job, "env.LLVM")
    check_step_references("valuetask-sharded.yml", "check-shard", job)
    shard_step = index_of(steps, lambda s: "--shard ${{ matrix.shard }}/$SHARDS" in runs(s))
    check(shard_step is not None and "--sarif shard-${{ matrix.shard }}.sarif" in runs(steps[shard_step]),
          "valuetask-sharded.yml: each job checks its shard into its own SARIF")
    keep = index_of(steps, lambda s: str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    check(keep is not None and steps[keep]["with"]["path"] == "shard-${{ matrix.shard }}.sarif"
          and "always()" in str(steps[keep].get("if", "")),
          "valuetask-sharded.yml: each shard keeps its SARIF, also with findings")
    merge = flow["jobs"]["merge"]
    check(merge.get("needs") == "check-shard" and "always()" in str(merge.get("if", "")),
          "valuetask-sharded.yml: the merge job runs after every shard")
    msteps = merge["steps"]
    merged = index_of(msteps, lambda s: "--merge-sarif valuetask.sarif shards/*.sarif" in runs(s))
    fetch = index_of(msteps, lambda s: str(s.get("uses", "")).startswith("actions/download-artifact@"))
    up = index_of(msteps, lambda s: str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    check(None not in (merged, fetch, up) and fetch < merged < up
          and msteps[up]["with"]["sarif_file"] == "valuetask.sarif",
          "valuetask-sharded.yml: download, merge, upload, in that order")

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
