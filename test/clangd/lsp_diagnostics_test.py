#!/usr/bin/env python3
"""End-to-end test: valuetask-clangd driven over LSP, as an editor drives it.

On a copy of project/ (compile_commands.json pointing at the real runtime
headers) it checks that
  1. didOpen publishes exactly the diagnostics written in tasks.cpp: code,
     line, message and the related notes (relatedInformation, which clangd
     sends when the client says it supports it, as VS Code does);
  2. a stock code action (a clangd tweak) is offered and completion works;
  3. didChange to tasks.cpp.fixed clears every diagnostic;
  4. without any FastCheckFilter in .clangd the valuetask checks still run
     (valuetask-clangd counts them as fast), while clangd's filter still drops
     a stock check it measured as slow, which 'FastCheckFilter: None' runs.
Every wait has a deadline: a broken server fails the test, never hangs it.

usage: lsp_diagnostics_test.py --clangd BIN --include DIR --work DIR
"""

import argparse
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp import LspClient, LspError, file_uri  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = re.compile(
    r"//\s*(?:(?P<kind>diag|note)\((?P<id>\w+)\)\s*(?P<code>[\w.-]+)?:\s*(?P<msg>.*)"
    r"|code-action\((?P<anchor>\w+)\):\s*(?P<action>.*)"
    r"|complete-after:\s*(?P<prefix>\S+))$")

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
    return condition


def clangd_text(message):
    # clangd capitalises the first letter of every message it forwards.
    return message[:1].upper() + message[1:]


def parse_expectations(text):
    """Markers -> (diagnostics by id, code actions, completion points); lines 0-based."""
    diags, actions, completions = {}, [], []
    for line_no, line in enumerate(text.splitlines()):
        m = MARKER.search(line)
        if not m:
            continue
        if m.group("kind") == "diag":
            diags.setdefault(m.group("id"), {"notes": []}).update(
                code=m.group("code"), line=line_no, message=m.group("msg"))
        elif m.group("kind") == "note":
            diags.setdefault(m.group("id"), {"notes": []})["notes"].append(
                (line_no, m.group("msg")))
        elif m.group("anchor"):
            col = line.index(m.group("anchor"))
            actions.append((line_no, col, m.group("action")))
        else:
            col = line.index(m.group("prefix")) + len(m.group("prefix"))
            completions.append((line_no, col))
    return diags, actions, completions


# A stock check clangd measured as slow: its filter must still drop it.
SLOW_STOCK_CHECK = "misc-const-correctness"


def make_project(work, include_dir, fast_check_filter):
    """fast_check_filter: True keeps project/.clangd (Loose); False writes a
    .clangd without the line (clangd's default, Strict); a string writes that
    policy. The last two also enable SLOW_STOCK_CHECK."""
    name = {True: "loose", False: "strict"}.get(fast_check_filter, str(fast_check_filter).lower())
    project = os.path.join(work, "project-" + name)
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "project"), project)
    if fast_check_filter is not True:
        with open(os.path.join(project, ".clangd"), "w") as f:
            if fast_check_filter is False:
                f.write("# no FastCheckFilter: clangd's default (Strict)\n")
            else:
                f.write("Diagnostics:\n  ClangTidy:\n    FastCheckFilter: %s\n" % fast_check_filter)
        with open(os.path.join(project, ".clang-tidy"), "w") as f:
            f.write("Checks: '-*,valuetask-*,modernize-use-nullptr,%s'\n" % SLOW_STOCK_CHECK)
    source = os.path.join(project, "tasks.cpp")
    with open(os.path.join(project, "compile_commands.json"), "w") as f:
        json.dump([{
            "directory": project,
            "file": source,
            "arguments": ["clang++", "-std=c++20", "-I", include_dir, "-c", source],
        }], f, indent=2)
    return project, source


def start_server(clangd, project, work, name):
    # A private config home: no user-level clangd config can leak in.
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "xdg-config"),
               HOME=os.path.join(work, "home"))
    env.pop("CLANGD_FLAGS", None)
    log = os.path.join(work, name + ".stderr.log")
    client = LspClient([clangd, "--background-index=false", "--log=info",
                        "--pch-storage=memory"],
                       cwd=project, env=env, stderr_path=log)
    client.request("initialize", {
        "processId": os.getpid(),
        "rootUri": file_uri(project),
        "capabilities": {
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": True,
                                       "codeDescriptionSupport": True},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                    "valueSet": ["", "quickfix", "refactor", "refactor.extract",
                                 "refactor.inline", "refactor.rewrite", "source"]}}},
                "completion": {"completionItem": {"snippetSupport": False}},
            },
        },
    }, timeout=30)
    client.notify("initialized", {})
    return client, log


def diagnostics_for(client, uri, version, timeout=90):
    params = client.wait_for_notification(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == uri and p.get("version") == version, timeout=timeout)
    return params["diagnostics"]


def describe(diag):
    notes = ["    note %d: %s" % (r["location"]["range"]["start"]["line"] + 1, r["message"])
             for r in diag.get("relatedInformation", [])]
    return "\n".join(["  line %d [%s] %s" % (diag["range"]["start"]["line"] + 1,
                                             diag.get("code"), diag["message"])] + notes)


def assert_diagnostics(diags, expected, uri):
    print("published:\n" + ("\n".join(describe(d) for d in diags) or "  (none)"))
    unmatched = list(diags)
    for ident, exp in sorted(expected.items()):
        what = "diag(%s) %s on line %d" % (ident, exp["code"], exp["line"] + 1)
        found = [d for d in unmatched
                 if d.get("code") == exp["code"] and d["range"]["start"]["line"] == exp["line"]]
        if not check(len(found) == 1, what + " published once"):
            continue
        d = found[0]
        unmatched.remove(d)
        check(d["message"] == clangd_text(exp["message"]),
              what + ": message %r" % clangd_text(exp["message"]))
        check(d.get("source") == "clang-tidy", what + ": source clang-tidy")
        related = sorted((r["location"]["range"]["start"]["line"], r["message"], r["location"]["uri"])
                         for r in d.get("relatedInformation", []))
        want = sorted((line, clangd_text(msg), uri) for line, msg in exp["notes"])
        check(related == want, what + ": notes %s" % [(l + 1, m) for l, m, _ in want])
    check(not unmatched, "no unexpected diagnostics")


def check_resource_dir(log, expected):
    """Without flags, the server must parse with its own major's builtin headers."""
    with open(log, errors="replace") as f:
        used = set(re.findall(r"-resource-dir[= ](\S+)", f.read()))
    print("resource dir in the compile commands: %s" % sorted(used))
    if expected:
        check(used == {expected}, "resource dir is %s" % expected)
    else:
        check(len(used) == 1 and all(os.path.isfile(os.path.join(d, "include", "stddef.h"))
                                     for d in used), "resource dir holds the builtin headers")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--include", required=True, help="the runtime's include directory")
    ap.add_argument("--work", required=True, help="scratch directory (recreated)")
    ap.add_argument("--resource-dir", help="the clang resource directory the server must use")
    args = ap.parse_args()
    args.clangd, args.include, args.work = (os.path.abspath(p) for p in (args.clangd, args.include, args.work))
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    with open(os.path.join(HERE, "project", "tasks.cpp")) as f:
        text = f.read()
    with open(os.path.join(HERE, "project", "tasks.cpp.fixed")) as f:
        fixed = f.read()
    expected, actions, completions = parse_expectations(text)
    if not (expected and actions and completions) or any("code" not in e for e in expected.values()):
        print("tasks.cpp: markers missing, or a note(<id>) without its diag(<id>)")
        return 2

    # 1-3: the configured project.
    project, source = make_project(args.work, args.include, fast_check_filter=True)
    uri = file_uri(source)
    client, log = start_server(args.clangd, project, args.work, "loose")
    try:
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
        print("== didOpen: diagnostics")
        published = diagnostics_for(client, uri, 1)
        assert_diagnostics(published, expected, uri)

        print("== code actions (clangd tweaks)")
        for line, col, title in actions:
            result = client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri},
                "range": {"start": {"line": line, "character": col},
                          "end": {"line": line, "character": col}},
                "context": {"diagnostics": []}}) or []
            titles = [a.get("title") for a in result]
            check(title in titles, "line %d offers %r (got %s)" % (line + 1, title, titles))

        print("== quick fixes of the valuetask checks (code actions from diagnostics)")
        fixable = [d for d in published if str(d.get("code", "")).startswith("valuetask-")
                   and d.get("message", "").endswith("(fix available)")]
        check(fixable, "a valuetask diagnostic with a fix is published")
        for diag in fixable:
            result = client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": diag["range"],
                "context": {"diagnostics": [diag]}}) or []
            quick = [a for a in result if a.get("kind") == "quickfix"]
            edits = [e.get("newText") for a in quick
                     for e in a.get("edit", {}).get("changes", {}).get(uri, [])]
            check(".preserve()" in edits, "line %d's quick fix inserts .preserve() (got %s)"
                  % (diag["range"]["start"]["line"] + 1, edits))

        print("== completion")
        for line, col in completions:
            result = client.request("textDocument/completion", {
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": col}})
            items = result.get("items", []) if isinstance(result, dict) else (result or [])
            names = {i.get("filterText") or i.get("label", "").strip() for i in items}
            check("is_completed" in names,
                  "completion at line %d offers is_completed (%d items)" % (line + 1, len(items)))

        print("== didChange to the fixed code")
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": fixed}]})
        after = diagnostics_for(client, uri, 2)
        print("published:\n" + ("\n".join(describe(d) for d in after) or "  (none)"))
        check(after == [], "no diagnostics after the fix")
    except LspError as exc:
        check(False, "LSP exchange: %s (server log: %s)" % (exc, log))
    finally:
        status = client.close()
        check(status == 0, "server shut down cleanly (status %s)" % status)
    check_resource_dir(log, args.resource_dir)

    # 4: without FastCheckFilter, valuetask-clangd still runs the valuetask
    # checks (it counts them as fast), and clangd's filter still drops a check
    # it measured as slow -- which runs once the filter is 'None'.
    for policy in (False, "None"):
        print("== FastCheckFilter: %s" % ("(not set)" if policy is False else policy))
        project, source = make_project(args.work, args.include, fast_check_filter=policy)
        uri = file_uri(source)
        client, log = start_server(args.clangd, project, args.work, "policy-%s" % policy)
        try:
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
            codes = sorted({str(d.get("code")) for d in diagnostics_for(client, uri, 1)})
            print("codes published: %s" % codes)
            check({e["code"] for e in expected.values()} <= set(codes),
                  "every expected check is published (valuetask-* count as fast)")
            if policy is False:
                check(SLOW_STOCK_CHECK not in codes,
                      "clangd's filter still drops the slow stock check %s" % SLOW_STOCK_CHECK)
            else:
                check(SLOW_STOCK_CHECK in codes,
                      "with 'None' the slow stock check %s runs (so it has findings here)"
                      % SLOW_STOCK_CHECK)
        except LspError as exc:
            check(False, "LSP exchange: %s (server log: %s)" % (exc, log))
        finally:
            client.close()

    if failures:
        print("\n%d check(s) failed; server logs in %s" % (len(failures), args.work))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
