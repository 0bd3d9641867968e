"""A minimal Language Server Protocol client over stdio (Python 3 stdlib only).

Enough of the protocol to drive a server the way an editor does: start it,
send requests and notifications, answer the few requests a server sends back,
and wait for notifications with a deadline, so a test can never hang.
"""

import json
import os
import queue
import subprocess
import threading
import time


class LspError(Exception):
    pass


class LspClient:
    def __init__(self, argv, cwd, env=None, stderr_path=None):
        self._stderr = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr)
        self._next_id = 0
        self._incoming = queue.Queue()
        self._write_lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        # Notifications received but not yet consumed by wait_for_notification.
        self._pending = []

    # -- wire format ---------------------------------------------------------

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        header = b"Content-Length: %d\r\n\r\n" % len(body)
        with self._write_lock:
            self.proc.stdin.write(header + body)
            self.proc.stdin.flush()

    def _read_loop(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self._incoming.put(None)  # server closed its output
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    raise LspError("message without Content-Length")
                self._incoming.put(json.loads(out.read(length).decode("utf-8")))
        except Exception as exc:  # surfaced to the waiting thread
            self._incoming.put(exc)

    def _next(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LspError("timed out waiting for the server")
        try:
            message = self._incoming.get(timeout=remaining)
        except queue.Empty:
            raise LspError("timed out waiting for the server") from None
        if message is None:
            raise LspError("the server exited (status %s)" % self.proc.poll())
        if isinstance(message, Exception):
            raise message
        if "method" in message and "id" in message:
            self._answer_server_request(message)
            return None
        return message

    def _answer_server_request(self, message):
        # Editors accept progress tokens and capability registrations; for
        # workspace/configuration they answer one null per item asked for.
        method = message["method"]
        if method == "workspace/configuration":
            result = [None for _ in message.get("params", {}).get("items", [])]
        else:
            result = None
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    # -- API -----------------------------------------------------------------

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=30):
        self._next_id += 1
        rid = self._next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(deadline)
            if message is None:
                continue
            if message.get("id") == rid and "method" not in message:
                if "error" in message:
                    raise LspError("%s failed: %s" % (method, message["error"]))
                return message.get("result")
            self._pending.append(message)

    def wait_for_notification(self, method, predicate=lambda params: True, timeout=60):
        """Returns the params of the first matching notification (queued ones first)."""
        for i, message in enumerate(self._pending):
            if message.get("method") == method and predicate(message.get("params")):
                del self._pending[i]
                return message["params"]
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self._next(deadline)
            except LspError as exc:
                raise LspError("%s while waiting for %s" % (exc, method)) from None
            if message is None:
                continue
            if message.get("method") == method and predicate(message.get("params")):
                return message["params"]
            self._pending.append(message)

    def close(self, timeout=60):
        """shutdown + exit; kills the server if it does not go in time."""
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit", None)
                self.proc.wait(timeout=timeout)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            if self._stderr is not subprocess.DEVNULL:
                self._stderr.close()
        return self.proc.returncode


def file_uri(path):
    return "file://" + os.path.abspath(path)
