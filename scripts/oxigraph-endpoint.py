#!/usr/bin/env python3
"""A SPARQL 1.1 Protocol endpoint backed by pyoxigraph: a remote member implemented by
another engine than ours, for federation tests.

Usage:
    python3 scripts/oxigraph-endpoint.py --port P [--host 127.0.0.1] [--data FILE]...
                                         [--pid-file F] [-v]

The --data files are loaded into an in-memory store (format by extension: .ttl .nt
.nq .trig .rdf; base IRI = the file's file:// URL). Then it serves:

  /sparql               queries by GET ?query=, POST application/x-www-form-urlencoded
                        (query=...) and POST application/sparql-query. The
                        default-graph-uri / named-graph-uri parameters set the query's
                        dataset. Results by Accept: SPARQL JSON (default), XML, TSV,
                        CSV for SELECT/ASK; N-Triples (default), Turtle, RDF/XML for
                        CONSTRUCT/DESCRIBE. gzip when Accept-Encoding allows it.
                        Syntax errors: 400 text/plain; evaluation errors: 500.
  GET /requests         {"sparql": <number of /sparql requests>, "queries": [<last 200>]}
  POST /requests/reset  sets both back to zero / empty
  GET /health           200 {"status": "ok", "quads": N}

Once listening it prints `listening on http://HOST:PORT/sparql` (useful with --port 0)
and writes --pid-file. SIGTERM or Ctrl-C stops it. It is read-only: updates are
refused. Whether pyoxigraph itself evaluates SERVICE does not matter here.
"""

from __future__ import annotations

import sys

try:
    import pyoxigraph as ox
except ImportError:
    sys.stderr.write(
        "oxigraph-endpoint.py needs the pyoxigraph package (Python bindings of Oxigraph).\n"
        "Install it with:  python3 -m pip install pyoxigraph\n"
        "(on an externally managed Python add --break-system-packages)\n")
    sys.exit(2)

import argparse
import gzip
import json
import os
import signal
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

KEPT_QUERIES = 200

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
}

# (media type asked for, serializer format, Content-Type sent); the first is the default.
RESULT_OFFERS = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    ("application/json", ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    ("application/xml", ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    ("text/xml", ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
    ("text/csv", ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
]
GRAPH_OFFERS = [
    ("application/n-triples", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ("text/plain", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ("text/turtle", ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    ("application/x-turtle", ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML, "application/rdf+xml"),
]


class ProtocolError(Exception):
    """A request that gets an error status with a text/plain message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------
# Data and queries
# --------------------------------------------------------------------------


def load_store(files: list[str]) -> ox.Store:
    """An in-memory store holding `files`, each parsed with its file:// URL as base IRI."""
    store = ox.Store()
    for name in files:
        path = Path(name).resolve()
        fmt = RDF_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise ValueError("%s: unknown RDF extension (expected one of %s)"
                             % (name, " ".join(sorted(RDF_FORMATS))))
        store.load(path=str(path), format=fmt, base_iri=path.as_uri())
    return store


def media_ranges(header: str | None) -> list[str]:
    """The media ranges of an Accept (or Accept-Encoding) header, most preferred first;
    ranges with q=0 are dropped. Equal q keeps the header's order."""
    ranked = []
    for position, item in enumerate((header or "").split(",")):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0]:
            continue
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, parts[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None, offers: list[tuple]):
    """The (format, Content-Type) of the offer the Accept header prefers; the first
    offer when nothing listed is available."""
    for media in media_ranges(accept):
        for offered, fmt, content_type in offers:
            if media in ("*/*", offered) or (media.endswith("/*") and offered.startswith(media[:-1])):
                return fmt, content_type
    return offers[0][1], offers[0][2]


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip."""
    return any(coding in ("gzip", "*") for coding in media_ranges(header))


def graph_list(iris: list[str], what: str) -> list[ox.NamedNode] | None:
    """NamedNodes for default-graph-uri / named-graph-uri values (None when absent)."""
    if not iris:
        return None
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as e:
        raise ProtocolError(400, "invalid %s: %s" % (what, e))


def evaluate(store: ox.Store, query: str, params: dict, accept: str | None) -> tuple[bytes, str]:
    """Run `query` and serialize its result as the client asked: (body, Content-Type).
    Raises ProtocolError 400 for a syntax error and 500 for an evaluation error."""
    default_graph = graph_list(params.get("default-graph-uri", []), "default-graph-uri")
    named_graphs = graph_list(params.get("named-graph-uri", []), "named-graph-uri")
    try:
        result = store.query(query, default_graph=default_graph, named_graphs=named_graphs)
    except SyntaxError as e:
        raise ProtocolError(400, "syntax error: %s" % e)
    except Exception as e:  # pyoxigraph raises OSError and others while evaluating
        raise ProtocolError(500, "evaluation error: %s" % e)
    offers = GRAPH_OFFERS if isinstance(result, ox.QueryTriples) else RESULT_OFFERS
    fmt, content_type = negotiate(accept, offers)
    try:  # results are lazy: evaluation errors can also surface here
        return result.serialize(format=fmt), content_type
    except Exception as e:
        raise ProtocolError(500, "evaluation error: %s" % e)


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------


class RequestLog:
    """How many /sparql requests were served and the last query texts (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._count = 0
        self._queries = deque(maxlen=KEPT_QUERIES)

    def count_request(self) -> None:
        with self._lock:
            self._count += 1

    def keep_query(self, query: str) -> None:
        with self._lock:
            self._queries.append(query)

    def snapshot(self) -> dict:
        with self._lock:
            return {"sparql": self._count, "queries": list(self._queries)}

    def reset(self) -> None:
        with self._lock:
            self._count = 0
            self._queries.clear()


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server holding the store, the request log and the verbosity."""

    daemon_threads = True

    def __init__(self, address, store: ox.Store, verbose: bool):
        super().__init__(address, SparqlHandler)
        self.store = store
        self.requests = RequestLog()
        self.verbose = verbose

    def handle_error(self, request, client_address):
        """Report a handler crash (e.g. a client that hung up) only with -v."""
        if self.verbose:
            super().handle_error(request, client_address)


class SparqlHandler(BaseHTTPRequestHandler):
    """/sparql, /requests, /requests/reset and /health over HTTP/1.1 keep-alive."""

    protocol_version = "HTTP/1.1"
    server_version = "oxigraph-endpoint/pyoxigraph-" + ox.__version__

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self):
        path, _, query_string = self.path.partition("?")
        if path == "/sparql":
            self.server.requests.count_request()
            self.serve_sparql(parse_qs(query_string, keep_blank_values=True))
        elif path == "/requests":
            self.send_json(200, self.server.requests.snapshot())
        elif path == "/health":
            self.send_json(200, {"status": "ok", "quads": len(self.server.store)})
        else:
            self.send_text(404, "not found: %s" % path)

    def do_POST(self):
        path, _, query_string = self.path.partition("?")
        try:
            body = self.read_body()
        except ProtocolError as e:
            self.close_connection = True  # the rest of the body cannot be skipped
            self.send_text(e.status, str(e))
            return
        if path == "/sparql":
            self.server.requests.count_request()
            params = parse_qs(query_string, keep_blank_values=True)
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/x-www-form-urlencoded":
                params.update(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
            elif content_type == "application/sparql-query":
                params["query"] = [body.decode("utf-8", "replace")]
            else:
                self.send_text(415, "POST /sparql takes application/x-www-form-urlencoded "
                                    "or application/sparql-query, not %r" % content_type)
                return
            self.serve_sparql(params)
        elif path == "/requests/reset":
            self.server.requests.reset()
            self.send_json(200, self.server.requests.snapshot())
        else:
            self.send_text(404, "not found: %s" % path)

    def serve_sparql(self, params: dict) -> None:
        """Answer one /sparql request whose parameters are `params`."""
        queries = params.get("query", [])
        if "update" in params:
            self.send_text(400, "this endpoint is read-only: updates are not supported")
            return
        if len(queries) != 1:
            self.send_text(400, "exactly one 'query' parameter is required")
            return
        self.server.requests.keep_query(queries[0])
        try:
            body, content_type = evaluate(self.server.store, queries[0], params,
                                          self.headers.get("Accept"))
        except ProtocolError as e:
            self.send_text(e.status, str(e))
            return
        self.send_body(200, body, content_type)

    def read_body(self) -> bytes:
        """The request body, by Content-Length or chunked transfer coding."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self.read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ProtocolError(400, "bad Content-Length")
        return self.rfile.read(length) if length > 0 else b""

    def read_chunked(self) -> bytes:
        """A body sent with Transfer-Encoding: chunked (trailers are skipped)."""
        chunks = []
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise ProtocolError(400, "bad chunk size line: %r" % line[:40])
            if size == 0:
                break
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)  # the CRLF after the chunk
        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
            pass
        return b"".join(chunks)

    def send_text(self, status: int, message: str) -> None:
        self.send_body(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def send_json(self, status: int, value) -> None:
        self.send_body(status, json.dumps(value).encode("utf-8"), "application/json")

    def send_body(self, status: int, body: bytes, content_type: str) -> None:
        """Send a complete response with Content-Length, gzipped when the client allows."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Vary", "Accept, Accept-Encoding")
        if accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv):
    ap = argparse.ArgumentParser(description="SPARQL 1.1 Protocol endpoint on pyoxigraph (in-memory)")
    ap.add_argument("--port", type=int, required=True, help="TCP port (0 picks a free one)")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--data", action="append", default=[], metavar="FILE",
                    help="RDF file to load (.ttl .nt .nq .trig .rdf; repeatable)")
    ap.add_argument("--pid-file", help="write the process id here once listening (removed at exit)")
    ap.add_argument("-v", "--verbose", action="store_true", help="log every request on stderr")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        store = load_store(args.data)
    except (ValueError, SyntaxError, OSError) as e:
        sys.stderr.write("oxigraph-endpoint.py: cannot load data: %s\n" % e)
        return 2
    try:
        server = EndpointServer((args.host, args.port), store, args.verbose)
    except OSError as e:
        sys.stderr.write("oxigraph-endpoint.py: cannot listen on %s:%d: %s\n" % (args.host, args.port, e))
        return 2
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        if args.pid_file:
            Path(args.pid_file).write_text("%d\n" % os.getpid())
        host, port = server.server_address[:2]
        print("listening on http://%s:%d/sparql" % (host, port), flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if args.pid_file:
            Path(args.pid_file).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
