"""Behaviour under load: a client that goes away frees its query, readers see whole writes
only, timeouts hold, and SIGTERM shuts down cleanly."""
import json
import re
import socket
import subprocess
import threading
import time
import urllib.parse

from conftest import TOKEN, Server

# Every triple against every triple against every triple of the demo data: it runs
# until something stops it.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ENDLESS_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


def wait_for(what, condition, seconds=30):
    """Polls until `condition()` holds (a safety net, not a measurement)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("gave up waiting: " + what)


def raw_get(server, query, read_bytes=0):
    """Sends a GET on a plain socket, optionally reads some of the answer, and returns the socket."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/sparql-results+json\r\n\r\n".encode())
    received = b""
    while len(received) < read_bytes:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return sock, received


def cancelled_total(server):
    _, _, body = server.request("/metrics")
    return sum(int(float(m)) for m in re.findall(r'^ptolemy_queries_cancelled_total\{reason="client-gone"\} (\S+)$', body.decode(), re.M))


def test_a_client_that_disconnects_before_any_result_frees_its_query(server):
    before = cancelled_total(server)
    sock, _ = raw_get(server, ENDLESS)
    wait_for("the query to start", lambda: server.health()["runningQueries"] >= 1)
    sock.close()
    wait_for("the query to be cancelled", lambda: server.health()["runningQueries"] == 0)
    assert cancelled_total(server) > before


def test_a_client_that_disconnects_mid_stream_frees_its_query(server):
    sock, received = raw_get(server, ENDLESS_ROWS, read_bytes=200_000)
    assert b"200 OK" in received and b"chunked" in received.lower()
    assert server.health()["runningQueries"] >= 1
    sock.close()
    wait_for("the streaming query to stop", lambda: server.health()["runningQueries"] == 0)


def test_the_timeout_parameter(server):
    status, _, body = server.request("/sparql?" + urllib.parse.urlencode({"query": ENDLESS, "timeout": "0.3"}))
    assert status == 503
    assert json.loads(body)["error"] == "timeout"
    wait_for("the timed-out query to end", lambda: server.health()["runningQueries"] == 0)


def test_readers_see_whole_writes_while_a_writer_commits(server):
    # Each batch stays under the server's 4096-byte update limit (set by conftest).
    batches, size = 20, 150
    graph = "http://example.org/concurrency"
    failures, counts = [], []
    done = threading.Event()

    def writer():
        try:
            for b in range(batches):
                triples = " ".join(f"c:b{b}_{i} c:n {i} ." for i in range(size))
                status, _, body = server.update(f"PREFIX c: <http://example.org/c/> INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}")
                if status != 200:
                    failures.append((status, body))
        finally:
            done.set()

    def reader(streaming):
        query = (f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s <http://example.org/c/n> ?o }} }}" if streaming
                 else f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        seen = []
        while True:
            finished = done.is_set()
            rows = server.select(query)
            seen.append(len(rows) if streaming else int(rows[0]["n"]["value"]))
            if finished:
                break
        counts.append(seen)

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader, args=(i % 2 == 0,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures
    for seen in counts:
        assert all(n % size == 0 for n in seen), seen
        assert seen == sorted(seen), seen
        assert seen[-1] == batches * size


def test_sigterm_lets_a_short_query_finish_cancels_a_long_one_and_leaves_the_store_clean(tmp_path):
    server = Server(tmp_path)
    try:
        status, _, _ = server.update("INSERT DATA { <http://example.org/durable> <http://example.org/p> \"kept\" }")
        assert status == 200
        results = {}

        def long_query():
            results["long"] = server.request("/sparql?" + urllib.parse.urlencode({"query": ENDLESS}), timeout=60)[0]

        t = threading.Thread(target=long_query)
        t.start()
        wait_for("the long query to start", lambda: server.health()["runningQueries"] >= 1)
        assert server.stop(timeout=60) == 0
        t.join(30)
        # The grace period (2 s) passed, then the query was cancelled and answered 503.
        assert results["long"] == 503
        log = server.log_text()
        assert "shutting down" in log and "cancelling queries still running" in log and "stopped" in log
    finally:
        if server.process.poll() is None:
            server.process.kill()
    # The store opens again with the update in it and every checksum right.
    stats = subprocess.run([server.binary, "stats", "--store", str(server.store), "--verify"], capture_output=True, text=True)
    assert stats.returncode == 0, stats.stderr
    reopened = subprocess.run([server.binary, "query", "--store", str(server.store), "--format", "csv", "-e",
                               "SELECT ?o WHERE { <http://example.org/durable> ?p ?o }"], capture_output=True, text=True)
    assert reopened.returncode == 0, reopened.stderr
    assert reopened.stdout.splitlines() == ["o", "kept"]
