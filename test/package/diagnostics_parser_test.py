#!/usr/bin/env python3
"""scripts/valuetask_diagnostics.py, the one parser of clang-tidy and clang
output the runner, the lit driver and the fuzz tools share: printed shapes
from clang-tidy, clang and a compiler plugin, and a real clang++ run.

usage: diagnostics_parser_test.py [--clang CLANG++]
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import valuetask_diagnostics as vd  # noqa: E402

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


TIDY = """\
/src/a.cpp:11:30: error: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await,-warnings-as-errors]
   11 |   int b = co_await std::move(t);
      |                              ^
/src/a.cpp:10:30: note: 't' was awaited here
   10 |   int a = co_await std::move(t);
      |                              ^
In file included from /src/b.cpp:2:
/src/b.hpp:3:5: warning: use nullptr [modernize-use-nullptr]
2 warnings generated.
Suppressed 4 warnings (4 in non-user code).
"""

CLANG = """\
src/c.cpp:7:7: warning: unused variable 'y' [-Wunused-variable]
src/c.cpp:8:3: error: unknown type name 'x'
src/c.cpp:9:9: error: task 'u' is awaited more than once [valuetask-double-await]
src/c.cpp:4:2: warning: 'f<int>' is deprecated [with T = int]
src/d.cpp:5:1: error: unused function 'g' [-Werror,-Wunused-function]
C:\\work\\e.cpp:3:4: warning: task 'w' is stored in member 'm' [valuetask-stored-task]
src/f.cpp:6: warning: no column here [valuetask-stored-task]
fatal error: 'missing.h' file not found
src/g.cpp:1:10: fatal error: 'other.h' file not found
error: unable to load plugin 'x.so'
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clang", help="a clang++ to check real output with")
    args = ap.parse_args()

    found = vd.parse(TIDY)
    check(len(found) == 2, "clang-tidy: two findings (%s)" % found)
    first = found[0]
    check((first.file, first.line, first.col, first.severity, first.check, first.as_error)
          == ("/src/a.cpp", 11, 30, "error", "valuetask-double-await", True),
          "clang-tidy: place, severity, check, as an error")
    check(first.message.endswith("share its result") and first.full_message.endswith(
        "[valuetask-double-await,-warnings-as-errors]"), "clang-tidy: message without and with names")
    check([(n.line, n.message) for n in first.notes] == [(10, "'t' was awaited here")],
          "clang-tidy: the note belongs to its warning")
    check(len(first.lines) == 6, "clang-tidy: the finding keeps its source excerpt and note lines")
    check(found[1].lines[0] == "In file included from /src/b.cpp:2:" and found[1].check
          == "modernize-use-nullptr", "clang-tidy: 'In file included from' goes with the next finding")
    check(len(vd.parse_lines(TIDY)) == 3, "parse_lines: every diagnostic line, notes included")
    check(vd.is_noise("2 warnings generated.") and vd.is_noise("Suppressed 4 warnings (4 in non-user code).")
          and not vd.is_noise("/src/a.cpp:1:1: warning: x"), "summary lines are noise")

    lines = vd.parse_lines(CLANG)
    by_line = {d.lines[0]: d for d in lines}
    check(len(lines) == 10, "clang: ten diagnostics (%d)" % len(lines))
    check(lines[0].check == "clang-diagnostic-unused-variable" and not lines[0].as_error,
          "clang: -Wunused-variable is clang-diagnostic-unused-variable")
    check(lines[1].check is None and lines[1].severity == "error", "clang: an error without a name")
    check(lines[2].check == "valuetask-double-await" and lines[2].severity == "error",
          "clang: a compiler plugin's diagnostic with its check name")
    check(lines[3].names == [] and lines[3].message.endswith("[with T = int]"),
          "clang: '[with T = int]' is part of the message")
    check(lines[4].check == "clang-diagnostic-unused-function" and lines[4].as_error,
          "clang: -Werror,-Wunused-function")
    check(lines[5].file == "C:\\work\\e.cpp" and lines[5].line == 3 and lines[5].col == 4,
          "a Windows path with a drive letter")
    check(lines[6].line == 6 and lines[6].col is None, "a diagnostic without a column")
    check(lines[7].file is None and lines[7].severity == "fatal error", "a fatal error without a place")
    check(lines[8].file == "src/g.cpp" and lines[8].severity == "fatal error", "a fatal error with a place")
    check(lines[9].file is None and lines[9].message.startswith("unable to load plugin"),
          "an error without a place")
    check(vd.parse_line("   11 |   int b = co_await std::move(t);") is None
          and vd.parse_line("") is None and len(by_line) == 10, "source excerpts are not diagnostics")

    if args.clang:
        with tempfile.TemporaryDirectory() as work:
            src = os.path.join(work, "real.cpp")
            with open(src, "w") as f:
                f.write("void f() {\n  int unused = 1;\n}\nint main() { return undeclared; }\n")
            proc = subprocess.run([args.clang, "-fsyntax-only", "-Wall", src],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            real = vd.parse(proc.stdout)
            check([(d.line, d.col, d.severity, d.check) for d in real]
                  == [(2, 7, "warning", "clang-diagnostic-unused-variable"),
                      (4, 21, "error", None)] and real[0].realpath() == os.path.realpath(src),
                  "real clang++ output (%s)" % real)

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
