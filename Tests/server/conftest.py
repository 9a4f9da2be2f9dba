"""A running `ptolemy serve --demo` for the client tests, and helpers to talk to it.

The server under test is the binary named by PTOLEMY_BIN (scripts/server-tests.sh sets it),
started from the repository root on a free port with a write token, a LOAD directory and
tight limits, so that every corner of the protocol can be reached from outside.
"""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("PTOLEMY_ARTIFACTS", ROOT / "test-artifacts"))
TOKEN = "server-tests-token-5f0c2a9e8b7d4c1a"
EO = "https://w3id.org/ptolemy/ont/eo#"
MAX_QUERY_LENGTH = 4096
MAX_BODY_BYTES = 1_000_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `ptolemy serve` process."""

    def __init__(self, directory, extra_args=(), demo=True):
        self.directory = Path(directory)
        self.binary = os.environ.get("PTOLEMY_BIN") or str(ROOT / ".build/release/ptolemy")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = self.directory / "store"
        self.log_path = self.directory / "server.log"
        self.load_dir = self.directory / "load"
        self.load_dir.mkdir(parents=True, exist_ok=True)
        (self.load_dir / "extra.ttl").write_text("<http://example.org/loaded> <http://example.org/p> \"from LOAD\" .\n")
        token_file = self.directory / "tokens"
        token_file.write_text("# write tokens\n" + TOKEN + "\n")
        args = [self.binary, "serve", "--store", str(self.store), "--port", str(self.port),
                "--write-token-file", str(token_file), "--load-directory", str(self.load_dir),
                "--max-query-length", str(MAX_QUERY_LENGTH), "--max-body-bytes", str(MAX_BODY_BYTES),
                "--shutdown-grace", "2", *extra_args]
        if demo:
            args.append("--demo")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("the server exited:\n" + self.log_text())
            if time.time() > deadline:
                raise RuntimeError("the server did not start:\n" + self.log_text())
            time.sleep(0.1)

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text()

    def stop(self, timeout=60):
        """SIGTERM, as a service manager would; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        self.log.close()
        return self.process.returncode

    # -- requests

    def request(self, path, method="GET", data=None, headers=None, timeout=60):
        """(status, headers, body bytes), for any status."""
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def select(self, query, **params):
        q = urllib.parse.urlencode({"query": query, **params})
        status, _, body = self.request("/sparql?" + q, headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body
        return json.loads(body)["results"]["bindings"]

    def update(self, text, token=TOKEN):
        headers = {"Content-Type": "application/sparql-update"}
        if token:
            headers["Authorization"] = "Bearer " + token
        return self.request("/sparql", "POST", text.encode(), headers)

    def health(self):
        status, _, body = self.request("/health")
        return json.loads(body)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("ptolemy-server"))
    yield s
    status = s.stop()
    assert status == 0, s.log_text()


def pytest_sessionstart(session):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
