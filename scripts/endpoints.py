"""Start and stop live `ptolemy serve` endpoints for tests that need a real server.

Typical use:

    from endpoints import start_ptolemy, stop_all

    ep = start_ptolemy(["/path/to/ptolemy"], ["data.ttl"])
    try:
        ...  # send queries to ep.url (http://127.0.0.1:PORT/sparql)
    finally:
        ep.stop()

Each endpoint gets a fresh temporary store (filled with `ptolemy load`) and runs in
its own process group, so `stop()` ends exactly the server this module started
(SIGTERM, then SIGKILL after a grace period) and deletes its store. Every endpoint
still running when the interpreter exits is stopped by an atexit hook; a caller that
wants the same on SIGTERM installs `exit_on_sigterm()`.

Standard library only.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

LOOPBACK = "127.0.0.1"
READY_TIMEOUT = 30.0   # seconds a server has to answer /health
STOP_GRACE = 5.0       # seconds between SIGTERM and SIGKILL
LOAD_TIMEOUT = 120.0   # seconds `ptolemy load` may take

_METRIC_LINE = re.compile(
    r'^ptolemy_http_requests_total\{(?P<labels>[^}]*)\}\s+(?P<value>[0-9.eE+-]+)\s*$')

_live: set["Endpoint"] = set()
_live_lock = threading.Lock()


class EndpointError(Exception):
    """An endpoint could not be started (load failed, server exited or never got ready)."""


def free_ports(count: int, host: str = LOOPBACK) -> list[int]:
    """Return `count` distinct TCP ports on `host` that are free right now (the OS
    picks them; all are held open together so that none is returned twice)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind((host, 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def free_port(host: str = LOOPBACK) -> int:
    """Return one TCP port on `host` that is free right now."""
    return free_ports(1, host)[0]


def tail(path: Path, lines: int = 15) -> str:
    """The last `lines` lines of a text file, or '' when it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def wait_ready(base_url: str, timeout: float = READY_TIMEOUT,
               proc: subprocess.Popen | None = None) -> None:
    """Poll `base_url`/health until it answers 200.

    Raises EndpointError when `timeout` seconds pass first, or as soon as `proc`
    (the server process, when given) has exited.
    """
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise EndpointError("server exited with code %s before it was ready" % proc.returncode)
        try:
            with urllib.request.urlopen(base_url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return
                last = "HTTP %d" % resp.status
        except urllib.error.HTTPError as e:
            last = "HTTP %d" % e.code
        except (urllib.error.URLError, OSError) as e:
            last = str(getattr(e, "reason", e))
        time.sleep(0.1)
    raise EndpointError("%s/health not ready after %.0f s (%s)" % (base_url, timeout, last))


class Endpoint:
    """A running `ptolemy serve` process and the temporary folder of its store and log."""

    def __init__(self, proc: subprocess.Popen, port: int, workdir: Path, argv: list[str],
                 host: str = LOOPBACK):
        self.proc = proc
        self.pid = proc.pid
        self.port = port
        self.host = host
        self.base_url = "http://%s:%d" % (host, port)
        self.url = self.base_url + "/sparql"
        self.workdir = workdir
        self.log_path = workdir / "serve.log"
        self.argv = argv
        self._stopped = False

    def __repr__(self) -> str:
        return "Endpoint(url=%r, pid=%d)" % (self.url, self.pid)

    def log_tail(self, lines: int = 15) -> str:
        """The last lines the server wrote (stdout and stderr share one log file)."""
        return tail(self.log_path, lines)

    def sparql_requests(self) -> int:
        """How many /sparql requests the server has answered, from its /metrics."""
        with urllib.request.urlopen(self.base_url + "/metrics", timeout=5) as resp:
            text = resp.read().decode("utf-8", "replace")
        return count_sparql_requests(text)

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop the server (SIGTERM to its process group, SIGKILL after `grace` seconds)
        and delete its temporary store. Safe to call more than once."""
        if self._stopped:
            return
        self._stopped = True
        try:
            signal_group(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                signal_group(self.pid, signal.SIGKILL)
                self.proc.wait()
        finally:
            with _live_lock:
                _live.discard(self)
            shutil.rmtree(self.workdir, ignore_errors=True)


def count_sparql_requests(metrics_text: str) -> int:
    """Sum `ptolemy_http_requests_total` over the /sparql endpoint (every method and status)."""
    total = 0.0
    for line in metrics_text.splitlines():
        m = _METRIC_LINE.match(line)
        if m and re.search(r'endpoint="/?sparql"', m.group("labels")):
            total += float(m.group("value"))
    return int(total)


def signal_group(pid: int, sig: int) -> None:
    """Send `sig` to the process group led by `pid` (the server and anything it spawned)."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def load_store(cmd: list[str], store: Path, data_files: list, log_path: Path,
               timeout: float = LOAD_TIMEOUT) -> None:
    """Bulk-load `data_files` into the store folder `store` with `ptolemy load`."""
    argv = list(cmd) + ["load", "--store", str(store)] + [str(Path(f).resolve()) for f in data_files]
    with open(log_path, "ab") as log:
        try:
            rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            raise EndpointError("`%s load` timed out after %.0f s" % (cmd[-1], timeout))
        except OSError as e:
            raise EndpointError("cannot run %r: %s" % (argv[0], e))
    if rc != 0:
        raise EndpointError("`load` exited with code %d:\n%s" % (rc, tail(log_path)))


def start_ptolemy(cmd: list[str], data_files: list, extra_args: list[str] = (),
                  port: int | None = None, read_only: bool = True,
                  ready_timeout: float = READY_TIMEOUT) -> Endpoint:
    """Load `data_files` into a fresh temporary store and serve it on the loopback.

    `cmd` is the ptolemy command prefix (e.g. ["/path/to/ptolemy"]); `extra_args` are
    appended to `serve` (e.g. ["--service-alias", "IRI=URL"]); `port` defaults to a
    free one. Returns once /health answers; raises EndpointError (with the server's
    log tail) when the load fails or the server does not come up, after cleaning up.
    """
    workdir = Path(tempfile.mkdtemp(prefix="ptolemy-endpoint-"))
    store = workdir / "store"
    port = port or free_port()
    argv = list(cmd) + ["serve", "--store", str(store), "--host", LOOPBACK, "--port", str(port)]
    if read_only:
        argv.append("--read-only")
    argv += list(extra_args)
    try:
        if data_files:
            load_store(cmd, store, data_files, workdir / "load.log")
        with open(workdir / "serve.log", "ab") as log:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    start_new_session=True)
    except (EndpointError, OSError) as e:
        shutil.rmtree(workdir, ignore_errors=True)
        raise EndpointError(str(e)) from e
    endpoint = Endpoint(proc, port, workdir, argv)
    with _live_lock:
        _live.add(endpoint)
    try:
        wait_ready(endpoint.base_url, ready_timeout, proc)
    except EndpointError as e:
        log_tail = endpoint.log_tail()
        endpoint.stop()
        raise EndpointError("%s\nserver log:\n%s" % (e, log_tail)) from None
    return endpoint


def stop_all() -> None:
    """Stop every endpoint this module started that is still running."""
    with _live_lock:
        running = list(_live)
    for endpoint in running:
        endpoint.stop()


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit(143), so that `finally` blocks and atexit run."""
    def handler(signum, frame):
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


atexit.register(stop_all)
