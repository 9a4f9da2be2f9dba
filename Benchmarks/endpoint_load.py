#!/usr/bin/env python3
"""Load test of the SPARQL endpoint (not a test: it prints figures).

64 connections of catalogue look-ups by image ID (wrk, with a Lua script that picks a
random ID per request) against the demo catalogue scaled up, while a second client
commits a stream of updates (one INSERT DATA of a new observation every 50 ms). The
same data, queries and updates go to Ptolemy and then to Virtuoso (Debian's
virtuoso-opensource-7, started privately through ../shared/bench/peers/virtuoso_peer.py's
configuration), one engine at a time, and a table compares throughput, p50/p99 latency
and errors.

  python3 Benchmarks/endpoint_load.py [--images 20000] [--seconds 20] [--connections 64] [--engines ptolemy virtuoso]

Needs wrk (Debian) and, for Virtuoso, `bash ../shared/bench/peers/install_peers.sh`.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shared folder beside the repository (or beside the main checkout, from a worktree).
SHARED = Path(os.environ.get("PTOLEMY_SHARED") or next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "bench").is_dir()), ROOT.parent / "shared"))
EO = "https://w3id.org/ptolemy/ont/eo#"
POLAR = "https://w3id.org/ptolemy/ont/polar#"
GEO = "http://www.opengis.net/ont/geosparql#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TOKEN = "endpoint-load-test-token-7c1d5e9a"
LOOKUP = ("PREFIX eo: <" + EO + "> PREFIX geo: <" + GEO + "> "
          "SELECT ?image ?platform ?sensingTime ?footprint WHERE { ?image eo:imageID \"%s\" ; eo:platform ?platform ; "
          "eo:sensingTime ?sensingTime ; geo:hasGeometry/geo:asWKT ?footprint }")

WRK_SCRIPT = r"""
local ids = {}
for line in io.lines("%(ids)s") do ids[#ids + 1] = line end
local prefix = "%(prefix)s"
local suffix = "%(suffix)s"
local function encode(s)
  return (s:gsub("[^%%w%%-%%._~]", function(c) return string.format("%%%%%%02X", string.byte(c)) end))
end
math.randomseed(os.time())
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/sparql?query=" .. encode(prefix .. id .. suffix), {["Accept"] = "application/sparql-results+json"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%%d status_errors=%%d socket_errors=%%d p50_us=%%d p99_us=%%d duration_us=%%d\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99),
    summary.duration))
end
"""


def generate(path, images, seed=7):
    """The demo catalogue, scaled up: images with footprints and sea-ice observations."""
    rng = random.Random(seed)
    ids = []
    with open(path, "w") as out:
        for i in range(images):
            sat = rng.choice(["S1A", "S1B", "S2A", "S2B"])
            image_id = f"{sat}_EW_GRDH_1SDH_2021{1 + i % 12:02d}{1 + i % 28:02d}T{i % 24:02d}1512_{i:06d}"
            ids.append(image_id)
            img = f"<https://w3id.org/ptolemy/demo/image/{image_id}>"
            fp = f"<https://w3id.org/ptolemy/demo/geometry/footprint-{image_id}>"
            lon, lat = rng.uniform(-20, 40), rng.uniform(60, 82)
            wkt = f"POLYGON(({lon:.4f} {lat:.4f}, {lon + 6:.4f} {lat:.4f}, {lon + 6:.4f} {lat + 2:.4f}, {lon:.4f} {lat + 2:.4f}, {lon:.4f} {lat:.4f}))"
            out.write(f"{img} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EO}SatelliteImage> .\n")
            out.write(f"{img} <{EO}imageID> \"{image_id}\" .\n")
            out.write(f"{img} <{EO}platform> <{EO}Sentinel{sat[1:]}> .\n")
            out.write(f"{img} <{EO}productType> \"GRDH\" .\n")
            out.write(f"{img} <{EO}sensingTime> \"2021-03-03T07:15:12Z\"^^<{XSD}dateTime> .\n")
            out.write(f"{img} <{GEO}hasGeometry> {fp} .\n")
            out.write(f"{fp} <{GEO}asWKT> \"{wkt}\"^^<{GEO}wktLiteral> .\n")
            for k in range(3):
                obs = f"<https://w3id.org/ptolemy/demo/observation/{image_id}-{k}>"
                out.write(f"{obs} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{POLAR}SeaIceObservation> .\n")
                out.write(f"{obs} <{EO}hasImageID> \"{image_id}\" .\n")
                out.write(f"{obs} <{POLAR}iceConcentration> \"{rng.uniform(0, 10):.1f}\"^^<{XSD}decimal> .\n")
    return ids, images * 16


class UpdateStream(threading.Thread):
    """Commits one new observation every `interval` seconds until stopped."""

    def __init__(self, url, ids, headers, interval=0.05):
        super().__init__(daemon=True)
        self.url, self.ids, self.headers, self.interval = url, ids, headers, interval
        self.ok = self.failed = 0
        self.latencies = []
        self.stopping = threading.Event()

    def run(self):
        n = 0
        while not self.stopping.is_set():
            n += 1
            image_id = random.choice(self.ids)
            obs = f"<https://w3id.org/ptolemy/demo/observation/load-{os.getpid()}-{n}>"
            # A named graph: Virtuoso's default graph cannot be written to.
            text = (f"INSERT DATA {{ GRAPH <http://example.org/catalogue/updates> {{ {obs} <{EO}hasImageID> \"{image_id}\" . "
                    f"{obs} <{POLAR}iceConcentration> \"{n % 10}.5\"^^<{XSD}decimal> . }} }}")
            body = urllib.parse.urlencode({"update": text}).encode()
            request = urllib.request.Request(self.url, data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", **self.headers})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as r:
                    r.read()
                self.ok += 1
                self.latencies.append(time.perf_counter() - started)
            except (urllib.error.URLError, OSError):
                self.failed += 1
            self.stopping.wait(self.interval)


def wait_for(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError("not answering: " + url)


def check_lookup(endpoint, image_id):
    query = urllib.parse.urlencode({"query": LOOKUP % image_id})
    request = urllib.request.Request(endpoint + "?" + query, headers={"Accept": "application/sparql-results+json"})
    body = urllib.request.urlopen(request, timeout=30).read().decode()
    if image_id not in body and "footprint-" not in body:
        raise RuntimeError("the look-up finds nothing: " + body[:300])


def measure(name, endpoint, ids, work, args, update_headers):
    ids_file = work / "ids.txt"
    ids_file.write_text("\n".join(ids) + "\n")
    prefix, suffix = (LOOKUP % "\x00").split("\x00")
    script = work / "lookup.lua"
    script.write_text(WRK_SCRIPT % {"ids": ids_file, "prefix": prefix.replace('"', '\\"'), "suffix": suffix.replace('"', '\\"')})
    check_lookup(endpoint, ids[0])
    # Warm-up, then the measured run with updates streaming in.
    subprocess.run(["wrk", "-t2", f"-c{args.connections}", "-d3s", "-s", str(script), endpoint.rsplit("/sparql", 1)[0]],
                   capture_output=True, check=True)
    updates = UpdateStream(endpoint, ids, update_headers)
    updates.start()
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "10s", "-s", str(script),
                          endpoint.rsplit("/sparql", 1)[0]], capture_output=True, text=True, check=True).stdout
    updates.stopping.set()
    updates.join(60)
    m = re.search(r"RESULT requests=(\d+) status_errors=(\d+) socket_errors=(\d+) p50_us=(\d+) p99_us=(\d+) duration_us=(\d+)", out)
    if not m:
        raise RuntimeError("wrk said:\n" + out)
    requests, status_errors, socket_errors, p50, p99, duration = map(int, m.groups())
    row = {"engine": name, "rps": requests / (duration / 1e6), "p50_ms": p50 / 1000, "p99_ms": p99 / 1000,
           "errors": status_errors + socket_errors, "requests": requests,
           "updates_ok": updates.ok, "updates_failed": updates.failed,
           "update_p50_ms": sorted(updates.latencies)[len(updates.latencies) // 2] * 1000 if updates.latencies else float("nan")}
    print(f"[{name}] {row}", file=sys.stderr)
    return row


def run_ptolemy(data, ids, work, args):
    binary = args.ptolemy or str(ROOT / ".build/release/ptolemy")
    store = work / "ptolemy-store"
    subprocess.run([binary, "load", "--quiet", "--store", str(store), str(data)], check=True)
    tokens = work / "tokens"
    tokens.write_text(TOKEN + "\n")
    port = args.ptolemy_port
    log = open(work / "ptolemy.log", "w")
    server = subprocess.Popen([binary, "serve", "--store", str(store), "--port", str(port), "--write-token-file", str(tokens),
                               "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health")
        return measure("ptolemy", f"http://127.0.0.1:{port}/sparql", ids, work, args, {"Authorization": "Bearer " + TOKEN})
    finally:
        server.terminate()
        server.wait(60)


def run_virtuoso(data, ids, work, args):
    sys.path.insert(0, str(SHARED / "bench" / "peers"))
    import virtuoso_peer as vp  # the shared harness's configuration and isql helper
    vwork = work / "virtuoso"
    vwork.mkdir()
    ini = vp.INI.format(w=vwork, data=data.parent, sql_port=vp.SQL_PORT, http_port=vp.HTTP_PORT)
    # The harness tunes Virtuoso for one client; a load test needs room for many.
    ini = ini.replace("MaxClientConnections = 10", "MaxClientConnections = 100")
    ini = ini.replace("MaxClientConnections = 4\nServerThreads = 4", "MaxClientConnections = 100\nServerThreads = 32")
    (vwork / "virtuoso.ini").write_text(ini)
    log = open(vwork / "stdout.log", "w")
    server = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(vwork / "virtuoso.ini")], cwd=vwork,
                              stdout=log, stderr=log)
    try:
        wait_for(f"http://127.0.0.1:{vp.HTTP_PORT}/sparql?query=ASK%7B%7D")
        vp.isql(f"ld_dir('{data.parent}', '{data.name}', 'http://example.org/catalogue');")
        vp.isql("rdf_loader_run();")
        vp.isql("checkpoint;")
        vp.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        return measure("virtuoso", f"http://127.0.0.1:{vp.HTTP_PORT}/sparql", ids, work, args, {})
    finally:
        server.terminate()
        try:
            server.wait(120)
        except subprocess.TimeoutExpired:
            server.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--images", type=int, default=20_000)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--engines", nargs="+", default=["ptolemy", "virtuoso"])
    ap.add_argument("--ptolemy", help="the ptolemy binary (default: .build/release/ptolemy)")
    ap.add_argument("--ptolemy-port", type=int, default=18181)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="ptolemy-load-"))
    try:
        data = work / "catalogue.nt"
        ids, triples = generate(data, args.images)
        print(f"{args.images} images, {triples} triples; {args.connections} connections for {args.seconds} s, "
              f"one update every 50 ms", file=sys.stderr)
        rows = []
        for engine in args.engines:
            rows.append((run_ptolemy if engine == "ptolemy" else run_virtuoso)(data, ids, work, args))
        print(f"\n| engine | look-ups/s | p50 ms | p99 ms | errors | updates ok / failed | update p50 ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['engine']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} | "
                  f"{r['updates_ok']} / {r['updates_failed']} | {r['update_p50_ms']:.1f} |")
        if len(rows) == 2 and rows[1]["rps"] > 0:
            print(f"\nthroughput ratio {rows[0]['engine']}/{rows[1]['engine']}: {rows[0]['rps'] / rows[1]['rps']:.2f}x")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
