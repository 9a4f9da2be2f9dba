#!/usr/bin/env python3
"""Query benchmark: Ptolemy beside PostGIS and pyoxigraph on the same generated data, in
the same run, each engine timed inside a warm process (one warm-up, then the median of
--runs; process start-up and loading are not counted).

Queries: ../shared/bench/queries/qNN_*.rq (GeoSPARQL and BGP, with PostGIS SQL
equivalents) and Benchmarks/queries/b*.rq (our star, chain and snowflake BGPs, which
PostGIS has no SQL for). Result row counts (and for aggregates the sum of ?n) are shown
per engine so that differences are visible.

  python3 Benchmarks/query_bench.py --scale 1 --only Q12 Q13 B1 B2 B3 B4 B5
  python3 Benchmarks/query_bench.py --scale 5 --peers postgis oxigraph
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("PTOLEMY_SHARED", os.path.join(HERE, "..", "..", "shared"))
BENCH = os.path.join(SHARED, "bench")
sys.path.insert(0, os.path.join(BENCH, "peers"))


def queries(only):
    out = []
    for f in sorted(glob.glob(os.path.join(BENCH, "queries", "q*.rq"))) + sorted(glob.glob(os.path.join(HERE, "queries", "b*.rq"))):
        qid = os.path.basename(f).split("_", 1)[0].upper()
        if only and qid not in only:
            continue
        out.append((qid, f))
    return out


def ensure_data(scale, root):
    out = os.path.join(root, f"scale-{scale:g}")
    if not os.path.exists(os.path.join(out, "meta.json")):
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_geo.py"), "--scale", str(scale), "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def run_ptolemy(binary, data, work, qs, runs):
    store = os.path.join(work, "ptolemy")
    meta = os.path.join(data, "meta.json")
    stamp = os.path.join(store, ".loaded-from")
    if not (os.path.exists(stamp) and open(stamp).read() == open(meta).read()):
        shutil.rmtree(store, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([binary, "load", "--quiet", "--store", store, os.path.join(data, "data.nt")], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"[ptolemy] loaded in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        open(stamp, "w").write(open(meta).read())
    out = os.path.join(work, "ptolemy.json")
    subprocess.run([binary, "benchmark", "--store", store, "--runs", str(runs), "--json", out] + [f for _, f in qs],
                   check=True, stdout=sys.stderr)
    results = {}
    for r, (qid, _) in zip(json.load(open(out)), qs):
        results[qid] = {"median_s": r["median"], "cpu_s": r["cpuMedian"], "rows": r["rows"], "checksum": r.get("checksum")}
    return results


def run_peer(name, data, work, runs, only):
    out = os.path.join(work, f"{name}.json")
    cmd = [sys.executable, os.path.join(BENCH, "peers", f"{name}_peer.py"), "--data", data, "--work",
           os.path.join(work, name), "--out", out, "--runs", str(runs)]
    if only:
        cmd += ["--only"] + only
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    res = json.load(open(out))
    return {qid: {"median_s": q.get("median_s"), "cpu_s": q.get("cpu_median_s"), "rows": q.get("rows"),
                  "checksum": q.get("checksum"), "status": q.get("status")}
            for qid, q in res.get("queries", {}).items()}


def run_oxigraph_extra(work, qs, runs):
    """Our own BGP queries on the store the Oxigraph peer loaded."""
    import pyoxigraph as ox
    import common
    store = ox.Store(os.path.join(work, "oxigraph", "store"))
    results = {}
    for qid, f in qs:
        text = open(f).read()

        def run_once(timeout, text=text):
            # Read every solution, as the peers' harnesses do.
            return sum(1 for _ in store.query(text)), None
        r = common.time_query(run_once, runs, 120)
        results[qid] = {"median_s": r.get("median_s"), "rows": r.get("rows"), "status": r.get("status")}
    return results


def fmt(v):
    return "-" if v is None else (f"{v * 1000:.1f}" if v < 10 else f"{v * 1000:.0f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptolemy", default=os.path.join(HERE, "..", ".build", "release", "ptolemy"))
    ap.add_argument("--scale", type=float, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peers", nargs="*", default=["postgis", "oxigraph"], choices=["postgis", "oxigraph", "virtuoso"])
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--root", default=os.environ.get("BENCH_DATA", "/tmp/bench-data"))
    ap.add_argument("--md", help="also write the table to this file")
    a = ap.parse_args()
    only = [q.upper() for q in a.only] if a.only else None
    data = ensure_data(a.scale, a.root)
    work = os.path.join(a.root, "work", f"ptolemy-bench-scale-{a.scale:g}")
    os.makedirs(work, exist_ok=True)
    qs = queries(only)
    results = {"ptolemy": run_ptolemy(os.path.abspath(a.ptolemy), data, work, qs, a.runs)}
    shared_ids = [q for q, f in qs if f.startswith(BENCH)]
    extra = [(q, f) for q, f in qs if not f.startswith(BENCH)]
    for peer in a.peers:
        if shared_ids:
            results[peer] = run_peer(peer, data, work, a.runs, shared_ids)
        else:
            results[peer] = {}
            if peer == "oxigraph":
                # Only our own queries: the peer harness still loads the store (matching no query id).
                results[peer] = run_peer(peer, data, work, a.runs, ["NONE"])
        if peer == "oxigraph" and extra:
            results[peer].update(run_oxigraph_extra(work, extra, a.runs))
    engines = ["ptolemy"] + a.peers
    lines = [f"Scale {a.scale:g}: median ms of {a.runs} warm runs (Ptolemy also CPU ms); rows per engine.", "",
             "| query | " + " | ".join(f"{e} ms" for e in engines) + " | ptolemy CPU ms | rows | ratios |",
             "|---|" + "---|" * (len(engines) + 3)]
    for qid, _ in qs:
        cells, rows, ratios = [], [], []
        p = results["ptolemy"].get(qid, {})
        for e in engines:
            r = results[e].get(qid, {})
            cells.append(fmt(r.get("median_s")) if r.get("median_s") is not None else (r.get("status") or "-"))
            if r.get("rows") is not None:
                rows.append(f"{e[:2]} {r['rows']}" + (f" (Σn {r['checksum']})" if r.get("checksum") else ""))
            if e != "ptolemy" and r.get("median_s") and p.get("median_s"):
                ratios.append(f"{p['median_s'] / r['median_s']:.2f}× {e}")
        lines.append(f"| {qid} | " + " | ".join(cells) + f" | {fmt(p.get('cpu_s'))} | {'; '.join(rows)} | {', '.join(ratios)} |")
    text = "\n".join(lines)
    print(text)
    if a.md:
        open(a.md, "w").write(text + "\n")


if __name__ == "__main__":
    main()
