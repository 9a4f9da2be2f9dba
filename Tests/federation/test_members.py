"""Transparent federation: queries without SERVICE over `--member` endpoints (two
`ptolemy serve` members with LUCAS-like survey points and crop parcels, a pyoxigraph
member with the code list), whose answers must equal those of one store holding the
union of the data."""
import json
import random
import subprocess
import urllib.request

import pytest

import endpoints
from conftest import BIN, Oxigraph

PREFIXES = """PREFIX ex: <http://ex.org/>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
"""
HEAD = PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + \
    "@prefix lucas: <http://ex.org/lucas/> .\n@prefix parcel: <http://ex.org/parcel/> .\n" \
    "@prefix crop: <http://ex.org/crop/> .\n@prefix lc: <http://ex.org/lc/> .\n"
CROPS = {"maize": "B16", "wheat": "B11", "barley": "B13", "rapeseed": "B32"}


@pytest.fixture(scope="module")
def geo(tmp_path_factory):
    d = tmp_path_factory.mktemp("geo")
    rnd = random.Random(7)
    crops = list(CROPS)
    parcels = [HEAD]
    for i in range(10):
        for j in range(10):
            x0, y0 = 16.0 + i * 0.01, 48.0 + j * 0.01
            parcels.append(f"parcel:p{i}_{j} a ex:Parcel ; ex:cropType crop:{crops[(i * 3 + j) % 4]} ; geo:hasGeometry parcel:g{i}_{j} .")
            parcels.append(f'parcel:g{i}_{j} geo:asWKT "POLYGON(({x0} {y0}, {x0 + .01} {y0}, {x0 + .01} {y0 + .01}, '
                           f'{x0} {y0 + .01}, {x0} {y0}))"^^geo:wktLiteral .')
    points = [HEAD]
    for k in range(400):
        x, y = rnd.uniform(15.995, 16.105), rnd.uniform(47.995, 48.105)
        points.append(f"lucas:pt{k} a ex:SurveyPoint ; ex:landCover lc:{CROPS[rnd.choice(crops)]} ; geo:hasGeometry lucas:geom{k} .")
        points.append(f'lucas:geom{k} geo:asWKT "POINT({x:.6f} {y:.6f})"^^geo:wktLiteral .')
    codes = [HEAD] + [f"ex:map_{code} ex:lucasCode lc:{code} ; ex:cropType crop:{c} ." for c, code in CROPS.items()]
    files = {}
    for name, lines in [("points", points), ("parcels", parcels), ("codes", codes)]:
        files[name] = d / f"{name}.ttl"
        files[name].write_text("\n".join(lines) + "\n")
    a = endpoints.start_ptolemy([BIN], [files["points"]])
    b = endpoints.start_ptolemy([BIN], [files["parcels"]])
    c = Oxigraph([files["codes"]], d)
    yield {"files": files, "points": a, "parcels": b, "codes": c, "cache": d / "statistics.json"}
    a.stop()
    b.stop()
    c.stop()


def federated(geo, query, *extra):
    argv = [BIN, "query", "-e", PREFIXES + query, "--format", "json", "--federation-cache", str(geo["cache"]), "--explain",
            "--member", geo["points"].url, "--member", geo["parcels"].url, "--member", geo["codes"].url, *extra]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout), p.stderr


def union(geo, query):
    argv = [BIN, "query", "-e", PREFIXES + query, "--format", "json"]
    for f in geo["files"].values():
        argv += ["--data", str(f)]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def solutions(r):
    return sorted(json.dumps(b, sort_keys=True) for b in r["results"]["bindings"])


AGREEMENT = """SELECT ?point ?parcel ?surveyed ?mapped WHERE {
  ?point a ex:SurveyPoint ; ex:landCover ?lc ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
  ?parcel a ex:Parcel ; ex:cropType ?mapped ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
  ?m ex:lucasCode ?lc ; ex:cropType ?surveyed .
  FILTER(geof:sfWithin(?pw, ?cw)) }"""

QUERIES = {
    "agreement per point (spatial join across members, code list from a third)": AGREEMENT,
    "agreement counts per class": """SELECT ?mapped (COUNT(*) AS ?n) (SUM(IF(?surveyed = ?mapped, 1, 0)) AS ?agree) WHERE {
        ?point a ex:SurveyPoint ; ex:landCover ?lc ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
        ?parcel a ex:Parcel ; ex:cropType ?mapped ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
        ?m ex:lucasCode ?lc ; ex:cropType ?surveyed . FILTER(geof:sfWithin(?pw, ?cw)) } GROUP BY ?mapped""",
    "points in no parcel (NOT EXISTS across members)": """SELECT ?point WHERE {
        ?point a ex:SurveyPoint ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
        FILTER NOT EXISTS { ?parcel a ex:Parcel ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw . FILTER(geof:sfWithin(?pw, ?cw)) } }""",
    "a constant window over both members' geometries": """SELECT ?f WHERE { ?f geo:hasGeometry ?g . ?g geo:asWKT ?w .
        FILTER(geof:sfIntersects(?w, "POLYGON((16.02 48.02, 16.035 48.02, 16.035 48.035, 16.02 48.035, 16.02 48.02))"^^geo:wktLiteral)) }""",
    "the relation property (query rewrite) across members": """SELECT ?point ?parcel WHERE {
        ?point a ex:SurveyPoint . ?parcel a ex:Parcel . ?point geo:sfWithin ?parcel }""",
    "optional code list": """SELECT ?point ?c WHERE { ?point ex:landCover ?lc OPTIONAL { ?m ex:lucasCode ?lc ; ex:cropType ?c } }""",
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_federated_answers_equal_the_union_store(geo, name):
    got, _ = federated(geo, QUERIES[name])
    assert solutions(got) == solutions(union(geo, QUERIES[name]))
    assert got["results"]["bindings"], "the query should have answers"


def test_exclusive_groups_make_one_request_per_member(geo):
    before = {k: geo[k].sparql_requests() for k in ("points", "parcels")}
    geo["codes"].reset()
    federated(geo, AGREEMENT)
    # Points (with their geometries) in one request bound by the code list, the parcels
    # in one, the code list in one: namespaces tell that a point's geometry is never a parcel's.
    assert geo["points"].sparql_requests() - before["points"] == 1
    assert geo["parcels"].sparql_requests() - before["parcels"] == 1
    assert geo["codes"].requests()["sparql"] == 1


def test_spatial_filter_is_pushed_to_members_that_evaluate_it(geo):
    _, explain = federated(geo, QUERIES["a constant window over both members' geometries"])
    remote = [l for l in explain.splitlines() if "Service" in l]
    # Each member returns only what meets the window (8 points, 6 parcels), not all its geometries.
    assert any(geo["points"].url in l and "8 solutions" in l for l in remote), explain
    assert any(geo["parcels"].url in l and "6 solutions" in l for l in remote), explain


def test_members_whose_extent_misses_a_window_are_not_asked(geo):
    before = {k: geo[k].sparql_requests() for k in ("points", "parcels")}
    got, _ = federated(geo, """SELECT ?f WHERE { ?f geo:hasGeometry ?g . ?g geo:asWKT ?w .
        FILTER(geof:sfIntersects(?w, "POLYGON((10 40, 11 40, 11 41, 10 41, 10 40))"^^geo:wktLiteral)) }""")
    assert got["results"]["bindings"] == []
    assert {k: geo[k].sparql_requests() - before[k] for k in before} == {"points": 0, "parcels": 0}


def test_statistics_are_cached_and_shown_by_the_server(geo, tmp_path):
    cached = json.loads(geo["cache"].read_text())
    parcels = next(m for m in cached if m["endpoint"] == geo["parcels"].url)
    assert parcels["classes"]["http://ex.org/Parcel"] == 100
    assert parcels["predicates"]["http://ex.org/cropType"]["triples"] == 100
    assert "http://www.opengis.net/def/function/geosparql/sfWithin" in parcels["functions"]
    assert parcels["geometryExtent"]["minX"] == pytest.approx(16.0)
    oxigraph = next(m for m in cached if m["endpoint"] == geo["codes"].url)
    # pyoxigraph evaluates the topological functions but not GeoSPARQL 1.1's geof:minX: it
    # refuses a query naming an unknown function, so each function was probed alone.
    geof = "http://www.opengis.net/def/function/geosparql/"
    assert geof + "sfWithin" in oxigraph["functions"] and geof + "minX" not in oxigraph["functions"]
    # A federating server over an empty store answers the same as the union store.
    server = endpoints.start_ptolemy([BIN], [], ["--member", geo["points"].url, "--member", geo["parcels"].url,
                                                 "--member", geo["codes"].url, "--federation-cache", str(tmp_path / "s.json")],
                                     read_only=False)
    try:
        deadline = __import__("time").time() + 60
        while True:
            with urllib.request.urlopen(server.base_url + "/federation", timeout=10) as r:
                report = json.load(r)
            if all(m.get("harvested") for m in report["members"]) or __import__("time").time() > deadline:
                break
            __import__("time").sleep(0.2)
        assert [m["endpoint"] for m in report["members"]] == [geo["points"].url, geo["parcels"].url, geo["codes"].url]
        assert next(m for m in report["members"] if m["endpoint"] == geo["parcels"].url)["classes"] == 1
        req = urllib.request.Request(server.url, data=(PREFIXES + AGREEMENT).encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            assert solutions(json.load(r)) == solutions(union(geo, AGREEMENT))
    finally:
        server.stop()


def test_an_unreachable_member_is_named(geo):
    p = subprocess.run([BIN, "query", "-e", PREFIXES + "SELECT * WHERE { ?s ex:nothing ?o }", "--member", "http://127.0.0.1:9/sparql",
                        "--federation-cache", str(geo["cache"]) + ".down"], capture_output=True, text=True, timeout=120)
    # Statistics could not be harvested: said so, and the member is still asked (nothing is known to exclude it).
    assert "member <http://127.0.0.1:9/sparql>: statistics incomplete" in p.stderr
    assert p.returncode != 0 and "SERVICE <http://127.0.0.1:9/sparql> failed: connection refused" in p.stderr, p.stderr
