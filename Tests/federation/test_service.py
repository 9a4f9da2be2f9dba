"""SPARQL 1.1 Federated Query (SERVICE) against live endpoints: a `ptolemy serve` member,
a pyoxigraph endpoint, and an HTTP server that misbehaves on purpose."""
import json
import subprocess
import urllib.request

from conftest import BIN, EX, rows, run_query

PREFIX = "PREFIX ex: <http://ex.org/>\n"


def allow(*urls):
    args = []
    for u in urls:
        args += ["--service-allow", u]
    return args


def test_service_join_with_an_engine_that_is_not_ours(data, oxigraph):
    q = PREFIX + f"""SELECT ?p ?code ?label WHERE {{
        ?p ex:code ?code . FILTER(?code < 3)
        SERVICE <{oxigraph.url}> {{ ?c ex:value ?code ; ex:label ?label }} }}"""
    r = run_query(q, *allow(oxigraph.url), data=[data["points"]])
    got = rows(r, "p", "code", "label")
    assert len(got) == 60
    assert (EX + "p0", "0", "class 0") in got and (EX + "p52", "2", "class 2") in got


def test_bind_join_sends_each_distinct_binding_once_in_batches(data, oxigraph):
    oxigraph.reset()
    q = PREFIX + f"""SELECT ?p ?label WHERE {{
        ?p ex:code ?code . SERVICE <{oxigraph.url}> {{ ?c ex:value ?code ; ex:label ?label }} }}"""
    r = run_query(q, *allow(oxigraph.url), data=[data["points"]])
    assert len(r["results"]["bindings"]) == 1000
    seen = oxigraph.requests()
    # 1000 rows, 50 distinct codes: one request of 50 bindings, not 1000 requests.
    assert seen["sparql"] == 1, seen
    assert "VALUES" in seen["queries"][0]


def test_bind_join_batches_follow_the_rows_not_one_request_per_row(data, member):
    before = member.sparql_requests()
    q = PREFIX + f"""SELECT ?p ?w WHERE {{ ?p ex:size ?s . SERVICE <{member.url}> {{ ?p ex:weight ?w }} }}"""
    r = run_query(q, *allow(member.url), data=[data["points"]])
    assert len(r["results"]["bindings"]) == 1000
    got = {b["p"]["value"]: int(b["w"]["value"]) for b in r["results"]["bindings"]}
    assert got[EX + "p7"] == 14
    made = member.sparql_requests() - before
    # 1000 distinct subjects in batches of at most 200: 5 requests.
    assert made == 5, made


def test_optional_service_keeps_unmatched_rows(data, oxigraph):
    q = PREFIX + f"""SELECT ?p ?label WHERE {{
        ?p ex:size ?s . FILTER(?s < 4)
        OPTIONAL {{ SERVICE <{oxigraph.url}> {{ ?c ex:min ?s ; ex:label ?label }} }} }}"""
    r = run_query(q, *allow(oxigraph.url), data=[data["points"]])
    assert rows(r, "p", "label") == [(EX + "p0", "class 0"), (EX + "p1", None), (EX + "p2", None), (EX + "p3", None)]


def test_exists_substitutes_outer_values_into_the_remote_filter(data, oxigraph):
    # ?s is bound outside; inside the SERVICE it is only used in a FILTER. Substitution
    # (SPARQL 18.6) puts the value there; evaluating the SERVICE on its own would see
    # ?s unbound, the FILTER fail, and NOT EXISTS keep every row.
    q = PREFIX + f"""SELECT ?p WHERE {{
        ?p ex:size ?s . FILTER(?s < 30)
        FILTER NOT EXISTS {{ SERVICE <{oxigraph.url}> {{ ?c ex:min ?m FILTER(?m = ?s) }} }} }}"""
    r = run_query(q, *allow(oxigraph.url), data=[data["points"]])
    # sizes 0, 10 and 20 are some code's minimum.
    assert len(r["results"]["bindings"]) == 27
    assert all(b["p"]["value"] not in (EX + "p0", EX + "p10", EX + "p20") for b in r["results"]["bindings"])


def test_service_with_a_variable_endpoint(data, oxigraph, member, tmp_path):
    services = tmp_path / "services.ttl"
    services.write_text(f"<{EX}a> <{EX}endpoint> <{oxigraph.url}> .\n<{EX}b> <{EX}endpoint> <{member.url}> .\n")
    q = PREFIX + """SELECT ?e (COUNT(*) AS ?n) WHERE { ?x ex:endpoint ?e . SERVICE ?e { ?s ?p ?o } } GROUP BY ?e"""
    r = run_query(q, *allow(oxigraph.url, member.url), data=[services])
    assert rows(r, "e", "n") == sorted([(member.url, "1000"), (oxigraph.url, "150")])


def test_refused_endpoints_are_named_and_silent_gives_the_empty_solution(data, oxigraph):
    for endpoint in [oxigraph.url, "file:///etc/passwd", "http://127.0.0.1:1/sparql"]:
        q = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
        p = run_query(q, expect_ok=False)
        assert endpoint in p.stderr and "may not be called" in p.stderr or "refused" in p.stderr, p.stderr
        silent = run_query(q.replace("SERVICE", "SERVICE SILENT"))
        assert silent["results"]["bindings"] == [{}]


def test_failing_endpoints_give_errors_that_name_them(misbehaving, oxigraph):
    cases = {
        "/status500": "HTTP 500",
        "/html": "text/html",
        "/truncated": "malformed answer",
        "/redirect-out": "not on the allowlist",
    }
    for path, expected in cases.items():
        url = misbehaving + path
        p = run_query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", *allow(misbehaving), expect_ok=False)
        assert url in p.stderr and expected in p.stderr, (path, p.stderr)
    assert "on fire" in run_query(f"SELECT * WHERE {{ SERVICE <{misbehaving}/status500> {{ ?s ?p ?o }} }}",
                                  *allow(misbehaving), expect_ok=False).stderr
    # Unreachable, refused and failing endpoints under SILENT: the empty solution.
    for path in cases:
        r = run_query(f"SELECT * WHERE {{ SERVICE SILENT <{misbehaving}{path}> {{ ?s ?p ?o }} }}", *allow(misbehaving))
        assert r["results"]["bindings"] == [{}], path
    # A redirect to an allowed endpoint is followed.
    r = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{misbehaving}/redirect-in> {{ ?s ?p ?o }} }}",
                  *allow(misbehaving, oxigraph.url))
    assert r["results"]["bindings"][0]["n"]["value"] == "150"


def test_a_slow_endpoint_is_cut_off_by_the_query_time_limit(misbehaving):
    p = subprocess.run([BIN, "query", "-e", f"SELECT * WHERE {{ SERVICE <{misbehaving}/slow> {{ ?s ?p ?o }} }}",
                        "--timeout", "1", "--service-allow", misbehaving], capture_output=True, text=True, timeout=30)
    assert p.returncode != 0 and "time limit" in p.stderr, p.stderr


def test_explain_shows_requests_bytes_and_time(data, oxigraph):
    q = PREFIX + f"""SELECT ?p ?label WHERE {{
        ?p ex:code ?code . SERVICE <{oxigraph.url}> {{ ?c ex:value ?code ; ex:label ?label }} }}"""
    p = subprocess.run([BIN, "query", "-e", q, "--data", str(data["points"]), "--service-allow", oxigraph.url,
                        "--explain"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    line = next(l for l in p.stderr.splitlines() if "ServiceBindJoin" in l)
    assert "1 request" in line and "50 bindings" in line and " ms" in line and "actual 1000 rows" in line, line


def test_server_runs_service_and_reports_per_endpoint_metrics(data, oxigraph, tmp_path):
    import endpoints
    ep = endpoints.start_ptolemy([BIN], [data["points"]], ["--service-allow", oxigraph.url])
    try:
        q = PREFIX + f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p ex:code ?code . SERVICE <{oxigraph.url}> {{ ?c ex:value ?code }} }}"
        req = urllib.request.Request(ep.url, data=q.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            assert json.load(r)["results"]["bindings"][0]["n"]["value"] == "1000"
        # The server is no open proxy: an endpoint it was not told about is refused.
        q2 = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        req = urllib.request.Request(ep.url, data=q2.encode(), headers={"Content-Type": "application/sparql-query"})
        try:
            urllib.request.urlopen(req, timeout=60)
            raise AssertionError("a SERVICE to an endpoint off the allowlist was answered")
        except urllib.error.HTTPError as e:
            body = e.read().decode()
            assert "127.0.0.1:9" in body and "allowlist" in body, body
        with urllib.request.urlopen(ep.base_url + "/metrics", timeout=10) as r:
            metrics = r.read().decode()
        assert f'ptolemy_federation_requests_total{{endpoint="{oxigraph.url}",outcome="ok"}} 1' in metrics, metrics
        assert "ptolemy_federation_request_duration_seconds_bucket" in metrics
    finally:
        ep.stop()
