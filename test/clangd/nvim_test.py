#!/usr/bin/env python3
"""End-to-end test through a real editor: headless Neovim's built-in LSP client.

Neovim (Debian's neovim 0.7) runs the Neovim 0.7 snippet of docs/editors.md
as its init.lua (the path to valuetask-clangd swapped in) and opens
project/tasks.cpp; the snippet must attach valuetask-clangd with the project
root, and the diagnostics Neovim holds (nvim_client.lua) must be exactly the
ones written in tasks.cpp (check, line, message, related notes); then the
buffer is edited into tasks.cpp.fixed and they must all go away.

usage: nvim_test.py --nvim NVIM --clangd BIN --include DIR --work DIR
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_diagnostics_test import HERE, clangd_text, make_project, parse_expectations  # noqa: E402

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


SNIPPET_MARKER = "<!-- nvim-0.7-snippet:"
DOC_PATH = "/usr/local/bin/valuetask-clangd"


def doc_snippet(docs):
    """The ```lua block after the marker in docs/editors.md."""
    with open(docs) as f:
        text = f.read()
    at = text.find(SNIPPET_MARKER)
    m = re.compile(r"```lua\n(.*?)```", re.S).search(text, at) if at >= 0 else None
    if not m:
        sys.exit("%s: no ```lua block after %r" % (docs, SNIPPET_MARKER))
    return m.group(1)


def main():
    ap = argparse.ArgumentParser()
    for name in ["--nvim", "--clangd", "--include", "--work"]:
        ap.add_argument(name, required=True)
    args = ap.parse_args()
    args.clangd, args.include, args.work = (os.path.abspath(p) for p in (args.clangd, args.include, args.work))
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    with open(os.path.join(HERE, "project", "tasks.cpp")) as f:
        expected, _, _ = parse_expectations(f.read())
    project, source = make_project(args.work, args.include, fast_check_filter=True)
    snippet = doc_snippet(os.path.join(HERE, "..", "..", "docs", "editors.md"))
    check(DOC_PATH in snippet, "the snippet names %s" % DOC_PATH)
    init = os.path.join(args.work, "init.lua")
    with open(init, "w") as f:
        f.write(snippet.replace(DOC_PATH, args.clangd))
    out = os.path.join(args.work, "nvim-result.json")
    env = dict(os.environ,
               VT_CLANGD=args.clangd, VT_FILE=source, VT_OUT=out,
               VT_FIXED=os.path.join(HERE, "project", "tasks.cpp.fixed"),
               VT_EXPECTED=str(len(expected)),
               XDG_CONFIG_HOME=os.path.join(args.work, "xdg-config"),
               XDG_DATA_HOME=os.path.join(args.work, "xdg-data"),
               XDG_STATE_HOME=os.path.join(args.work, "xdg-state"),
               XDG_CACHE_HOME=os.path.join(args.work, "xdg-cache"),
               HOME=os.path.join(args.work, "home"))
    env.pop("CLANGD_FLAGS", None)
    argv = [args.nvim, "--headless", "-u", init, "-i", "NONE", "-n",
            "-c", "luafile " + os.path.join(HERE, "nvim_client.lua")]
    print("$ " + " ".join(argv), flush=True)
    try:
        proc = subprocess.run(argv, cwd=project, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=240)
        check(proc.returncode == 0, "nvim exited with status 0 (got %s)" % proc.returncode)
    except subprocess.TimeoutExpired:
        check(False, "nvim finished within 240 s")
    if not check(os.path.isfile(out), "nvim wrote its result"):
        return 1
    with open(out) as f:
        result = json.load(f)
    check(not result.get("error"), "no error in the Lua client (%s)" % result.get("error"))
    client = result.get("client") or {}
    check(client.get("name") == "valuetask-clangd" and (client.get("cmd") or [None])[0] == args.clangd,
          "the snippet attached valuetask-clangd (%s)" % client)
    check(os.path.realpath(client.get("root_dir") or "") == os.path.realpath(project),
          "the snippet found the project root (%s)" % client.get("root_dir"))
    if result.get("error"):
        return 1

    opened = result["opened"] or []
    for d in opened:
        print("  line %d [%s] %s" % (d["lnum"] + 1, d.get("code"), d["message"]))
        for r in d.get("related") or []:
            print("    note %d: %s" % (r["location"]["range"]["start"]["line"] + 1, r["message"]))
    unmatched = list(opened)
    for ident, exp in sorted(expected.items()):
        what = "diag(%s) %s on line %d" % (ident, exp["code"], exp["line"] + 1)
        found = [d for d in unmatched if d.get("code") == exp["code"] and d["lnum"] == exp["line"]]
        if not check(len(found) == 1, what + " shown once"):
            continue
        d = found[0]
        unmatched.remove(d)
        check(d["message"] == clangd_text(exp["message"]), what + ": message")
        related = sorted((r["location"]["range"]["start"]["line"], r["message"])
                         for r in (d.get("related") or []))
        check(related == sorted((l, clangd_text(m)) for l, m in exp["notes"]), what + ": notes")
    check(not unmatched, "no unexpected diagnostics")
    check(result.get("fixed") == [], "no diagnostics after editing in the fix")

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
