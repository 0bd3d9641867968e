#!/usr/bin/env python3
"""The installed package, used the way a consumer uses it.

  1. cmake --install the build tree into a fresh prefix;
  2. configure examples/consumer against that prefix (find_package(valuetask))
     and build it: valuetask_enable_checks() runs clang-tidy with the installed
     plugin on each source, and the clean sources pass; the program runs;
  3. configure it again with CONSUMER_INJECT_DOUBLE_AWAIT=ON (same build
     directory: only the added source compiles): the build must fail, on the
     double await, with the check's message;
  4. the installed valuetask-clangd passes the LSP test (test/clangd) as is;
  5. the installed valuetask-run-checks, given only the build directory,
     finds the double await;
  6. WARNINGS_AS_ERRORS "" reports the double await without failing;
  7. a .clang-tidy that turns the check off is honoured.

usage: package_test.py --cmake CMAKE --build-dir DIR --source-dir DIR --work DIR
                       [--generator G] [--cxx-compiler CXX]
"""

import argparse
import os
import shutil
import subprocess
import sys

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def run(argv, timeout=600):
    print("$ " + " ".join(argv), flush=True)
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)
    return proc.returncode, proc.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--build-dir", required=True, help="the valuetask build tree to install")
    ap.add_argument("--source-dir", required=True, help="the valuetask source tree")
    ap.add_argument("--work", required=True, help="scratch directory (recreated)")
    ap.add_argument("--generator", default="Ninja")
    ap.add_argument("--cxx-compiler")
    ap.add_argument("--expect-llvm-major", required=True)
    args = ap.parse_args()
    args.build_dir, args.source_dir, args.work = (
        os.path.abspath(p) for p in (args.build_dir, args.source_dir, args.work))

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    prefix = os.path.join(args.work, "prefix")
    consumer = os.path.join(args.source_dir, "examples", "consumer")

    status, out = run([args.cmake, "--install", args.build_dir, "--prefix", prefix])
    if not check(status == 0, "cmake --install into %s" % prefix):
        print(out)
        return 1
    for rel in ["include/valuetask/value_task.hpp",
                "lib/valuetask/valuetask-tidy.so",
                "lib/cmake/valuetask/valuetaskConfig.cmake",
                "lib/cmake/valuetask/valuetaskConfigVersion.cmake",
                "lib/cmake/valuetask/valuetaskTargets.cmake",
                "lib/cmake/valuetask/valuetaskChecks.cmake",
                "lib/valuetask/valuetask_diagnostics.py",
                "share/doc/valuetask/checks/double-await.md"]:
        check(os.path.isfile(os.path.join(prefix, rel)), "installed " + rel)

    # One build directory: the broken variant only adds a source, so only that
    # source is compiled (and checked) again.
    build = os.path.join(args.work, "consumer")

    def configure_and_build(name, extra):
        argv = [args.cmake, "-S", consumer, "-B", build, "-G", args.generator,
                "-DCMAKE_PREFIX_PATH=" + prefix] + extra
        if args.cxx_compiler:
            argv.append("-DCMAKE_CXX_COMPILER=" + args.cxx_compiler)
        status, out = run(argv)
        if not check(status == 0, "%s: configure against the installed package" % name):
            print(out)
            return None, None
        cache = open(os.path.join(build, "CMakeCache.txt")).read()
        tidy = [l for l in cache.splitlines() if l.startswith("VALUETASK_CLANG_TIDY:")]
        print("   " + (tidy[0] if tidy else "VALUETASK_CLANG_TIDY not in the cache"))
        check(bool(tidy) and ("clang-tidy-%s" % args.expect_llvm_major in tidy[0]
                              or "llvm-%s/" % args.expect_llvm_major in tidy[0]),
              "%s: picked clang-tidy of LLVM %s" % (name, args.expect_llvm_major))
        status, out = run([args.cmake, "--build", build, "-j", "2"])
        return status, out

    # 2. clean sources: builds, and clang-tidy really ran on them.
    status, out = configure_and_build("clean", ["-DCONSUMER_INJECT_DOUBLE_AWAIT=OFF",
                                                "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"])
    if status is not None:
        if not check(status == 0, "clean: builds with the checks on"):
            print(out)
        # The compile rule must run clang-tidy with the installed plugin.
        rules = ""
        for where, _, names in os.walk(build):
            for name in names:
                if name.endswith(".ninja") or name.endswith(".make") or name == "Makefile":
                    with open(os.path.join(where, name), errors="replace") as f:
                        rules += f.read()
        check("--load=" + os.path.join(prefix, "lib/valuetask/valuetask-tidy.so") in rules,
              "clean: compile commands run clang-tidy with the installed plugin")
        if status == 0:
            status, out = run([os.path.join(build, "consumer")], timeout=60)
            check(status == 0 and "total: 30" in out, "clean: the program runs (%r)" % out.strip())

    # The installed valuetask-clangd works from the prefix, without flags
    # (resource directory included): the editor test, on the installed files.
    clangd = os.path.join(prefix, "bin", "valuetask-clangd")
    if os.path.exists(clangd):
        lsp_test = os.path.join(args.source_dir, "test", "clangd", "lsp_diagnostics_test.py")
        status, out = run([sys.executable, lsp_test, "--clangd", clangd,
                           "--include", os.path.join(prefix, "include"),
                           "--work", os.path.join(args.work, "installed-clangd")])
        if not check(status == 0, "installed valuetask-clangd passes the LSP test"):
            print(out)

    # 3. a double await breaks the build, with the check's own words.
    status, out = configure_and_build("broken", ["-DCONSUMER_INJECT_DOUBLE_AWAIT=ON"])
    if status is not None:
        print(out)
        check(status != 0, "broken: the build fails")
        check("double_await.cpp:10:35: error: task 'price' is awaited more than once; "
              "await it once, or call preserve() to share its result "
              "[valuetask-double-await,-warnings-as-errors]" in out,
              "broken: error at double_await.cpp:10:35 with the double-await message")
        check("double_await.cpp:9:34: note: 'price' was awaited here" in out,
              "broken: note at the first await (9:34)")
        check("prices.cpp" not in out and "main.cpp" not in out,
              "broken: only the injected source was rebuilt")

    # 5. the installed CI runner finds its plugin and clang-tidy by itself.
    runner = os.path.join(prefix, "bin", "valuetask-run-checks")
    if check(os.path.isfile(runner), "installed bin/valuetask-run-checks"):
        status, out = run([runner, "-p", build, "-j", "2"])
        print(out)
        check(status == 1, "valuetask-run-checks: exit status 1 on the broken build (got %s)" % status)
        check(out.strip().endswith("run-checks: 1 finding in 1 of 3 files: valuetask-double-await 1"),
              "valuetask-run-checks: summary counts the double await")

    # 6. WARNINGS_AS_ERRORS "": the finding is reported, the build succeeds.
    status, out = configure_and_build("report-only", ["-DCONSUMER_INJECT_DOUBLE_AWAIT=ON",
                                                      "-DCONSUMER_REPORT_ONLY=ON"])
    if status is not None:
        check(status == 0, "report-only: WARNINGS_AS_ERRORS \"\" builds despite the finding")
        check("double_await.cpp:10:35: warning: task 'price' is awaited more than once" in out,
              "report-only: the finding is printed as a warning")

    # 7. A .clang-tidy in the consumer's src/ turns the check off: no finding.
    lenient = os.path.join(args.work, "consumer-lenient-src")
    shutil.copytree(consumer, lenient)
    with open(os.path.join(lenient, "src", ".clang-tidy"), "w") as f:
        f.write("Checks: '-valuetask-double-await'\n")
    consumer = lenient
    build = os.path.join(args.work, "consumer-lenient")
    status, out = configure_and_build("lenient", ["-DCONSUMER_INJECT_DOUBLE_AWAIT=ON"])
    if status is not None:
        check(status == 0 and "double_await.cpp" not in out.replace("double_await.cpp.o", ""),
              "lenient: the project's .clang-tidy turns valuetask-double-await off")
        if status != 0:
            print(out)

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
