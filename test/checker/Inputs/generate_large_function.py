#!/usr/bin/env python3
"""Writes a coroutine with N distinct tasks, each awaited once, spread over
straight code, branches and loops, plus one real double await at the end;
and the one warning and note it must produce (for --expectations).

Usage: generate_large_function.py N OUT.cpp OUT.expected
"""
import os
import sys

n, source, expected = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lines = ['#include "value_task.h"', "using valuetask::value_task;",
         "value_task<int> make(int);", "bool cond(int);",
         "value_task<int> large_function() {", "  int sum = 0;"]
shapes = [
    "  {{ auto t{i} = make({i}); sum += co_await std::move(t{i}); }}",
    "  {{ auto t{i} = make({i}); if (cond({i})) sum += co_await std::move(t{i}); else sum -= 1; }}",
    "  for (int i{i} = 0; i{i} < 3; ++i{i}) {{ auto t{i} = make({i}); sum += co_await std::move(t{i}); }}",
    "  {{ auto t{i} = make({i}); if (cond({i})) {{ sum += co_await std::move(t{i}); }} else {{ sum += 2 * co_await std::move(t{i}); }} }}",
]
for i in range(n):
    lines.append(shapes[i % len(shapes)].format(i=i))
lines += ["  auto last = make(-1);", "  sum += co_await std::move(last);",
          "  sum += co_await std::move(last);", "  co_return sum;", "}"]
with open(source, "w") as f:
    f.write("\n".join(lines) + "\n")
second = len(lines) - 2  # 1-based line of the second await
name = os.path.basename(source)
with open(expected, "w") as f:
    f.write(f"{name}:{second}:29: warning: task 'last' is awaited more than once; "
            "await it once, or call preserve() to share its result [valuetask-double-await]\n")
    f.write(f"{name}:{second - 1}:29: note: 'last' was awaited here\n")
