#!/usr/bin/env python3
"""Runs the valuetask checks and holds them to exact expectations.

Two front ends, one set of expectations: clang-tidy with valuetask-tidy.so
(`--clang-tidy`, `--plugin`), or clang++ -fsyntax-only with
valuetask-clang-plugin.so (`--clang`, `--compiler-plugin`), to which the
same options are translated (`--checks`, `--header-filter`, the CheckOptions
of `--config`) as plugin arguments.

Every `warning:`, `note:` and `error:` printed must be matched by an
expectation, and every expectation by a diagnostic; anything else fails.
Through clang++, a warning that is not a valuetask finding (no
`[valuetask-...]` at its end) is clang's own and is left out with its notes,
as clang-tidy's `-*` leaves them out; a valuetask finding must carry its
check's name.

Expectations sit in the input, next to the line they belong to:

    co_await std::move(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: task 't' is awaited more ...

`[[@LINE]]`, `[[@LINE-N]]`, `[[@LINE+N]]` or a plain number give the line,
then the column, the severity and the full message (the trailing
`[check-name]` may be left out). `--prefix P` reads `// P:` lines instead,
so one input can carry expectations for several configurations. An
`--expectations FILE` holds `file:line:col: severity: message` lines for
inputs that must not carry annotations (the shipped example).

An INPUT with `*` is a glob that must match at least one file (after
`--exclude`), so a suite over project sources cannot pass on nothing.

Usage: check_valuetask_tidy.py [options] INPUT... [-- compiler args]
"""
import argparse
import glob
import collections
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import valuetask_diagnostics  # noqa: E402


def annotation_pattern(prefix):
    return re.compile(r"//\s*" + re.escape(prefix) +
                      r":\s*:(?P<line>\[\[@LINE(?P<off>[+-]\d+)?\]\]|\d+):"
                      r"(?P<col>\d+): (?P<sev>warning|note|error): (?P<msg>.*?)\s*$")


def expectations_in(path, prefix):
    pattern = annotation_pattern(prefix)
    found = []
    with open(path, encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            m = pattern.search(text)
            if not m:
                continue
            if m.group("line").isdigit():
                line = int(m.group("line"))
            else:
                line = number + int(m.group("off") or 0)
            found.append((os.path.realpath(path), line, int(m.group("col")),
                          m.group("sev"), m.group("msg")))
    return found


def expectations_from_file(path, inputs):
    by_name = {os.path.basename(i): os.path.realpath(i) for i in inputs}
    found = []
    with open(path, encoding="utf-8") as f:
        for text in f:
            text = text.rstrip("\n")
            if not text or text.startswith("#"):
                continue
            d = valuetask_diagnostics.parse_line(text)
            if not d or d.file not in by_name or d.col is None:
                sys.exit(f"{path}: cannot read expectation '{text}'")
            found.append((by_name[d.file], d.line, d.col, d.severity, d.full_message))
    return found


def same_message(expected, printed):
    """The expectation may leave out the trailing [check-name]; clang prints
    its own errors without clang-tidy's [clang-diagnostic-*]."""
    if expected in (printed.full_message, printed.message):
        return True
    return (printed.check is None and expected.endswith("]")
            and "[clang-diagnostic-" in expected
            and expected[:expected.rindex(" [clang-diagnostic-")] == printed.message)


def config_check_options(config):
    """The CheckOptions of a --config="{CheckOptions: {key: 'value', ...}}"."""
    m = re.fullmatch(r"\s*\{\s*CheckOptions\s*:\s*\{(?P<body>.*)\}\s*\}\s*", config, re.S)
    if not m:
        sys.exit(f"error: --config '{config}' is not {{CheckOptions: {{...}}}}, "
                 "the only form the compiler plugin can be given")
    entry = re.compile(r"\s*(?P<key>[\w.-]+)\s*:\s*(?:'(?P<q>(?:[^']|'')*)'|\"(?P<dq>[^\"]*)\"|(?P<plain>[^,}]*?))\s*(?:,|$)")
    body, pos, options = m.group("body"), 0, []
    while pos < len(body) and body[pos:].strip():
        e = entry.match(body, pos)
        if not e:
            sys.exit(f"error: cannot read CheckOptions entry at '{body[pos:]}'")
        value = e.group("q")
        value = value.replace("''", "'") if value is not None else (
            e.group("dq") if e.group("dq") is not None else e.group("plain"))
        options.append((e.group("key"), value))
        pos = e.end()
    return options


def compiler_command(args):
    """clang++ -fsyntax-only with the compiler plugin, given the options
    clang-tidy would have been given."""
    arg = "-fplugin-arg-valuetask-"
    command = [args.clang, "-fsyntax-only", f"-fplugin={args.compiler_plugin}",
               f"{arg}checks={args.checks}", f"{arg}header-filter={args.header_filter}"]
    if args.config:
        for key, value in config_check_options(args.config):
            command.append(f"{arg}{key}={value}")
    return command


def main():
    argv = sys.argv[1:]
    compiler_args = []
    if "--" in argv:
        at = argv.index("--")
        argv, compiler_args = argv[:at], argv[at + 1:]
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+")
    p.add_argument("--clang-tidy", help="clang-tidy-N, with --plugin")
    p.add_argument("--plugin", help="valuetask-tidy.so")
    p.add_argument("--clang", help="clang++-N, with --compiler-plugin")
    p.add_argument("--compiler-plugin", help="valuetask-clang-plugin.so")
    p.add_argument("--checks", default="-*,valuetask-*")
    p.add_argument("--config", help="passed as --config")
    p.add_argument("--header-filter", default="^$",
                   help="pinned, since clang-tidy 22's default is '.*'")
    p.add_argument("--std", default="c++20")
    p.add_argument("--prefix", default="CHECK-MESSAGES")
    p.add_argument("--expectations", help="a file of expected diagnostics")
    p.add_argument("--exclude", action="append", default=[],
                   help="leave out inputs whose path contains this text")
    p.add_argument("--expect-clang-tidy-error", action="store_true",
                   help="the input does not compile; the tool exits non-zero")
    args = p.parse_args(argv)
    compiler = bool(args.clang)
    if compiler != bool(args.compiler_plugin) or bool(args.clang_tidy) != bool(args.plugin) \
            or compiler == bool(args.clang_tidy):
        p.error("give either --clang-tidy and --plugin, or --clang and --compiler-plugin")

    # An input with '*' is a glob over project files that other people
    # write: it must match something, or the test would pass on nothing.
    inputs = []
    for pattern in args.inputs:
        matches = sorted(glob.glob(pattern)) if "*" in pattern else [pattern]
        matches = [m for m in matches if not any(x in m for x in args.exclude)]
        if not matches:
            sys.exit(f"error: no input file matches '{pattern}'")
        inputs += matches
    args.inputs = inputs

    expected = []
    if args.expectations:
        expected = expectations_from_file(args.expectations, args.inputs)
    else:
        for path in args.inputs:
            expected += expectations_in(path, args.prefix)

    if compiler:
        command = compiler_command(args) + [f"-std={args.std}"] + compiler_args + args.inputs
    else:
        command = [args.clang_tidy, f"--load={args.plugin}", f"--checks={args.checks}",
                   f"--header-filter={args.header_filter}", "--quiet"]
        if args.config:
            command.append(f"--config={args.config}")
        command += args.inputs + ["--", f"-std={args.std}"] + compiler_args
    tool = os.path.basename(command[0])
    run = subprocess.run(command, capture_output=True, text=True)
    output = run.stdout + run.stderr

    printed = []
    skipping_notes = False  # of a clang warning that is not a valuetask finding
    for d in valuetask_diagnostics.parse_lines(output):
        if d.file is None:
            continue
        if compiler and d.severity == "warning":
            skipping_notes = not (d.check or "").startswith("valuetask-")
        elif d.severity != "note":
            skipping_notes = False
        if compiler and skipping_notes:
            continue
        printed.append((d.realpath(), d.line, d.col, d.severity, d))

    unmatched = list(expected)
    unexpected = []
    for diag in printed:
        match = next((e for e in unmatched if e[:4] == diag[:4]
                      and same_message(e[4], diag[4])), None)
        if match:
            unmatched.remove(match)
        else:
            unexpected.append(diag)

    failed = False
    crashed = run.returncode < 0 or "Stack dump" in output or "PLEASE submit" in output
    if crashed:
        print(f"{tool} crashed (exit {run.returncode})")
        failed = True
    elif (run.returncode != 0) != args.expect_clang_tidy_error:
        print(f"{tool} exited with {run.returncode}"
              + (" but errors were expected" if args.expect_clang_tidy_error else ""))
        failed = True
    for f, line, col, sev, d in unexpected:
        print(f"unexpected diagnostic: {f}:{line}:{col}: {sev}: {d.full_message}")
        failed = True
    for f, line, col, sev, msg in unmatched:
        print(f"expected diagnostic not printed: {f}:{line}:{col}: {sev}: {msg}")
        failed = True
    if failed:
        print("command: " + " ".join(command))
        print(f"---- {tool} output ----")
        print(output)
        return 1
    print(f"ok: {len(printed)} diagnostics, all expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
