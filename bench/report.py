#!/usr/bin/env python3
"""Writes docs/benchmarks.md from the results bench/run.sh stored.

  report.py --results build/bench-results --out docs/benchmarks.md
"""
import argparse
import json
import math
import os
import pathlib
import platform
import re
import statistics
import subprocess
import time

CASES = [
    ("a_plain_function", "(a) plain function returning `int` (out of line): the physical limit"),
    ("a_plain_function_in_awaiting_loop", "(a′) the same call in a loop that also crosses a suspension point (loop state in the coroutine frame)"),
    ("b_value_task_ready", "(b) `value_task` ready path: `from_result` from an ordinary function"),
    ("c_value_task_sync_coroutine", "(c) `value_task` coroutine completing synchronously (out of line: a real frame)"),
    ("c_value_task_sync_coroutine_inlinable", "(c′) the same coroutine, inlinable (clang may elide the frame)"),
    ("d_value_task_source_inline", "(d) reused `manual_reset_source`, completed inline"),
    ("d_value_task_source_event_loop", "(d) reused `manual_reset_source`, completed from the event loop"),
    ("e_lazy_task", "(e) always-allocating lazy task (bench/runtime/lazy_task.hpp), out of line"),
    ("e_lazy_task_inlinable", "(e′) the same lazy task, inlinable (clang may elide the frame)"),
    ("f_asio_awaitable", "(f) Boost.Asio `awaitable<int>` in a `co_spawn`ed coroutine"),
    ("h_cppcoro_task", "(h) cppcoro-style `task<int>` (bench/runtime/peer_tasks.hpp)"),
    ("i_async_simple_lazy", "(i) async_simple-style `Lazy<int>`, awaited from a `Lazy` on an executor"),
    ("j_folly_task", "(j) folly-style `Task<int>`, awaited from a `Task` on an executor"),
    ("g_std_future", "(g) `std::promise`/`std::future` (promise set before the await)"),
]
CHAINS = [
    ("chain_c_value_task/1000", "(c) `value_task`, every level completes synchronously"),
    ("chain_value_task_async_leaf/1000", "`value_task`, the innermost level waits on a source completed by the event loop"),
    ("chain_e_lazy_task/1000", "(e) lazy task"),
    ("chain_f_asio_awaitable/1000", "(f) Asio `awaitable<int>`"),
    ("chain_h_cppcoro_task/1000", "(h) cppcoro-style `task`"),
    ("chain_i_async_simple_lazy/1000", "(i) async_simple-style `Lazy`"),
    ("chain_j_folly_task/1000", "(j) folly-style `Task`"),
]
CACHES = [
    ("cache_value_task", "`value_task`: hits `from_result`, misses through a pooled source"),
    ("cache_e_lazy_task", "(e) lazy task: every call a coroutine frame"),
    ("cache_h_cppcoro_task", "(h) cppcoro-style `task`: every call a frame"),
    ("cache_i_async_simple_lazy", "(i) async_simple-style `Lazy`: every call a frame, misses resumed inline"),
    ("cache_j_folly_task", "(j) folly-style `Task`: every call a frame, misses resumed via the executor"),
]
COMPILERS = [("llvm19", "clang++-19 -O2"), ("gcc12", "g++-12 -O2")]
SHAPES = ("awaits", "moves", "branches")
SIZES = (100, 1000, 10000)


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def first_line(text):
    return text.splitlines()[0] if text else "not found"


def tidy_version(major):
    m = re.search(r"version (\S+)", sh(f"clang-tidy-{major}", "--version"))
    return m.group(1) if m else "not found"


def machine():
    cpu = "unknown"
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = ""
    for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    os_name = ""
    p = pathlib.Path("/etc/os-release")
    if p.exists():
        m = re.search(r'PRETTY_NAME="([^"]+)"', p.read_text())
        os_name = m.group(1) if m else ""
    return {"cpu": cpu, "cores": os.cpu_count(), "mem": mem, "os": os_name, "kernel": platform.release()}


def load_json(path):
    return json.loads(path.read_text()) if path.exists() else None


def bench_rows(data):
    """name -> {cpu, real, allocs, depth} from Google Benchmark JSON (medians
    when repetitions were run, the single run otherwise)."""
    rows = {}
    if not data:
        return rows
    for b in data["benchmarks"]:
        agg = b.get("aggregate_name")
        name = b.get("run_name", b["name"])
        if agg not in (None, "median"):
            continue
        if agg is None and name in rows:
            continue
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        rows[name] = {"cpu": b["cpu_time"] * scale, "real": b["real_time"] * scale,
                      "allocs": b.get("allocs/op"), "depth": b.get("depth")}
    return rows


def ns(v):
    if v is None:
        return "–"
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def allocs(v):
    if v is None:
        return "–"
    return f"{v:.3f}".rstrip("0").rstrip(".") if v else "0"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def runtime_section(results, out):
    runs = {cfg: bench_rows(load_json(results / f"runtime-{cfg}.json")) for cfg, _ in COMPILERS}
    meta = {cfg: load_json(results / f"runtime-{cfg}.json") for cfg, _ in COMPILERS}
    loads = {}
    for cfg, _ in COMPILERS:
        b, a = results / f"runtime-{cfg}.load-before", results / f"runtime-{cfg}.load-after"
        if b.exists() and a.exists():
            loads[cfg] = (b.read_text().split()[0], a.read_text().split()[0])
    if not any(runs.values()):
        out.append("No runtime results yet: run `bench/run.sh runtime`.\n")
        return []
    commit = results / "commit-runtime.txt"
    if commit.exists():
        out.append(f"- measured at commit {commit.read_text().strip()}")
    for cfg, _ in COMPILERS:
        if meta[cfg]:
            ctx = meta[cfg]["context"]
            out.append(f"- {cfg}: run {ctx.get('date', '?')}, load average "
                       f"{loads.get(cfg, ('?', '?'))[0]} before / {loads.get(cfg, ('?', '?'))[1]} after; "
                       f"library built as {ctx.get('library_build_type', '?')} (Debian's package: "
                       "its own code is not in the measured loop)")
    out.append("")
    out.append("Each figure: the median over 7 repetitions, run in random interleaved order so load drift hits every case alike (Google Benchmark, `--benchmark_min_time=0.2 --benchmark_enable_random_interleaving=true`), of "
               "the CPU time per operation of the benchmark thread (wall time is in the JSON and differs only "
               "by preemption on this loaded machine). Allocations per operation: every call of the global "
               "`operator new` on the benchmark thread inside the timed loop, divided by the iterations.\n")

    def cell(cfg, name, key="cpu", per=1.0):
        r = runs[cfg].get(name)
        return None if r is None else r[key] / per if r[key] is not None else None

    out.append("### Single operations, awaited from a coroutine in a loop\n")
    out.append("| case | " + " | ".join(f"{label}: ns/op | allocs/op" for _, label in COMPILERS) + " |")
    out.append("|---|" + "---:|---:|" * len(COMPILERS))
    for name, label in CASES:
        out.append(f"| {label} | " + " | ".join(
            f"{ns(cell(cfg, name))} | {allocs(cell(cfg, name, 'allocs'))}" for cfg, _ in COMPILERS) + " |")
    out.append("")
    out.append("### Nested chain of depth 1,000 (each level `co_await`s the next)\n")
    out.append("| chain | " + " | ".join(f"{label}: ns/level | allocs/level" for _, label in COMPILERS) + " |")
    out.append("|---|" + "---:|---:|" * len(COMPILERS))
    for name, label in CHAINS:
        out.append(f"| {label} | " + " | ".join(
            f"{ns(cell(cfg, name, per=1000.0))} | {allocs(cell(cfg, name, 'allocs'))}" for cfg, _ in COMPILERS) + " |")
    out.append("")
    out.append("### The cache scenario: 90 % hits, 10 % misses completed later by the event loop\n")
    out.append("| implementation | " + " | ".join(f"{label}: ns/op | allocs/op" for _, label in COMPILERS) + " |")
    out.append("|---|" + "---:|---:|" * len(COMPILERS))
    for name, label in CACHES:
        out.append(f"| {label} | " + " | ".join(
            f"{ns(cell(cfg, name))} | {allocs(cell(cfg, name, 'allocs'))}" for cfg, _ in COMPILERS) + " |")
    out.append("")

    base_dir = results / "baseline"
    base = {cfg: bench_rows(load_json(base_dir / f"runtime-{cfg}.json")) for cfg, _ in COMPILERS}
    if any(base.values()):
        bcommit = base_dir / "commit-runtime.txt"
        out.append("### Before and after: the same cases, same machine, same method\n")
        out.append(f"Before: the runtime at commit {bcommit.read_text().strip() if bcommit.exists() else '?'} "
                   "(results kept in `build/bench-results/baseline/` by `bench/run.sh baseline`); after: this "
                   "page's run. CPU ns per operation (per level for the chains), medians as above; "
                   "the two runs were minutes apart under different load, so compare ratios within a run "
                   "(the targets) rather than absolute nanoseconds across runs.\n")
        out.append("| case | " + " | ".join(f"{label}: before | after" for _, label in COMPILERS) + " |")
        out.append("|---|" + "---:|---:|" * len(COMPILERS))
        for name, label in CASES + CHAINS + CACHES:
            per = 1000.0 if name.endswith("/1000") else 1.0
            cells = []
            for cfg, _ in COMPILERS:
                bv = base[cfg].get(name)
                av = runs[cfg].get(name)
                cells.append(ns(bv["cpu"] / per) if bv else "–")
                cells.append(ns(av["cpu"] / per) if av else "–")
            out.append(f"| {label} | " + " | ".join(cells) + " |")
        out.append("")

    targets = []
    for cfg, label in COMPILERS:
        r = runs[cfg]
        if not r:
            continue
        a, b = r.get("a_plain_function"), r.get("b_value_task_ready")
        c, e = r.get("c_value_task_sync_coroutine"), r.get("e_lazy_task")
        if a and b:
            ratio = b["cpu"] / a["cpu"]
            floor = r.get("a_plain_function_in_awaiting_loop")
            beside = f"; {b['cpu'] / floor['cpu']:.2f}× (a′)" if floor else ""
            targets.append(("b-ready", label, "(b) 0 allocations and ≤ 1.5× (a)",
                            f"{allocs(b['allocs'])} allocs, {ratio:.2f}× (a){beside}", b["allocs"] == 0 and ratio <= 1.5))
        if c and e:
            ratio = e["cpu"] / c["cpu"]
            targets.append(("c-sync", label, "(c) 0 allocations in steady state and ≥ 3× faster than (e)",
                            f"{allocs(c['allocs'])} allocs, (e)/(c) = {ratio:.2f}×", c["allocs"] == 0 and ratio >= 3))
        d = r.get("d_value_task_source_inline")
        if d and c:
            ratio = d["cpu"] / c["cpu"]
            targets.append(("d-source", label, "(d) pooled source, inline: 0 allocations and within 1.5× of (c)",
                            f"{allocs(d['allocs'])} allocs, {ratio:.2f}× (c)", d["allocs"] == 0 and ratio <= 1.5))
        dl = r.get("d_value_task_source_event_loop")
        if dl:
            targets.append(("d-loop", label, "(d) pooled source, event loop: 0 allocations per operation",
                            f"{allocs(dl['allocs'])} allocs", dl["allocs"] == 0))
        cc, ce = r.get("chain_c_value_task/1000"), r.get("chain_e_lazy_task/1000")
        if cc and ce:
            ratio = cc["cpu"] / ce["cpu"]
            targets.append(("chain", label, "chain: (c) per level ≤ ½ of (e) per level",
                            f"{ns(cc['cpu'] / 1000)} vs {ns(ce['cpu'] / 1000)} ns/level = {ratio:.2f}× (e); "
                            f"{allocs(cc['allocs'])} allocs/level", ratio <= 0.5))
        kv, ke = r.get("cache_value_task"), r.get("cache_e_lazy_task")
        if kv and ke:
            ratio = ke["cpu"] / kv["cpu"]
            targets.append(("cache", label, "cache scenario: ≥ 3× faster than (e)",
                            f"(e)/value_task = {ratio:.2f}×; {allocs(kv['allocs'])} allocs", ratio >= 3 and kv["allocs"] == 0))
        # Against every peer that allocates or schedules per call, on each path.
        for path, ours, peers in (
                ("(c) synchronous coroutine", "c_value_task_sync_coroutine",
                 ("e_lazy_task", "f_asio_awaitable", "h_cppcoro_task", "i_async_simple_lazy", "j_folly_task")),
                ("chain", "chain_c_value_task/1000",
                 ("chain_e_lazy_task/1000", "chain_f_asio_awaitable/1000", "chain_h_cppcoro_task/1000",
                  "chain_i_async_simple_lazy/1000", "chain_j_folly_task/1000")),
                ("cache scenario", "cache_value_task",
                 ("cache_e_lazy_task", "cache_h_cppcoro_task", "cache_i_async_simple_lazy", "cache_j_folly_task"))):
            mine = r.get(ours)
            theirs = [(n, r[n]) for n in peers if n in r]
            if mine and theirs:
                best_name, best = min(theirs, key=lambda kv: kv[1]["cpu"])
                ratio = best["cpu"] / mine["cpu"]
                # The peer's letter and name, e.g. "(h) cppcoro-style `task`".
                short = dict(CASES + CHAINS + CACHES)[best_name].split(":")[0].split(",")[0]
                targets.append(("peers", label, f"{path}: faster than every peer",
                                f"fastest peer {short}: {ratio:.2f}× slower than value_task", ratio > 1))
    return targets


WHY = {
    "echo-rps": "**Echo throughput.** Both servers spend almost all of a request in the kernel "
                "(`send`/`recv` over loopback and the epoll wake-ups; compare the CPU µs per request "
                "with the sub-microsecond coroutine costs of the runtime section): the servers differ "
                "by about the run-to-run spread of this shared machine (the coefficient of variation in "
                "the JSON is 2–16 % of CPU time and 6–28 % of wall time per case at a load average of "
                "5–6), and the cases come out on either side of the `awaitable` server.",
    "b-ready": (
        "**(b) vs (a).** The ready path makes no call and touches no atomic; the awaiter no longer "
        "initialises a slot for an owned task (it is constructed only on the way to suspending). (a′) — the same plain call in a loop whose "
        "state lives in the coroutine frame — shows what any awaited result pays for the frame: "
        "with clang next to nothing, with g++ most of the gap (see the (a′) figure in each row). "
        "What remains is the result coming back through memory: `value_task<int>` has a non-trivial "
        "destructor, so the Itanium ABI returns it in memory; the callee stores value, state and the "
        "(unused) version — leaving the version unset trips g++-12's -Wmaybe-uninitialized in "
        "users' builds — and "
        "the consumer reads the state after the call (is it consumable, is it ready), again in "
        "`await_resume` through the awaiter's pointer to the task — which the compiler reloads from "
        "the frame, because the await expression joins the ready path with the resumed one — marks "
        "it consumed, and the temporary's destructor reads it once more. `perf record` of the "
        "clang-19 loop puts about two thirds of its samples on the instructions waiting for those "
        "store-forwarded loads. Returning the ready state in registers would need a trivially "
        "destructible `value_task`, which a task that may own a frame cannot be."),
    "c-sync": (
        "**(c) vs (e) with g++.** A coroutine that completes before its first suspension moves its "
        "outcome into the returned task and frees its own frame at the final suspend point, with no "
        "locked instruction (`detail/promise.hpp`: `final_awaiter::await_ready`); the consumer then "
        "takes the ready path. With clang the ramp and the body are one function and the pop and push "
        "of the same recycled block cancel out, so clang's (c) costs about what its (b) costs. g++ "
        "always splits a coroutine into a ramp and an out-of-line actor that the ramp calls: "
        "`perf record` of the g++-12 case puts the samples on that call, on the actor's entry "
        "(reading the resume index the ramp has just stored) and on its dispatch over the suspend "
        "points, while the frame allocator no longer shows (a free tests one counter per size "
        "class). The remaining gap is g++'s coroutine lowering, not the protocol."),
    "d-source": (
        "**(d) vs (c).** Awaiting a `manual_reset_source` task now calls its core directly (no "
        "virtual call), but each operation still performs two locked read-modify-writes: the "
        "compare-exchange that claims operation `v` (version and claimed bit in one word, so that a "
        "late completion after `reset()` is refused) and the exchange on the completion slot that "
        "tells the completer whether an awaiter waits. They cannot become one: the outcome is written "
        "between them, and an awaiter may register in that window, so the completer must look again "
        "after writing — a second read-modify-write, or a fence that costs as much — unless "
        "awaiters spin while a completer is writing, which would make the protocol blocking. "
        "`perf record` of the clang-19 case: the two locked instructions carry about a quarter of "
        "the samples, and the `reset()` that follows them (its loads wait for the locked instruction "
        "to drain the store buffer) a fifth; (c) has neither. Within 1.5× of (c) is out of reach "
        "without giving up race-safe, non-blocking completion."),
    "cache": (
        "**Cache scenario.** The 90 % hits are the (b) path; each of the 10 % misses is a pooled "
        "source completed by the event loop (the (d) event-loop row: suspension, registration, "
        "claim and completion, resumption), several times a hit, so the misses are a large share of "
        "the average, while clang allocates and frees the lazy task's frames cheaply."),
    "peers": (
        "**Peers.** Where a peer is faster on one path, the row above names it; the same two "
        "locked read-modify-writes and the result returned through memory explain the gap "
        "(see (b) and (d))."),
    "chain": (
        "**Chain.** Every level of the synchronous chain completes before it suspends, so it costs "
        "one recycled frame and the ready path; frames come from the thread-local recycler in "
        "`runtime/include/valuetask/detail/frame_allocator.hpp` ({allocs} allocations per level in "
        "steady state)."),
}


def echo_rows(data):
    """name -> {rps, allocs} (medians when repetitions were run)."""
    rows = {}
    for b in (data or {}).get("benchmarks", []):
        agg = b.get("aggregate_name")
        name = b.get("run_name", b["name"])
        if agg not in (None, "median") or (agg is None and name in rows):
            continue
        scale = {"ns": 1e-3, "us": 1, "ms": 1e3, "s": 1e6}[b.get("time_unit", "ns")]
        rows[name] = {"rps": b.get("requests_per_s"), "allocs": b.get("allocs_per_request"),
                      "cpu_us": b["cpu_time"] * scale / (b.get("connections") or 1)}
    return rows


def echo_section(results, out):
    """The echo server of examples/echo against the same server on
    boost::asio::awaitable (bench/echo/echo_bench.cpp); returns target rows."""
    runs = {cfg: echo_rows(load_json(results / f"echo-{cfg}.json")) for cfg, _ in COMPILERS}
    out += ["## Echo server: value_task against boost::asio::awaitable", ""]
    if not any(runs.values()):
        out.append("No echo results yet: run `bench/run.sh runtime`.\n")
        return []
    for cfg, _ in COMPILERS:
        b, a = results / f"echo-{cfg}.load-before", results / f"echo-{cfg}.load-after"
        if b.exists() and a.exists():
            out.append(f"- {cfg}: load average {b.read_text().split()[0]} before / {a.read_text().split()[0]} after")
    out += ["",
            "What is measured (`bench/echo/echo_bench.cpp`): the echo server of `examples/echo/echo.hpp` "
            "(value_task + `use_value_task`) and the same server written with `boost::asio::awaitable` + "
            "`use_awaitable` (`bench/echo/awaitable_echo.hpp`), in one run, over 127.0.0.1, everything on "
            "one `io_context` on the benchmark thread. Per iteration each of `connections` clients (the "
            "same value_task client for both servers) sends a 64-byte request and reads its echo. "
            "Requests/s: wall clock (client, server and the kernel's loopback share the thread); CPU µs "
            "per request: the benchmark thread's CPU time (user and kernel), which a loaded machine "
            "disturbs less. "
            "Allocations per request: every `malloc`-family call of the process (so `operator new` and "
            "Asio's recycling allocator, which uses `aligned_alloc`) in the timed loop, after 200 "
            "warm-up rounds, divided by the requests. Median over the repetitions.", "",
            "| server | connections | " + " | ".join(f"{cfg} requests/s | {cfg} CPU µs/request | {cfg} allocs/request"
                                                   for cfg, _ in COMPILERS) + " |",
            "|---|---|" + "---|---|---|" * len(COMPILERS)]
    targets = []
    for connections in (1, 16):
        for server in ("value_task", "asio_awaitable"):
            name = f"echo/{server}/connections:{connections}/real_time"
            cells = []
            for cfg, _ in COMPILERS:
                r = runs[cfg].get(name)
                cells += ["–", "–", "–"] if r is None else [f"{r['rps']:,.0f}", f"{r['cpu_us']:.1f}",
                                                           allocs(r["allocs"])]
            out.append(f"| {server} | {connections} | " + " | ".join(cells) + " |")
        for cfg, _ in COMPILERS:
            vt = runs[cfg].get(f"echo/value_task/connections:{connections}/real_time")
            aw = runs[cfg].get(f"echo/asio_awaitable/connections:{connections}/real_time")
            if vt is None or aw is None:
                continue
            targets.append(("echo-allocs", f"echo, {cfg}, {connections} conn.",
                            "0 allocations per echo request in steady state",
                            f"{allocs(vt['allocs'])} (awaitable: {allocs(aw['allocs'])})", vt["allocs"] == 0))
            targets.append(("echo-rps", f"echo, {cfg}, {connections} conn.",
                            "requests/s at least those of the awaitable server",
                            f"{vt['rps']:,.0f} vs {aw['rps']:,.0f} "
                            f"({(vt['rps'] / aw['rps'] - 1) * 100:+.1f} %; CPU µs/request "
                            f"{vt['cpu_us']:.1f} vs {aw['cpu_us']:.1f})", vt["rps"] >= aw["rps"]))
    out.append("")
    return targets


def fmt_s(v):
    return "–" if v is None else f"{v:.2f}"


def check_cost(entry):
    """Seconds of CPU the valuetask checks spent (the sum of their profiles)."""
    prof = entry.get("profile", {}).get("checks") if entry else None
    if not prof:
        return None
    return sum(v.get("user", 0) + v.get("sys", 0) for v in prof.values())


def side(entry, key, which="cpu_median"):
    return entry.get(key, {}).get(which) if entry else None


def whole_process_instructions(results, major):
    """(trivial, valuetask-*) instructions of clang-tidy on the large TU."""
    lt = (load_json(results / "instructions.json") or {}).get(major, {}).get("large_tu", {})
    return (lt["trivial"], lt["checked"]) if "trivial" in lt and "checked" in lt else None


def spread(samples):
    """Half the range of \p samples relative to their median."""
    if not samples or len(samples) < 2:
        return None
    return (max(samples) - min(samples)) / 2 / statistics.median(samples)


def instructions_table(results, major, out):
    counts = (load_json(results / "instructions.json") or {}).get(major)
    if not counts:
        return
    commit = results / "commit-instructions.txt"
    at = f" at commit {commit.read_text().strip()}" if commit.exists() else ""
    out.append("#### Instructions at 10× the size (`bench/run.sh instructions`)\n")
    out.append("Counted by callgrind inside the checks' match callbacks"
               f"{at}: the work, whatever the machine's load.\n")
    out.append("| shape | 1,000 | 10,000 | ratio |")
    out.append("|---|---:|---:|---:|")
    for shape in SHAPES:
        by_size = counts.get(shape, {})
        low, high = by_size.get("1000"), by_size.get("10000")
        if low and high:
            out.append(f"| {shape} | {low:,} | {high:,} | {high / low:.1f}× |")
    out.append("")


def checks_section(data, out, results):
    targets = []
    if not data:
        out.append("No check timings yet: run `bench/run.sh checks`.\n")
        return targets
    commit = results / "commit-checks.txt"
    if commit.exists():
        out.append(f"Measured at commit {commit.read_text().strip()}.\n")
    out.append(f"Run started {data['started']}; load average {data['loadavg_start']} at the start, "
               f"{data['loadavg_end']} at the end. Trivial check: `{data['trivial_check']}` ("
               "one matcher on `for` statements with a floating-point counter, about 2 ms on the large "
               "TU, so its run is the floor of any clang-tidy run: parse, AST traversal, matcher "
               "dispatch). An earlier choice, `bugprone-terminating-continue`, turned out not to be "
               "trivial: its `hasAncestor` matcher builds the TU-wide parent map, 1.9 s on the large TU "
               "(the valuetask checks build none). Every run loads the plugin "
               "and pins `--header-filter=^$`, so the only difference between two sides is the "
               f"enabled checks. Interleaved repetitions per pair (trivial, checked, trivial, "
               f"checked, …): {data['scaling_reps']} for the valuetask runs of the "
               f"generated functions, {data['large_tu_reps']} on the large TU, {data['reps']} "
               "elsewhere; use-after-move runs once at 1,000 and is given up "
               f"after {data['uam_timeout']:.0f} s. Times are medians of the whole "
               "clang-tidy process: CPU (user + sys, from `getrusage`) first, wall in parentheses; a "
               "ratio is the median of the ratios of the back-to-back pairs, so load that changes "
               "between pairs hits both sides of each alike. Check cost is the sum of the valuetask "
               "checks in `--enable-check-profile` (user + sys, the median of the checked runs). "
               "Each check matches the translation unit once and walks its declarations outside "
               "system headers, so its profile times that walk and the analysis, with one timer per "
               "check. The check cost includes a per-TU part that does not grow with the function "
               "(the walk and the runtime header's functions), so the 100 → 1,000 step understates "
               "the growth and the 1,000 → 10,000 step is the telling one. The use-after-move runs "
               "at 1,000 complete with "
               "`VALUETASK_BENCH_UAM_TIMEOUT=600 bench/run.sh checks` (several minutes each).\n")
    for major, v in data["versions"].items():
        out.append(f"### clang-tidy-{major} ({v['version']})\n")
        out.append("#### Generated functions: awaits / moves / branches\n")
        out.append("| input | trivial s | `valuetask-*` s | ratio | check cost s | warnings | "
                   "use-after-move variant: trivial s | `bugprone-use-after-move` s | ratio |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for shape in SHAPES:
            for n in SIZES:
                e = v["scaling"].get(f"{shape}_{n}")
                if not e:
                    continue
                vt = e["valuetask"]
                u = e.get("uam", {})
                if u.get("skipped"):
                    ucells = "not run | not run (quadratic: hours) | –"
                elif u.get("checked", {}).get("timed_out"):
                    ucells = f"{fmt_s(side(u, 'trivial'))} | > {u['checked'].get('timeout', 0):.0f} wall (given up) | > {u['checked'].get('timeout', 0) / side(u, 'trivial', 'median'):.0f}×" if side(u, 'trivial', 'median') else "– | given up | –"
                else:
                    ucells = (f"{fmt_s(side(u, 'trivial'))} ({fmt_s(side(u, 'trivial', 'median'))}) | "
                              f"{fmt_s(side(u, 'checked'))} ({fmt_s(side(u, 'checked', 'median'))}) | "
                              f"{u.get('cpu_ratio', float('nan')):.2f}×")
                if vt["checked"].get("timed_out"):
                    vcells = f"> {vt['checked'].get('timeout', 0):.0f} wall (given up) | – | –"
                else:
                    vcells = (f"{fmt_s(side(vt, 'checked'))} ({fmt_s(side(vt, 'checked', 'median'))}) | "
                              f"{vt.get('cpu_ratio', float('nan')):.2f}× | {fmt_s(check_cost(vt))}")
                warn = vt["checked"].get("warnings", "–")
                errs = vt["checked"].get("errors")
                if errs:
                    warn = f"{warn} (+{errs} errors!)"
                out.append(f"| {shape} {n:,} | {fmt_s(side(vt, 'trivial'))} ({fmt_s(side(vt, 'trivial', 'median'))}) | "
                           f"{vcells} | {warn} | {ucells} |")
        out.append("")
        out.append("#### Scaling: cost at 10× the size\n")
        out.append("| shape | check cost 100 → 1,000 | 1,000 → 10,000 | exponent (1,000 → 10,000) | target ≤ 12× | "
                   "use-after-move at 100 → 1,000 (whole process, wall) | check cost at 100: use-after-move ÷ `valuetask-*` |")
        out.append("|---|---:|---:|---:|---|---:|---:|")
        for shape in SHAPES:
            costs = [check_cost(v["scaling"].get(f"{shape}_{n}", {}).get("valuetask")) for n in SIZES]
            steps = []
            for lo, hi in ((costs[0], costs[1]), (costs[1], costs[2])):
                steps.append(hi / lo if lo and hi else None)
            worst = max((s for s in steps if s), default=None)
            exp = math.log10(steps[1]) if steps[1] else None
            u100 = v["scaling"].get(f"{shape}_100", {}).get("uam", {})
            u1000 = v["scaling"].get(f"{shape}_1000", {}).get("uam", {})
            t100 = side(u100, "checked", "median")
            if u1000.get("checked", {}).get("timed_out") and t100:
                ustep = f"{t100:.1f} s → given up at {u1000['checked']['timeout']:.0f} s"
            elif side(u1000, "checked", "median") and t100:
                ustep = f"{side(u1000, 'checked', 'median') / t100:.0f}×"
            else:
                ustep = "–"
            vt10k = v["scaling"].get(f"{shape}_10000", {}).get("valuetask", {})
            if vt10k.get("checked", {}).get("timed_out"):
                steps[1], worst = None, float("inf")
            ok = worst is not None and worst <= 12
            targets.append(("scaling", f"clang-tidy-{major}", f"scaling, {shape}: 10× size ≤ 12× time",
                            " / ".join("–" if s is None else f"{s:.1f}×" for s in steps), ok))
            ucost = u100.get("check_cpu_seconds")
            vs = f"{ucost / costs[0]:.1f}×" if ucost and costs[0] else "–"
            out.append(f"| {shape} | {'–' if steps[0] is None else f'{steps[0]:.1f}×'} | "
                       f"{'given up' if vt10k.get('checked', {}).get('timed_out') else ('–' if steps[1] is None else f'{steps[1]:.1f}×')} | "
                       f"{'–' if exp is None else f'{exp:.2f}'} | {verdict(ok)} | {ustep} | {vs} |")
        out.append("")
        instructions_table(results, major, out)
        out.append("#### Functions of 2,000 awaits (generated by `bench/checks/gen_inputs.py`)\n")
        out.append("| input | trivial s | `valuetask-*` s | ratio | check cost s | warnings |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for name, e in v.get("awaits_2000", {}).items():
            out.append(f"| `{name}.cpp` | {fmt_s(side(e, 'trivial'))} ({fmt_s(side(e, 'trivial', 'median'))}) | "
                       f"{fmt_s(side(e, 'checked'))} ({fmt_s(side(e, 'checked', 'median'))}) | "
                       f"{e.get('cpu_ratio', float('nan')):.2f}× | {fmt_s(check_cost(e))} | "
                       f"{e['checked'].get('warnings', '–')} |")
        out.append("")
        lt = v.get("large_tu")
        if lt:
            out.append(f"#### Large realistic TU (`large_tu.cpp`: {lt.get('lines', '?'):,} lines of service code, "
                       "the runtime and `<boost/asio.hpp>`)\n")
            ratio = lt.get("cpu_ratio")
            wratio = lt.get("ratio")
            out.append("| trivial s | `valuetask-*` s | ratio (CPU) | ratio (wall) | errors | warnings |")
            out.append("|---:|---:|---:|---:|---:|---:|")
            out.append(f"| {fmt_s(side(lt, 'trivial'))} ({fmt_s(side(lt, 'trivial', 'median'))}) | "
                       f"{fmt_s(side(lt, 'checked'))} ({fmt_s(side(lt, 'checked', 'median'))}) | "
                       f"{'–' if ratio is None else f'{ratio:.3f}×'} | {'–' if wratio is None else f'{wratio:.3f}×'} | "
                       f"{lt['checked'].get('errors', '–')} | {lt['checked'].get('warnings', '–')} |")
            out.append("")
            prof = lt.get("profile_run", {})
            if prof.get("checks"):
                out.append(f"`--enable-check-profile` on the large TU (one run, process "
                           f"{fmt_s(prof.get('process_cpu'))} s CPU):\n")
                out.append("| check | user s | sys s | wall s | share of the process CPU |")
                out.append("|---|---:|---:|---:|---:|")
                for name, t in sorted(prof["checks"].items()):
                    share = (t.get("user", 0) + t.get("sys", 0)) / prof["process_cpu"] if prof.get("process_cpu") else None
                    out.append(f"| `{name}` | {t.get('user', 0):.3f} | {t.get('sys', 0):.3f} | {t.get('wall', 0):.3f} | "
                               f"{'–' if share is None else f'{share * 100:.1f} %'} |")
                out.append("")
            cost = sum(t.get("user", 0) + t.get("sys", 0) for t in prof.get("checks", {}).values())
            base = side(lt, "trivial")
            est = (base + cost) / base if base and prof.get("checks") else None
            if est is not None:
                out.append(f"Overhead from the profile: the checks spent {cost:.2f} s of CPU, timers "
                           f"included, against {base:.2f} s for the trivial run, i.e. **{est:.3f}×**. "
                           "The whole-process ratio compares separate processes and carries the "
                           "machine's load, the profile's figure is taken inside one process but "
                           "counts its own timers. The verdict asks the profile's figure and the whole "
                           "process to be within the target, the whole process by its counted "
                           "instructions where `bench/run.sh instructions` ran (below), by its CPU "
                           "time otherwise.\n")
            work = whole_process_instructions(results, major)
            if work:
                trivial, checked = work
                out.append(f"Whole process under callgrind (`bench/run.sh instructions`): "
                           f"{trivial:,} instructions with the trivial check, {checked:,} with "
                           f"`valuetask-*`, i.e. **{checked / trivial:.3f}×**.\n")
            cpu_spread = spread(lt.get("trivial", {}).get("cpu_samples"))
            if est is not None and ratio is not None:
                # The process's CPU time differs from run to run by more than the
                # target's margin; where the instructions are counted, they decide.
                whole = checked / trivial if work else ratio
                figure = f"{est:.3f}× (profile); whole process "
                figure += f"{whole:.3f}× instructions, " if work else ""
                figure += f"{ratio:.3f}× CPU (±{cpu_spread * 100:.0f} % run to run)" if cpu_spread \
                    else f"{ratio:.3f}× CPU"
                targets.append(("large", f"clang-tidy-{major}", "large TU: `valuetask-*` ≤ 1.05× trivial",
                                figure, est <= 1.05 and whole <= 1.05))
    return targets


WHY_CHECKS = {
    "scaling": (
        "**Scaling.** The checks' work is linear: only places that may be consumed twice enter "
        "the dataflow, its states are sparse and pruned by liveness, its solver goes round-robin "
        "in reverse post-order, and most of the rest is clang's CFG, built once per function for "
        "all the flow checks. The instruction counts under each version's scaling table "
        "(`bench/run.sh instructions`) are the work without the machine's load. What time adds "
        "on top is most likely memory: at 10,000 tasks one function's AST, CFG and events no "
        "longer stay in the cache between the passes over them; the exponent column, near 1, is "
        "the figure to read. The check cost at 1,000 is also two or three hundredths of a second, "
        "which varies by up to a third from run to run on a shared machine, and a 1,000 → 10,000 "
        "ratio with it."),
    "large": (
        "**Large TU.** The check profile is the walk over the declarations outside system "
        "headers and the analysis of the user's functions; the whole-process ratio, which "
        "carries no timers, is the figure of the real cost. A few per cent is also about what "
        "two runs of the same command differ by on a shared machine."),
}


# bench/checks/time_plugin.py prints this section; the report keeps it as it is.
PLUGIN_SECTION = "## Compiler plugin"


def plugin_section(lines):
    return lines[lines.index(PLUGIN_SECTION):] if PLUGIN_SECTION in lines else []


def is_check_paragraph(line):
    return line.startswith(("**Scaling", "**Large TU"))


def previous_halves(text):
    """The two halves of an existing page, for a report that reran only one
    of them: each half's section, its target rows and its explanations."""
    lines = text.splitlines()
    end = len(lines) - len(plugin_section(lines))
    checks_at = lines.index("## Checks") if "## Checks" in lines else end
    runtime_at = lines.index("## Runtime") if "## Runtime" in lines else checks_at
    # The targets and their explanations come before the figures.
    rows = [l for l in lines[:runtime_at] if l.startswith("| ") and not l.startswith("| target |")]
    why = [l for l in lines[:runtime_at] if l.startswith("**")]
    return {
        "runtime": {"section": lines[runtime_at:checks_at],
                    "rows": [l for l in rows if "| clang-tidy-" not in l],
                    "why": [l for l in why if not is_check_paragraph(l)]},
        "checks": {"section": lines[checks_at:end],
                   "rows": [l for l in rows if "| clang-tidy-" in l],
                   "why": [l for l in why if is_check_paragraph(l)]},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", type=pathlib.Path, required=True)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    args = ap.parse_args()
    m = machine()
    out = ["# Benchmarks", "",
           "Generated by `bench/run.sh` (do not edit by hand); "
           f"written {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
           "Rerun everything with `bench/run.sh` (about 20–40 min on this machine; "
           "`bench/run.sh runtime` or `bench/run.sh checks` for one half, `bench/run.sh report` to "
           "rewrite this page from the stored results in `build/bench-results/`).", "",
           "## Machine and tools", "",
           f"- CPU: {m['cpu']}, {m['cores']} cores, {m['mem']} RAM; {m['os']}, Linux {m['kernel']}",
           "- The machine was shared with other builds during the runs: load averages are given per "
           "section. Runtime figures are CPU time of the benchmark thread; check figures are CPU time "
           "of the clang-tidy process (wall time in parentheses).",
           f"- {first_line(sh('clang++-19', '--version'))}",
           f"- {first_line(sh('g++-12', '--version'))}",
           f"- clang-tidy-19: {tidy_version(19)}; clang-tidy-22: {tidy_version(22)}",
           f"- Google Benchmark {sh('dpkg-query', '-W', '-f=${Version}', 'libbenchmark-dev') or '?'} (Debian), "
           f"Boost {sh('dpkg-query', '-W', '-f=${Version}', 'libboost1.81-dev') or '?'} (Asio, header-only)",
           "- Flags: `-O2 -DNDEBUG -std=c++20` (CMake Release with `CMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG`), "
           "build dirs `build/bench-llvm19`, `build/bench-gcc12`, `build/bench-llvm22`.", "",
           "## Runtime", "",
           "What is measured (`bench/runtime/`): a driver coroutine (`bench::driver`, one frame allocated "
           "before timing) runs `for (auto _ : state) sum += co_await op(i++);`, where `op` is an "
           "out-of-line (`[[gnu::noinline]]`) function returning the awaitable, so no case is folded "
           "into the loop. (f) runs the same loop as an `asio::awaitable<void>` `co_spawn`ed on an "
           "`io_context` run by the benchmark thread. The event loop is a fixed ring of callbacks "
           "(`bench::event_loop`): posting never allocates, completions run with the awaiter "
           "suspended. (c) is honest about frames: clang -O2 can inline a never-suspending "
           "coroutine and elide its frame, so the headline (c) and (e) callees are out of line and each "
           "call builds, runs and frees a real frame; the ′ rows show what inlining buys when the "
           "compiler is allowed to. (a′) shows the floor of every awaited row: once the loop "
           "crosses a suspension point, its state (`sum`, `i`) lives in the coroutine frame, so each "
           "iteration stores and reloads it. Peers: (f) is the real Boost.Asio 1.81 from Debian. "
           "No Debian package ships cppcoro, async_simple or folly, so the others are small "
           "re-implementations in `bench/`, each with what distinguishes the original on these "
           "paths, and every frame from the global `operator new` as the originals do by default: "
           "(e) `bench/runtime/lazy_task.hpp`, the minimal lazy task users write (lazy start, "
           "symmetric transfer both ways); `bench/runtime/peer_tasks.hpp`: (h) cppcoro's `task<T>` "
           "(the outcome in a tagged union, an awaiter that asks `done()` before suspending, "
           "`broken_promise` on an empty task); (i) async_simple's `Lazy<T>` (the outcome in a "
           "`std::variant<monostate, T, exception_ptr>`; the executor hook: every `co_await` of a "
           "`Lazy` in a `Lazy` hands the awaiting promise's executor and lazy-local pointer to the "
           "callee, other awaitables resume inline; its loops run as a `Lazy` started on an "
           "executor); (j) folly's `Task<T>` (the outcome in a `Try`; the callee inherits the "
           "executor as a keep-alive alias and a copy of the cancellation token on every "
           "`co_await`, an async-stack frame is linked and unlinked per await, the frame is destroyed "
           "as soon as the result is out; any other awaitable is awaited via the executor — its "
           "completion resumes a small per-await coroutine that posts the awaiting task to the "
           "executor, as `co_viaIfAsync` does; its loops run as a `Task` on an executor over the "
           "event loop). Left out: cancellation callbacks, tracing, allocators chosen per call.", ""]
    head, out = out, []
    previous = previous_halves(args.out.read_text()) if args.out.exists() else None
    kept = {"rows": [], "why": []}

    def keep(half):
        # Only the other half was rerun here: this one stays as it is.
        kept["rows"] += previous[half]["rows"]
        kept["why"] += previous[half]["why"]
        return previous[half]["section"]

    have_runtime = any(args.results.glob("runtime-*.json")) or any(args.results.glob("echo-*.json"))
    if have_runtime or previous is None:
        rt_targets = runtime_section(args.results, out)
        rt_targets += echo_section(args.results, out)
    else:
        rt_targets, out = [], keep("runtime")
        head = head[:head.index("## Runtime")]
    out += ["## Checks", "",
            "What is measured (`bench/checks/`): `gen_inputs.py` writes one function per input: "
            "`awaits` declares N tasks, then awaits each once (N tracked objects live across N "
            "consumptions); `moves` N times moves a task into another local and awaits that; "
            "`branches` N times awaits a task in one of two exclusive arms. The `_uam` variants have "
            "the same shapes with `std::string` and `std::move` into a by-value sink, so "
            "`bugprone-use-after-move` has the same work. All inputs are correct code. "
            "`time_checks.py` runs clang-tidy on them.", ""]
    checks = load_json(args.results / "checks.json")
    if checks is None and previous is not None:
        out = out[:out.index("## Checks")] + keep("checks")
        ck_targets = []
    else:
        ck_targets = checks_section(checks, out, args.results)
    body, out = out, []
    out += ["## Targets", "", "| target | where | figure | verdict |", "|---|---|---|---|"]
    for _, where, what, fig, ok in rt_targets + ck_targets:
        out.append(f"| {what} | {where} | {fig} | {verdict(ok)} |")
    out += kept["rows"]
    out.append("")
    missed = []
    for key, *_rest, ok in rt_targets + ck_targets:
        if not ok and key not in missed:
            missed.append(key)
    if missed or kept["why"]:
        out += ["### Why the missed targets are missed", ""]
        chain_allocs = next((fig.split("; ")[-1].split(" ")[0] for k, _w, _t, fig, _o in rt_targets if k == "chain"), "?")
        for key in missed:
            text = WHY.get(key) or WHY_CHECKS.get(key)
            if key == "chain" and text:
                text = text.format(allocs=chain_allocs)
            if text:
                out += [text, ""]
    for paragraph in kept["why"]:
        out += [paragraph, ""]
    # The page reads: machine, targets and why, then the figures behind them.
    i = head.index("## Runtime") if "## Runtime" in head else len(head)
    out = head[:i] + out + head[i:] + body
    if args.out.exists():
        out += ([""] if out[-1] else []) + plugin_section(args.out.read_text().splitlines())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
