"""Live endpoints for the federation tests: `ptolemy serve` processes, a pyoxigraph
endpoint (an engine that is not ours) and a misbehaving HTTP server, all on loopback
ports, each stopped by its PID when the tests end.

The binary under test is PTOLEMY_BIN (scripts/federation-tests.sh sets it).
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import endpoints  # noqa: E402

BIN = os.environ.get("PTOLEMY_BIN") or str(ROOT / ".build/release/ptolemy")
EX = "http://ex.org/"


def write(path, text):
    path.write_text(text)
    return path


@pytest.fixture(scope="session")
def data(tmp_path_factory):
    """Small datasets: points with codes (local), a code list (remote), labels."""
    d = tmp_path_factory.mktemp("data")
    points = ["@prefix ex: <http://ex.org/> ."]
    for i in range(1000):
        points.append(f"ex:p{i} ex:code {i % 50} ; ex:size {i} .")
    codes = ["@prefix ex: <http://ex.org/> ."]
    for i in range(50):
        codes.append(f'ex:c{i} ex:value {i} ; ex:label "class {i}"@en ; ex:min {i * 10} .')
    wide = ["@prefix ex: <http://ex.org/> ."]
    for i in range(1000):
        wide.append(f"ex:p{i} ex:weight {i * 2} .")
    return {
        "points": write(d / "points.ttl", "\n".join(points) + "\n"),
        "codes": write(d / "codes.ttl", "\n".join(codes) + "\n"),
        "weights": write(d / "weights.ttl", "\n".join(wide) + "\n"),
    }


class Oxigraph:
    """scripts/oxigraph-endpoint.py on a free port."""

    def __init__(self, files, workdir):
        self.port = endpoints.free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.base = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, str(ROOT / "scripts/oxigraph-endpoint.py"), "--port", str(self.port)]
        for f in files:
            args += ["--data", str(f)]
        self.log = open(workdir / f"oxigraph-{self.port}.log", "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        endpoints.wait_ready(self.base, proc=self.process)

    def requests(self):
        with urllib.request.urlopen(self.base + "/requests") as r:
            return json.load(r)

    def reset(self):
        urllib.request.urlopen(urllib.request.Request(self.base + "/requests/reset", data=b"", method="POST")).close()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture(scope="session")
def oxigraph(data, tmp_path_factory):
    ox = Oxigraph([data["codes"]], tmp_path_factory.mktemp("oxigraph"))
    yield ox
    ox.stop()


@pytest.fixture(scope="session")
def member(data):
    """A `ptolemy serve` holding the weights."""
    ep = endpoints.start_ptolemy([BIN], [data["weights"]])
    yield ep
    ep.stop()


class Misbehaving(BaseHTTPRequestHandler):
    """Answers by path: /status500, /html, /truncated, /slow, /redirect-out, /redirect-in."""
    protocol_version = "HTTP/1.1"
    allowed_target = ""

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/sparql-results+json", headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = urllib.parse.urlparse(self.path).path
        query = urllib.parse.urlparse(self.path).query
        if path == "/status500":
            self.send(500, "internal failure: the database is on fire", "text/plain")
        elif path == "/html":
            self.send(200, "<html><body>Welcome</body></html>", "text/html")
        elif path == "/truncated":
            self.send(200, '{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://a"}, '
                      '"p": {"type": "uri", "value": "http://b"}, "o": {"type": "literal", "value": "c"}}, {"s": {"ty')
        elif path == "/slow":
            time.sleep(5)
            self.send(200, '{"head": {"vars": []}, "results": {"bindings": []}}')
        elif path == "/redirect-out":
            self.send(302, "", "text/plain", [("Location", "http://127.0.0.2:9/sparql?" + query)])
        elif path == "/redirect-in":
            self.send(307, "", "text/plain", [("Location", Misbehaving.allowed_target + "?" + query)])
        else:
            self.send(404, "no such path", "text/plain")

    do_POST = do_GET


@pytest.fixture(scope="session")
def misbehaving(oxigraph):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    Misbehaving.allowed_target = oxigraph.url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run_query(query, *args, data=(), expect_ok=True, fmt="json"):
    """Runs `ptolemy query`; returns the parsed JSON (or the completed process on failure)."""
    argv = [BIN, "query", "-e", query, "--format", fmt, *args]
    for f in data:
        argv += ["--data", str(f)]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if expect_ok:
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout) if fmt == "json" else p.stdout
    assert p.returncode != 0, p.stdout
    return p


def rows(results, *names):
    """The solutions as a sorted list of tuples of plain values."""
    out = []
    for b in results["results"]["bindings"]:
        out.append(tuple(b[n]["value"] if n in b else None for n in names))
    return sorted(out, key=lambda t: tuple("" if v is None else v for v in t))
