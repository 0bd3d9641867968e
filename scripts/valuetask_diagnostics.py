"""Reads the diagnostics clang-tidy and clang print, for every valuetask tool.

Both print the same shape (clang-tidy's own checks, the valuetask plugin in
clang-tidy, the valuetask compiler plugin, clang's warnings):

    src/a.cpp:10:35: warning: task 't' is awaited more than once; ... [valuetask-double-await]
       10 |   co_await std::move(t);
          |                      ^
    src/a.cpp:9:34: note: 't' was awaited here
    src/b.cpp:3:1: error: unknown type name 'x'
    src/c.cpp:7:3: warning: unused variable 'y' [-Wunused-variable]
    src/d.cpp:5:9: error: task 'u' is ... [valuetask-double-await,-warnings-as-errors]

parse_lines() gives every diagnostic line (notes included) in order;
parse() groups each warning or error with the notes and source lines after
it, which is what a report of findings needs.
"""

import os
import re

__all__ = ["Diagnostic", "parse", "parse_lines", "parse_line", "is_noise"]

# file:line[:col]: severity: message [names]. The file may start with a drive
# letter (C:\...), the column may be missing (-fno-show-column), and clang
# says 'fatal error'.
_LOCATED = re.compile(
    r"^(?P<file>(?:[A-Za-z]:)?[^:\n]+?):(?P<line>\d+):(?:(?P<col>\d+):)? "
    r"(?P<severity>warning|error|fatal error|note|remark): (?P<message>.*)$")
# Diagnostics without a location: 'error: unable to handle compilation ...'.
_UNLOCATED = re.compile(r"^(?P<severity>warning|error|fatal error): (?P<message>.*)$")
# The bracket clang-tidy and clang put at the end: check names and flags,
# no spaces ('[with T = int]' is part of a message, not a name list).
_NAMES = re.compile(r" \[(?P<names>[\w.+-]+(?:,[\w.+-]+)*)\]$")

# Summary and progress lines, not diagnostics.
_NOISE = re.compile(
    r"^(?:\d+ (?:warnings?|errors?)(?: and \d+ (?:warnings?|errors?))? (?:generated|treated as errors?)"
    r"|Suppressed \d+ warnings|Use -header-filter=|Error while processing "
    r"|Found compiler errors?|Running without flags|Processing file )")


class Diagnostic:
    """One diagnostic line, and for a warning or error from parse(), its notes.

    file      as printed (None for a diagnostic without a location)
    line, col 1-based; col is None when the output has no columns
    severity  'warning', 'error', 'fatal error', 'note' or 'remark'
    message   the text without the trailing [names]
    names     what the bracket held: ['valuetask-double-await',
              '-warnings-as-errors'] or ['-Werror', '-Wunused-variable']
    notes     the notes that follow (parse() only)
    lines     the printed lines: this one, its source excerpt, its notes'
    """

    __slots__ = ("file", "line", "col", "severity", "message", "names", "notes", "lines")

    def __init__(self, file, line, col, severity, message, names, text):
        self.file, self.line, self.col = file, line, col
        self.severity, self.message, self.names = severity, message, names
        self.notes = []
        self.lines = [text]

    @property
    def check(self):
        """The check's name: 'valuetask-double-await'; a clang warning flag
        as clang-tidy names it ('-Wunused-variable' -> 'clang-diagnostic-unused-variable');
        None for a compiler error or a note."""
        for name in self.names:
            if name.startswith("-W") and name != "-Werror" and not name.startswith("-Werror="):
                return "clang-diagnostic-" + name[2:]
            if not name.startswith("-"):
                return name
        return None

    @property
    def as_error(self):
        """Reported as an error because of --warnings-as-errors or -Werror."""
        return self.severity == "error" and any(
            n in ("-warnings-as-errors", "-Werror") or n.startswith("-Werror=") for n in self.names)

    @property
    def full_message(self):
        """The message as printed, with its [names]."""
        return self.message + (" [%s]" % ",".join(self.names) if self.names else "")

    def realpath(self, directory=None):
        """The file as an absolute, symlink-free path (relative ones taken from
        `directory`, default the current one)."""
        if self.file is None:
            return None
        return os.path.realpath(os.path.join(directory or os.getcwd(), self.file))

    def key(self):
        return (self.file, self.line, self.col, self.severity, self.full_message)

    def __repr__(self):
        return "Diagnostic(%s:%s:%s: %s: %s)" % (self.file, self.line, self.col,
                                                 self.severity, self.full_message)


def parse_line(text):
    """The Diagnostic one printed line holds, or None."""
    text = text.rstrip("\r\n")
    m = _LOCATED.match(text)
    if m:
        file, line = m.group("file"), int(m.group("line"))
        col = int(m.group("col")) if m.group("col") else None
    else:
        m = _UNLOCATED.match(text)
        if not m:
            return None
        file = line = col = None
    message, names = m.group("message"), []
    n = _NAMES.search(message)
    if n:
        message, names = message[:n.start()], n.group("names").split(",")
    return Diagnostic(file, line, col, m.group("severity"), message, names, text)


def is_noise(text):
    """A summary or progress line ('2 warnings generated.'), not a diagnostic."""
    return _NOISE.match(text) is not None


def parse_lines(output):
    """Every diagnostic line of `output` (notes included), in order."""
    found = []
    for text in output.splitlines():
        d = parse_line(text)
        if d is not None:
            found.append(d)
    return found


def parse(output):
    """The warnings and errors of `output`, each with the notes and source
    excerpt lines that follow it. A note before any warning is dropped
    (clang prints none such); 'In file included from' lines are kept with the
    diagnostic they introduce."""
    found, current, pending = [], None, []
    for text in output.splitlines():
        if is_noise(text):
            continue
        d = parse_line(text)
        if d is None:
            if text.startswith("In file included from ") or text.startswith("                 from "):
                pending.append(text)
            elif current is not None and text.strip():
                current.lines.append(text)
            continue
        if d.severity == "note":
            if current is not None:
                current.notes.append(d)
                current.lines.append(text)
            continue
        d.lines = pending + d.lines
        pending = []
        found.append(d)
        current = d
    return found
