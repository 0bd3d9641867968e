#!/usr/bin/env python3
"""Counts instructions under callgrind: a figure of the work that, unlike a
time, does not change with the machine's load.

  count_instructions.py --include runtime/include \\
      --tidy 19=/path/valuetask-tidy.so [--tidy 22=...] [--jobs 2] \\
      [--parts scaling,large-tu] --out instructions.json

scaling: `clang-tidy-N --checks=-*,valuetask-*` on the generated functions of
1,000 and 10,000 tasks, counting only inside the checks' match callbacks
(`--toggle-collect='valuetask::TaskCheck::check*'`).
large-tu: the whole clang-tidy process on the large TU, with the trivial
check and with `valuetask-*`: the whole-process cost of the checks, which
the run-to-run spread of the process's CPU time (several per cent on a
virtual machine) hides.

Each part replaces its figures in --out and keeps the other's. The plugin
must be built without debug information (valgrind 3.19 cannot read clang's
DWARF 5): bench/run.sh builds it in Release. bench/report.py renders the JSON.
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
from time_checks import TRIVIAL, VALUETASK  # noqa: E402

SIZES = (1000, 10000)
COLLECT = "valuetask::TaskCheck::check*"
PARTS = ("scaling", "large-tu")


def count(major, plugin, include, source, scratch, checks=VALUETASK, collect=COLLECT):
    """Instructions of one clang-tidy run; inside \p collect only, or the
    whole process if it is None."""
    out = scratch / f"{source.stem}.{major}.{checks.strip('*-')}.callgrind"
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    if collect:
        cmd.append(f"--toggle-collect={collect}")
    cmd += [f"clang-tidy-{major}", "--quiet",
            f"--load={plugin}", f"--checks=-*,{checks}", "--header-filter=^$",
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
    ap.add_argument("--parts", default=",".join(PARTS),
                    help="what to count, comma-separated: " + ", ".join(PARTS))
    ap.add_argument("--out", required=True, type=pathlib.Path)
    args = ap.parse_args()
    parts = args.parts.split(",")
    if not parts or any(p not in PARTS for p in parts):
        sys.exit(f"--parts wants a comma-separated list of {', '.join(PARTS)}, not '{args.parts}'")
    if not shutil.which("valgrind"):
        sys.exit("count_instructions.py needs valgrind (apt-get install valgrind)")
    plugins = {}
    for entry in args.tidy:
        major, sep, plugin = entry.partition("=")
        if not sep or not major.isdigit() or not pathlib.Path(plugin).is_file():
            sys.exit(f"--tidy wants MAJOR=PLUGIN with an existing plugin, not '{entry}'")
        plugins[major] = pathlib.Path(plugin).resolve()

    include = args.include.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        jobs = {}
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            if "large-tu" in parts:
                # Longest first: the scaling runs fill the other jobs meanwhile.
                source = scratch / "large_tu.cpp"
                source.write_text(gen_inputs.large_tu())
                for major, plugin in plugins.items():
                    for side, checks in (("trivial", TRIVIAL), ("checked", VALUETASK)):
                        jobs[(major, "large_tu", side)] = pool.submit(
                            count, major, plugin, include, source, scratch, checks, None)
            if "scaling" in parts:
                for shape in gen_inputs.SHAPES:
                    for n in SIZES:
                        source = scratch / f"{shape}_{n}_vt.cpp"
                        source.write_text(gen_inputs.scaling_input(shape, n, "vt"))
                        for major, plugin in plugins.items():
                            jobs[(major, shape, str(n))] = pool.submit(
                                count, major, plugin, include, source, scratch)
        result = json.loads(args.out.read_text()) if args.out.exists() else {}
        for (major, group, key), job in jobs.items():
            result.setdefault(major, {}).setdefault(group, {})[key] = job.result()
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for major, groups in result.items():
        for group, figures in groups.items():
            if group == "large_tu":
                trivial, checked = figures["trivial"], figures["checked"]
                print(f"clang-tidy-{major} large TU, whole process: {trivial:,} -> {checked:,} "
                      f"instructions ({checked / trivial:.3f}x)")
            else:
                low, high = (figures[str(n)] for n in SIZES)
                print(f"clang-tidy-{major} {group}: {low:,} -> {high:,} instructions ({high / low:.1f}x)")

if __name__ == "__main__":
    main()
