"""The protocol's corner cases with curl, as a person at a terminal would send them."""
import gzip
import json
import subprocess

from conftest import EO, MAX_BODY_BYTES, MAX_QUERY_LENGTH, TOKEN

LOOKUP = f'SELECT ?image WHERE {{ ?image <{EO}imageID> "S2A_MSIL2A_20200614T095031_N0214_R079_T33UWP" }}'


def curl(*args, data=None):
    """(status, headers text, body bytes) of one curl call."""
    out = subprocess.run(["curl", "-s", "-S", "-D", "-", "--max-time", "60", *args],
                         input=data, capture_output=True, check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    # A 100 Continue comes before the real head.
    while head.startswith(b"HTTP/1.1 100"):
        head, _, body = body.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    return status, head.decode("latin-1").lower(), body


def test_each_way_of_sending_a_query(server):
    url = server.url + "/sparql"
    answers = [
        curl("-G", "--data-urlencode", "query=" + LOOKUP, url),
        curl("--data-urlencode", "query=" + LOOKUP, url),
        curl("-H", "Content-Type: application/sparql-query", "--data-binary", "@-", url, data=LOOKUP.encode()),
    ]
    for status, headers, body in answers:
        assert status == 200
        assert "content-type: application/sparql-results+json" in headers
        assert json.loads(body)["results"]["bindings"][0]["image"]["value"].endswith("T33UWP")


def test_unacceptable_formats_are_406(server):
    status, _, body = curl("-G", "-H", "Accept: application/pdf", "--data-urlencode", "query=" + LOOKUP, server.url + "/sparql")
    assert status == 406
    assert json.loads(body)["error"] == "not-acceptable"


def test_syntax_errors_are_400_with_line_and_column(server):
    status, headers, body = curl("-G", "--data-urlencode", "query=SELECT * WHERE {\n ?s ?p ?o .\n FILTER(\n}", server.url + "/sparql")
    assert status == 400
    assert "application/json" in headers
    error = json.loads(body)
    assert error["error"] == "syntax" and error["line"] == 4 and error["column"] == 1


def test_oversized_requests_are_413_and_long_urls_414(server):
    big = b"query=" + b"%20" * (MAX_BODY_BYTES // 2)
    status, _, body = curl("-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "@-", server.url + "/sparql", data=big)
    assert status == 413
    assert "limit" in json.loads(body)["message"]
    long_query = LOOKUP + " " * MAX_QUERY_LENGTH
    status, _, _ = curl("-G", "--data-urlencode", "query=" + long_query, server.url + "/sparql")
    assert status == 414
    status, _, _ = curl("-H", "Content-Type: application/sparql-query", "--data-binary", "@-", server.url + "/sparql", data=long_query.encode())
    assert status == 413


def test_writes_without_the_token_are_401_and_with_a_wrong_one_403(server):
    update = "INSERT DATA { <http://example.org/curl> <http://example.org/p> 1 }"
    status, headers, _ = curl("--data-urlencode", "update=" + update, server.url + "/sparql")
    assert status == 401 and "www-authenticate: bearer" in headers
    status, _, _ = curl("-H", "Authorization: Bearer wrong-token-wrong-token", "--data-urlencode", "update=" + update, server.url + "/sparql")
    assert status == 403
    status, _, body = curl("-H", "Authorization: Bearer " + TOKEN, "--data-urlencode", "update=" + update, server.url + "/sparql")
    assert status == 200 and json.loads(body) == {"inserted": 1, "deleted": 0}
    status, _, _ = curl("-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "<http://a> <http://b> <http://c> .", server.url + "/store?default")
    assert status == 401


def test_load_reads_the_configured_directory_only(server):
    ok = f"LOAD <file://{server.load_dir}/extra.ttl> INTO GRAPH <http://example.org/loaded>"
    status, _, body = curl("-H", "Authorization: Bearer " + TOKEN, "--data-urlencode", "update=" + ok, server.url + "/sparql")
    assert status == 200 and json.loads(body)["inserted"] == 1
    status, _, body = curl("-H", "Authorization: Bearer " + TOKEN, "--data-urlencode", "update=LOAD <file:///etc/hostname>", server.url + "/sparql")
    assert status == 400 and "outside the directories" in json.loads(body)["message"]


def test_graph_store_round_trip(server):
    graph = server.url + "/store?graph=http%3A%2F%2Fexample.org%2Fcurl-graph"
    auth = ["-H", "Authorization: Bearer " + TOKEN]
    status, _, _ = curl("-X", "PUT", *auth, "-H", "Content-Type: text/turtle", "--data-binary",
                        '<http://example.org/x> <http://example.org/y> "z" .', graph)
    assert status == 201
    status, headers, body = curl("-H", "Accept: application/n-triples", graph)
    assert status == 200 and body == b'<http://example.org/x> <http://example.org/y> "z" .\n'
    status, headers, body = curl("-I", graph)
    assert status == 200 and "content-type: text/turtle" in headers
    status, _, _ = curl("-X", "DELETE", *auth, graph)
    assert status == 204
    status, _, _ = curl(graph)
    assert status == 404


def test_service_description_cors_gzip_health_and_metrics(server):
    status, headers, body = curl("-H", "Accept: text/turtle", server.url + "/sparql")
    assert status == 200 and b"sd:Service" in body and b"sd:SPARQL11Update" in body
    status, headers, _ = curl("-X", "OPTIONS", "-H", "Origin: https://tep.example", "-H", "Access-Control-Request-Method: POST",
                              server.url + "/sparql")
    assert "access-control-allow-origin: *" in headers
    status, headers, body = curl("-G", "-H", "Accept-Encoding: gzip", "--data-urlencode",
                                 "query=SELECT * WHERE { ?s ?p ?o } LIMIT 2000", server.url + "/sparql")
    assert "content-encoding: gzip" in headers
    assert len(json.loads(gzip.decompress(body))["results"]["bindings"]) == 2000
    status, _, body = curl(server.url + "/health")
    assert status == 200 and json.loads(body)["quads"] >= 3023
    status, headers, body = curl(server.url + "/metrics")
    text = body.decode()
    assert "ptolemy_http_requests_total{" in text and "ptolemy_http_request_duration_seconds_bucket{" in text
    assert "ptolemy_store_quads" in text


def test_one_log_line_per_request(server):
    marker = "SELECT ?marker WHERE { BIND(\"log-line-marker\" AS ?marker) }"
    curl("-G", "--data-urlencode", "query=" + marker, server.url + "/sparql")
    lines = [l for l in server.log_text().splitlines() if "path=/sparql" in l and "op=query" in l]
    assert lines, server.log_text()[-2000:]
    last = lines[-1]
    for field in ("method=GET", "status=200", "query_hash=", "rows=1", "ms=", "client=127.0.0.1"):
        assert field in last, last
