"""The bookkeeping every scripted test shares: one "ok"/"FAIL" line per check,
commands echoed as they run, and a summary that is the exit status."""

import subprocess

failures = []


def check(condition, what):
    """Records one check; returns the condition, so callers can stop early."""
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def run(argv, timeout=600, echo_output=False):
    """Runs argv with stderr merged into stdout: (exit status, output)."""
    print("$ " + " ".join(argv), flush=True)
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)
    if echo_output:
        print(proc.stdout, flush=True)
    return proc.returncode, proc.stdout


def summary(where_to_look=None):
    """Prints the verdict; returns the exit status (1 if any check failed)."""
    if failures:
        print("\n%d check(s) failed%s" % (
            len(failures), "; " + where_to_look if where_to_look else ""))
        return 1
    print("\nall checks passed")
    return 0
