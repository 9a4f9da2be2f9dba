#!/usr/bin/env python3
"""Federation benchmark: LUCAS survey points in one endpoint, a crop-type parcel map in a
second, the LUCAS-to-crop-type code list (with the image catalogue) in a third, and
validation queries that join them, in SERVICE form and in plain form.

    python3 Benchmarks/federation_bench.py [--points 20000] [--runs 3] [--peers arq oxigraph]

Data: `../shared/bench/gen_lucas_csv.py` points mapped with our RML engine
(mappings/lucas/lucas.rml.ttl); a parcel map made here (a parcel around most points, some
with a neighbour parcel, crop labels that mostly agree with the survey), mapped with
mappings/crop-map/parcels-geojson.rml.ttl; an image catalogue mapped with
mappings/catalogue/images.rml.ttl; the code list is ontologies/foodsec.ttl. Each of the
three endpoints is a `ptolemy serve` on loopback.

Engines, on the same endpoints and queries:
  ptolemy-service  `ptolemy benchmark` on an empty store, queries in SERVICE form
  ptolemy-members  `ptolemy benchmark` on an empty store with --member for each endpoint, plain form
  union            `ptolemy benchmark` on one store holding the union of the three datasets, plain form
  arq              Jena ARQ (Debian libapache-jena-java), SERVICE form, time as ARQ reports it (--time)
  oxigraph         pyoxigraph's in-process query with SERVICE, SERVICE form

Printed per query and engine: rows, whether they equal the union store's, median seconds,
requests and response bytes per member (from each member's /metrics), and the ratios the
issue targets: ARQ / ptolemy-service and ptolemy-members / union. A benchmark, not a test:
nothing is asserted.
"""
import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PTOLEMY_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "scripts"))
import endpoints  # noqa: E402

PREFIXES = """PREFIX fs: <https://w3id.org/ptolemy/ont/foodsec#>
PREFIX eo: <https://w3id.org/ptolemy/ont/eo#>
PREFIX sosa: <http://www.w3.org/ns/sosa/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/>
"""

# Each query in plain form; {LUCAS}, {CROPS}, {CODES} mark the parts that the SERVICE
# form sends to each endpoint (`SERVICE <url> { ... }` replaces `{NAME ...}` blocks).
QUERIES = {
    "q1_agreement_per_point": """SELECT ?point ?code ?crop ?agree WHERE {
  {LUCAS ?point a fs:LucasPoint ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
         ?obs sosa:hasFeatureOfInterest ?point ; fs:lucasCode ?code . }
  {CROPS ?parcel a fs:Parcel ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
         ?cobs sosa:hasFeatureOfInterest ?parcel ; fs:cropType ?crop . }
  FILTER(geof:sfWithin(?pw, ?cw))
  OPTIONAL { {CODES ?code skos:exactMatch|skos:closeMatch|skos:broadMatch ?crop . BIND(true AS ?matches) } }
  BIND(BOUND(?matches) AS ?agree)
}""",
    "q2_points_without_parcel_within_10m": """SELECT ?point WHERE {
  {LUCAS ?point a fs:LucasPoint ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
         ?obs sosa:hasFeatureOfInterest ?point ; fs:gpsPrecision ?precision . FILTER(?precision > 19.5) }
  FILTER NOT EXISTS { {CROPS ?parcel a fs:Parcel ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
                             FILTER(geof:distance(?pw, ?cw, uom:metre) < 10) } }
}""",
    "q3_nearest_parcel_of_another_type": """SELECT ?point (MIN(?d) AS ?nearest) WHERE {
  {LUCAS ?point a fs:LucasPoint ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
         ?obs sosa:hasFeatureOfInterest ?point ; fs:lucasCode ?code ; fs:gpsPrecision ?precision . FILTER(?precision > 19.5)
         BIND(geof:buffer(?pw, 500, uom:metre) AS ?near) }
  {CROPS ?parcel a fs:Parcel ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
         ?cobs sosa:hasFeatureOfInterest ?parcel ; fs:cropType ?crop . }
  FILTER(geof:sfIntersects(?cw, ?near))
  FILTER NOT EXISTS { {CODES ?code skos:exactMatch|skos:closeMatch|skos:broadMatch ?crop } }
  BIND(geof:distance(?pw, ?cw, uom:metre) AS ?d)
} GROUP BY ?point""",
    "q4_agreement_counts_per_class": """SELECT ?crop (COUNT(*) AS ?points) (SUM(IF(BOUND(?matches), 1, 0)) AS ?agreeing) WHERE {
  {LUCAS ?point a fs:LucasPoint ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
         ?obs sosa:hasFeatureOfInterest ?point ; fs:lucasCode ?code . }
  {CROPS ?parcel a fs:Parcel ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
         ?cobs sosa:hasFeatureOfInterest ?parcel ; fs:cropType ?crop . }
  FILTER(geof:sfWithin(?pw, ?cw))
  OPTIONAL { {CODES ?code skos:exactMatch|skos:closeMatch|skos:broadMatch ?crop . BIND(true AS ?matches) } }
} GROUP BY ?crop""",
    "q5_disagreements_with_their_image": """SELECT ?point ?crop ?image ?sensed WHERE {
  {LUCAS ?point a fs:LucasPoint ; geo:hasGeometry ?pg . ?pg geo:asWKT ?pw .
         ?obs sosa:hasFeatureOfInterest ?point ; fs:lucasCode ?code . }
  {CROPS ?parcel a fs:Parcel ; geo:hasGeometry ?cg . ?cg geo:asWKT ?cw .
         ?cobs sosa:hasFeatureOfInterest ?parcel ; fs:cropType ?crop ; eo:hasImageID ?image . }
  FILTER(geof:sfWithin(?pw, ?cw))
  FILTER NOT EXISTS { {CODES ?code skos:exactMatch|skos:closeMatch|skos:broadMatch ?crop } }
  {CODES ?img eo:imageID ?image ; eo:sensingTime ?sensed . FILTER(?sensed >= "2020-06-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>) }
}""",
}

BLOCK = re.compile(r"\{(LUCAS|CROPS|CODES) ")


def query_form(text, urls):
    """The query with its marked blocks as plain groups (urls None) or SERVICE calls."""
    if urls is None:
        return PREFIXES + BLOCK.sub("{ ", text)
    return PREFIXES + BLOCK.sub(lambda m: f"SERVICE <{urls[m.group(1)]}> {{ ", text)


# ---------------------------------------------------------------- data

def crop_mapping():
    """LUCAS code → crop classes of the code list (skos:exactMatch/closeMatch/broadMatch)."""
    mapping = {}
    for line in (ROOT / "ontologies/foodsec.ttl").read_text().splitlines():
        m = re.match(r"lucas:(B\d+) .*skos:(?:exact|close|broad)Match (.*) \.$", line)
        if m:
            mapping[m.group(1)] = re.findall(r"fs:(\w+)", m.group(2))
    return mapping


def make_data(work, points, ptolemy):
    rnd = random.Random(42)
    lucas_dir, crops_dir, codes_dir = work / "lucas", work / "crops", work / "codes"
    for d in (lucas_dir, crops_dir, codes_dir):
        d.mkdir(parents=True, exist_ok=True)
    csv_path = lucas_dir / "lucas_points.csv"
    subprocess.run([sys.executable, str(SHARED / "bench/gen_lucas_csv.py"), "--rows", str(points), "--seed", "42",
                    "--out", str(csv_path)], check=True)
    images = [{"id": f"S2{'AB'[i % 2]}_MSIL2A_2020{6 + i % 4:02d}{1 + i % 28:02d}T100031_N0214_R{i:03d}_T33UWP",
               "platform": "Sentinel2A" if i % 2 == 0 else "Sentinel2B", "instrument": "MSI", "productType": "L2A",
               "sensingTime": f"2020-{5 + i % 5:02d}-{1 + i % 28:02d}T10:00:31Z", "cloudCover": round(rnd.uniform(0, 40), 1),
               "footprint": {"type": "Polygon", "coordinates": [[[-10, 35], [35, 35], [35, 70], [-10, 70], [-10, 35]]]}}
              for i in range(40)]
    (codes_dir / "images.json").write_text(json.dumps({"catalogue": "bench", "images": images}))
    mapping = crop_mapping()
    all_crops = sorted({c for cs in mapping.values() for c in cs})
    features = []
    with open(csv_path) as f:
        for row in csv.DictReader(f):
            if rnd.random() < 0.1:
                continue  # a point with no parcel
            lat, lon = float(row["lat"]), float(row["lon"])
            size = rnd.uniform(120, 400)  # metres
            dlat, dlon = size / 111320, size / (111320 * math.cos(math.radians(lat)))
            x0, y0 = lon - rnd.uniform(0.1, 0.9) * dlon, lat - rnd.uniform(0.1, 0.9) * dlat
            agree = mapping.get(row["crop_code"]) and rnd.random() < 0.75
            crop = rnd.choice(mapping[row["crop_code"]]) if agree else rnd.choice(all_crops)
            boxes = [(x0, y0, crop)]
            if rnd.random() < 0.3:  # a neighbour parcel to the east, usually of another crop
                boxes.append((x0 + dlon * 1.02, y0, rnd.choice(all_crops)))
            for k, (bx, by, c) in enumerate(boxes):
                features.append({"type": "Feature", "properties": {
                    "parcel_id": f"P{row['point_id']}-{k}", "crop": c, "crop_code": 0,
                    "image_id": rnd.choice(images)["id"], "confidence": round(rnd.uniform(0.5, 1), 2)},
                    "geometry": {"type": "Polygon", "coordinates": [[[bx, by], [bx + dlon, by], [bx + dlon, by + dlat],
                                                                     [bx, by + dlat], [bx, by]]]}})
    (crops_dir / "parcels.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    files = {}
    for name, mapping_file, base in [("lucas", "mappings/lucas/lucas.rml.ttl", lucas_dir),
                                     ("crops", "mappings/crop-map/parcels-geojson.rml.ttl", crops_dir),
                                     ("catalogue", "mappings/catalogue/images.rml.ttl", codes_dir)]:
        out = work / f"{name}.nq"
        subprocess.run([ptolemy, "map", "--mapping", str(ROOT / mapping_file), "--base-dir", str(base), "--output", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        files[name] = out
    return {"LUCAS": [files["lucas"]], "CROPS": [files["crops"]],
            "CODES": [ROOT / "ontologies/foodsec.ttl", files["catalogue"]]}, len(features)


# ---------------------------------------------------------------- measuring

def member_figures(members):
    """Requests and response bytes each member has served so far."""
    out = {}
    for name, ep in members.items():
        with urllib.request.urlopen(ep.base_url + "/metrics", timeout=10) as r:
            text = r.read().decode()
        requests = sum(float(v) for v in re.findall(r'^ptolemy_http_requests_total\{endpoint="sparql"[^}]*\} (\S+)$', text, re.M))
        sent = sum(float(v) for v in re.findall(r'^ptolemy_http_response_bytes_total\{endpoint="sparql"\} (\S+)$', text, re.M))
        out[name] = (requests, sent)
    return out


def delta(before, after, runs):
    return {k: ((after[k][0] - before[k][0]) / runs, (after[k][1] - before[k][1]) / runs) for k in before}


def rows_of_tsv(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return sorted(lines[1:]) if lines else []


def normalise(rows):
    """TSV rows with numbers compared by value (engines print 1.0E1 or 10.0)."""
    out = []
    for row in rows:
        cells = []
        for cell in row.split("\t"):
            m = re.match(r'^"([-+0-9.eE]+)"\^\^<http://www.w3.org/2001/XMLSchema#(double|decimal|integer)>$', cell) \
                or re.match(r"^([-+0-9.eE]+)$", cell)
            cells.append(f"{float(m.group(1)):.6g}" if m else cell)
        out.append("\t".join(cells))
    return sorted(out)


def run_ptolemy(ptolemy, store, query, runs, extra, timeout):
    """Median of `ptolemy benchmark` runs, and the rows of one `ptolemy query` run."""
    qf = store.parent / "bench-query.rq"
    qf.write_text(query)
    out = store.parent / "bench-result.json"
    p = subprocess.run([ptolemy, "benchmark", "--store", str(store), "--runs", str(runs), "--timeout", str(timeout),
                        "--json", str(out), *extra, str(qf)], capture_output=True, text=True, timeout=timeout * (runs + 2))
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    result = json.loads(out.read_text())[0]
    q = subprocess.run([ptolemy, "query", "--store", str(store), "--query", str(qf), "--format", "tsv", *extra],
                       capture_output=True, text=True, timeout=timeout)
    return {"seconds": result["median"], "rows": rows_of_tsv(q.stdout), "plan": result.get("plan", "")}


def jena_classpath(work):
    """Debian's Jena jars with the Xerces message bundles its shaded copy looks for."""
    java = Path("/usr/share/java")
    if not (java / "jena-arq.jar").exists():
        return None
    bundles = work / "jena-bundles"
    if not bundles.exists():
        tmp = work / "jena-unzip"
        subprocess.run(["unzip", "-o", "-q", str(java / "jena-core.jar"), "org/apache/jena/ext/xerces/*", "-d", str(tmp)], check=True)
        shutil.copytree(tmp / "org/apache/jena/ext/xerces", bundles / "xerces")
        for f in bundles.rglob("*.class"):
            f.unlink()
        shutil.rmtree(tmp)
    jars = ["jena-base", "jena-core", "jena-arq", "jena-cmds", "jena-iri", "jena-shaded-guava", "commons-cli", "commons-codec",
            "commons-compress", "commons-csv", "commons-io", "commons-lang3", "dexx.collection", "gson", "guava", "httpclient",
            "httpcore", "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf",
            "thrift", "titanium-json-ld", "slf4j-api", "slf4j-nop", "collection"]
    path = [str(bundles)]
    for j in jars:
        candidates = sorted(java.glob(j + ".jar")) or sorted(java.glob(j + "*.jar"))
        if candidates:
            path.append(str(candidates[0]))
    return ":".join(path)


def run_arq(classpath, query, runs, timeout, work):
    qf = work / "arq-query.rq"
    qf.write_text(query)
    times, rows = [], None
    for i in range(runs + 1):
        try:
            p = subprocess.run(["java", "-Xmx4g", "-cp", classpath, "arq.sparql", "--time", "--results=tsv", "--query", str(qf)],
                               capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {timeout} s"}
        if p.returncode != 0:
            return {"error": (p.stderr.strip().splitlines() or ["?"])[-1][:200]}
        m = re.search(r"Time: ([0-9.]+) sec", p.stderr + p.stdout)
        if i > 0:
            times.append(float(m.group(1)) if m else float("nan"))
        rows = rows_of_tsv(re.sub(r"^Time: .*$", "", p.stdout, flags=re.M))
    return {"seconds": statistics.median(times), "rows": rows}


def run_oxigraph(query, runs, timeout, work):
    script = work / "oxigraph-run.py"
    script.write_text("""
import sys, time, pyoxigraph as ox
q = open(sys.argv[1]).read(); runs = int(sys.argv[2]); store = ox.Store(); times = []
for i in range(runs + 1):
    t = time.perf_counter(); result = store.query(q); rows = [[str(v) if v is not None else "" for v in s] for s in result]
    if i: times.append(time.perf_counter() - t)
print(sorted(times)[len(times) // 2]); print(len(rows))
for r in rows: print("\\t".join(r))
""")
    qf = work / "oxigraph-query.rq"
    qf.write_text(query)
    try:
        p = subprocess.run([sys.executable, str(script), str(qf), str(runs)], capture_output=True, text=True, timeout=timeout * (runs + 1))
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["?"])[-1][:200]}
    lines = p.stdout.splitlines()
    return {"seconds": float(lines[0]), "rows": sorted(lines[2:])}


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--points", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", nargs="*", default=["arq", "oxigraph"], choices=["arq", "oxigraph"])
    ap.add_argument("--only", nargs="*", help="query names (prefixes) to run")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run of one query")
    ap.add_argument("--work", default="/tmp/federation-bench")
    ap.add_argument("--bin", default=str(ROOT / ".build/release/ptolemy"))
    a = ap.parse_args()
    work = Path(a.work)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    endpoints.exit_on_sigterm()
    t0 = time.time()
    data, parcels = make_data(work, a.points, a.bin)
    print(f"data: {a.points} LUCAS points, {parcels} parcels ({time.time() - t0:.0f} s)", file=sys.stderr)
    members = {name: endpoints.start_ptolemy([a.bin], files) for name, files in data.items()}
    urls = {name: ep.url for name, ep in members.items()}
    union = work / "union"
    subprocess.run([a.bin, "load", "--store", str(union)] + [str(f) for fs in data.values() for f in fs], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    empty = work / "empty"
    subprocess.run([a.bin, "update", "--store", str(empty), "-e", "INSERT DATA {}"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    allow = [x for u in urls.values() for x in ("--service-allow", u)]
    member_args = [x for u in urls.values() for x in ("--member", u)] + ["--federation-cache", str(work / "statistics.json")]
    # Members' statistics are harvested once, before anything is timed (a server does it at start).
    subprocess.run([a.bin, "query", "--store", str(empty), "-e", "ASK {}", *member_args], check=True, stdout=subprocess.DEVNULL)
    classpath = jena_classpath(work) if "arq" in a.peers else None
    if "arq" in a.peers and classpath is None:
        print("Jena ARQ not found (apt-get install libapache-jena-java): skipped", file=sys.stderr)
    results = {}
    try:
        for name, text in QUERIES.items():
            if a.only and not any(name.startswith(o) for o in a.only):
                continue
            results[name] = {}
            engines = [("union", lambda: run_ptolemy(a.bin, union, query_form(text, None), a.runs, [], a.timeout)),
                       ("ptolemy-service", lambda: run_ptolemy(a.bin, empty, query_form(text, urls), a.runs, allow, a.timeout)),
                       ("ptolemy-members", lambda: run_ptolemy(a.bin, empty, query_form(text, None), a.runs, member_args, a.timeout))]
            if classpath:
                engines.append(("arq", lambda: run_arq(classpath, query_form(text, urls), a.runs, a.timeout, work)))
            if "oxigraph" in a.peers:
                engines.append(("oxigraph", lambda: run_oxigraph(query_form(text, urls), a.runs, a.timeout, work)))
            for engine, run in engines:
                before = member_figures(members)
                r = run()
                after = member_figures(members)
                # `ptolemy benchmark` makes runs + 1 (warm-up) executions, `query` one more.
                executions = a.runs + 2 if engine.startswith("ptolemy") else a.runs + 1
                r["members"] = delta(before, after, executions) if engine != "union" else {}
                results[name][engine] = r
                print(f"{name} {engine}: {r.get('error') or '%.3f s, %d rows' % (r['seconds'], len(r['rows']))}", file=sys.stderr)
    finally:
        for ep in members.values():
            ep.stop()
    report(results, a)
    (work / "results.json").write_text(json.dumps(results, indent=1, default=str))


def report(results, a):
    print(f"\n## Federation benchmark: {a.points} LUCAS points, median of {a.runs} runs after a warm-up\n")
    print("| query | engine | rows | = union | seconds | requests LUCAS / CROPS / CODES | bytes LUCAS / CROPS / CODES |")
    print("|---|---|---|---|---|---|---|")
    for name, engines in results.items():
        reference = normalise(engines["union"]["rows"]) if "rows" in engines.get("union", {}) else None
        for engine, r in engines.items():
            if "error" in r:
                print(f"| {name} | {engine} | — | — | {r['error']} | | |")
                continue
            same = "yes" if reference is not None and normalise(r["rows"]) == reference else "**no**"
            m = r.get("members") or {}
            req = " / ".join(f"{m[k][0]:.0f}" for k in ("LUCAS", "CROPS", "CODES")) if m else "—"
            sent = " / ".join(f"{m[k][1] / 1000:.0f} kB" for k in ("LUCAS", "CROPS", "CODES")) if m else "—"
            print(f"| {name} | {engine} | {len(r['rows'])} | {same} | {r['seconds']:.3f} | {req} | {sent} |")
    print("\nRatios (lower is better for Ptolemy):")
    for name, engines in results.items():
        ours = engines.get("ptolemy-service", {}).get("seconds")
        fed = engines.get("ptolemy-members", {}).get("seconds")
        uni = engines.get("union", {}).get("seconds")
        parts = []
        if ours and "seconds" in engines.get("arq", {}):
            parts.append(f"ARQ / ptolemy-service = {engines['arq']['seconds'] / ours:.1f}x")
        if ours and "seconds" in engines.get("oxigraph", {}):
            parts.append(f"pyoxigraph / ptolemy-service = {engines['oxigraph']['seconds'] / ours:.1f}x")
        if fed and uni:
            parts.append(f"ptolemy-members / union = {fed / uni:.2f}x")
        if ours and uni:
            parts.append(f"ptolemy-service / union = {ours / uni:.2f}x")
        print(f"- {name}: " + ", ".join(parts))


if __name__ == "__main__":
    main()
