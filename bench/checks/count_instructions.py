#!/usr/bin/env python3
"""Counts the instructions the valuetask checks execute on the generated
functions of 1,000 and 10,000 tasks, under callgrind: a figure of the work
that, unlike a time, does not change with the machine's load.

  count_instructions.py --include runtime/include \\
      --tidy 19=/path/valuetask-tidy.so [--tidy 22=...] [--jobs 2] --out instructions.json

Each run is `clang-tidy-N --checks=-*,valuetask-*` on one input, counting
only inside the checks' match callbacks
(`--toggle-collect='valuetask::TaskCheck::check*'`). The plugin must be
built without debug information (valgrind 3.19 cannot read clang's DWARF 5):
bench/run.sh builds it in Release. bench/report.py renders the JSON.
"""
import argparse
import concurrent.futures
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_inputs  # noqa: E402

SIZES = (1000, 10000)
COLLECT = "valuetask::TaskCheck::check*"


def count(major, plugin, include, source, scratch):
    out = scratch / f"{source.stem}.{major}.callgrind"
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
           f"--toggle-collect={COLLECT}", f"clang-tidy-{major}", "--quiet",
           f"--load={plugin}", "--checks=-*,valuetask-*", "--header-filter=^$",
           str(source), "--", "-std=c++20", f"-I{include}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    totals = re.search(r"^totals: (\d+)", out.read_text(), re.M) if out.exists() else None
    if proc.returncode != 0 or not totals:
        sys.exit(f"callgrind failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return int(totals.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--include", required=True, type=pathlib.Path)
    ap.add_argument("--tidy", action="append", required=True, metavar="MAJOR=PLUGIN")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", required=True, type=pathlib.Path)
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("count_instructions.py needs valgrind (apt-get install valgrind)")
    plugins = {}
    for entry in args.tidy:
        major, sep, plugin = entry.partition("=")
        if not sep or not major.isdigit() or not pathlib.Path(plugin).is_file():
            sys.exit(f"--tidy wants MAJOR=PLUGIN with an existing plugin, not '{entry}'")
        plugins[major] = pathlib.Path(plugin).resolve()

    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        jobs = {}
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for shape in gen_inputs.SHAPES:
                for n in SIZES:
                    source = scratch / f"{shape}_{n}_vt.cpp"
                    source.write_text(gen_inputs.scaling_input(shape, n, "vt"))
                    for major, plugin in plugins.items():
                        jobs[(major, shape, n)] = pool.submit(
                            count, major, plugin, args.include.resolve(), source, scratch)
        result = {major: {shape: {str(n): jobs[(major, shape, n)].result() for n in SIZES}
                          for shape in gen_inputs.SHAPES}
                  for major in plugins}
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for major, shapes in result.items():
        for shape, by_size in shapes.items():
            low, high = (by_size[str(n)] for n in SIZES)
            print(f"clang-tidy-{major} {shape}: {low:,} -> {high:,} instructions ({high / low:.1f}x)")


if __name__ == "__main__":
    main()
