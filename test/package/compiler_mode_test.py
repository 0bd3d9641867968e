#!/usr/bin/env python3
"""valuetask_enable_checks(MODE compiler), from the installed package.

  1. cmake --install the build tree into a fresh prefix (the compiler plugin
     and VALUETASK_CLANG_PLUGIN must be there);
  2. examples/consumer with -DCONSUMER_CHECKS_MODE=compiler, compiled by
     clang++ of the plugin's major: the clean sources build (the plugin is on
     their command lines, no clang-tidy is run) and the program runs;
  3. the same build directory with CONSUMER_INJECT_DOUBLE_AWAIT=ON: the build
     fails on the double await with the check's message and its note;
  4. back to the clean sources: it builds again;
  5. g++ and clang++ of another major are refused at configure time, with a
     message that names the compiler and the way out.

usage: compiler_mode_test.py --cmake CMAKE --build-dir DIR --source-dir DIR --work DIR
                             --clang CLANGXX --llvm-major N [--gxx G++] [--other-clang CLANGXX]
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
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--generator", default="Ninja")
    ap.add_argument("--clang", required=True, help="clang++ of the plugin's major")
    ap.add_argument("--llvm-major", required=True)
    ap.add_argument("--gxx", help="a g++, to be refused")
    ap.add_argument("--other-clang", help="clang++ of another major, to be refused")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prefix = os.path.join(work, "prefix")
    consumer = os.path.join(os.path.abspath(args.source_dir), "examples", "consumer")

    status, out = run([args.cmake, "--install", args.build_dir, "--prefix", prefix])
    if not check(status == 0, "cmake --install into %s" % prefix):
        print(out)
        return 1
    plugin = os.path.join(prefix, "lib", "valuetask", "valuetask-clang-plugin.so")
    check(os.path.isfile(plugin), "installed lib/valuetask/valuetask-clang-plugin.so")
    config = open(os.path.join(prefix, "lib", "cmake", "valuetask", "valuetaskConfig.cmake")).read()
    check("VALUETASK_CLANG_PLUGIN" in config, "the package sets VALUETASK_CLANG_PLUGIN")

    def configure(build, compiler, extra):
        return run([args.cmake, "-S", consumer, "-B", build, "-G", args.generator,
                    "-DCMAKE_PREFIX_PATH=" + prefix, "-DCMAKE_CXX_COMPILER=" + compiler,
                    "-DCONSUMER_CHECKS_MODE=compiler"] + extra)

    build = os.path.join(work, "consumer")
    status, out = configure(build, args.clang, ["-DCONSUMER_INJECT_DOUBLE_AWAIT=OFF"])
    if check(status == 0, "clean: configures with MODE compiler and clang++-%s" % args.llvm_major):
        status, out = run([args.cmake, "--build", build, "-j", "2", "--verbose"])
        check(status == 0, "clean: builds with the compiler plugin")
        check("-fplugin=" + plugin in out, "clean: the compile commands load the installed plugin")
        check("-fplugin-arg-valuetask-werror" in out, "clean: findings are errors by default")
        check("clang-tidy" not in out, "clean: no clang-tidy is run")
        if status == 0:
            status, out = run([os.path.join(build, "consumer")], timeout=60)
            check(status == 0 and "total: 30" in out, "clean: the program runs (%r)" % out.strip())
    else:
        print(out)

    status, out = configure(build, args.clang, ["-DCONSUMER_INJECT_DOUBLE_AWAIT=ON"])
    if check(status == 0, "broken: configures"):
        status, out = run([args.cmake, "--build", build, "-j", "2"])
        print(out)
        check(status != 0, "broken: the build fails")
        check("double_await.cpp:10:35: error: task 'price' is awaited more than once; "
              "await it once, or call preserve() to share its result [valuetask-double-await]" in out,
              "broken: error at double_await.cpp:10:35 with the double-await message")
        check("double_await.cpp:9:34: note: 'price' was awaited here" in out,
              "broken: note at the first await (9:34)")
        check("prices.cpp" not in out and "main.cpp" not in out,
              "broken: only the injected source was compiled again")

    status, out = configure(build, args.clang, ["-DCONSUMER_INJECT_DOUBLE_AWAIT=OFF"])
    if check(status == 0, "fixed: configures"):
        status, out = run([args.cmake, "--build", build, "-j", "2"])
        check(status == 0, "fixed: builds again once the double await is gone")

    refusals = []
    if args.gxx:
        refusals.append((args.gxx, ["which cannot load clang plugins",
                                    "-DCMAKE_CXX_COMPILER=clang++-%s" % args.llvm_major,
                                    "MODE clang-tidy"]))
    if args.other_clang:
        refusals.append((args.other_clang, ["built for LLVM %s" % args.llvm_major,
                                            "-DCMAKE_CXX_COMPILER=clang++-%s" % args.llvm_major]))
    for compiler, words in refusals:
        name = os.path.basename(compiler)
        status, out = configure(os.path.join(work, "refused-" + name), compiler, [])
        flat = " ".join(out.split())
        check(status != 0, "%s: configure stops" % name)
        for w in words:
            check(w in flat, "%s: the message says %r" % (name, w))

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
