#!/usr/bin/env python3
"""Bulk-load benchmark: Ptolemy against raptor's parse-only rate and pyoxigraph's bulk
loader, on the same generated file in the same run.

For each scale it generates ../shared/bench data (gen_geo.py) once, then measures with
/usr/bin/time -v (wall time, CPU time, peak RSS) and du (bytes on disk):
  * ptolemy load --store DIR data.nt           (fresh store each round)
  * rapper -i ntriples -c data.nt               (parse only: the ceiling of any raptor-based loader)
  * pyoxigraph Store.bulk_load + optimize       (the peer; RocksDB on disk)
and prints a table. Each figure is the median of --rounds runs.

  python3 Benchmarks/load_bench.py --ptolemy .build/release/ptolemy --scales 1 5
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("PTOLEMY_SHARED", os.path.join(HERE, "..", "..", "shared"))

OXIGRAPH = r"""
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
store.flush(); store.optimize()
print(len(store))
"""


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak RSS bytes, stdout)."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    err = p.stderr

    def field(name):
        m = re.search(re.escape(name) + r":\s*([^\n]+)", err)
        return m.group(1).strip() if m else "0"
    parts = [float(x) for x in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) * 1024
    return wall, cpu, rss, p.stdout


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def dataset(scale, root):
    out = os.path.join(root, f"scale-{scale}")
    nt = os.path.join(out, "data.nt")
    if not os.path.exists(nt):
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_geo.py"), "--scale", str(scale), "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
    triples = sum(1 for _ in open(nt, "rb"))
    return nt, triples


def median(rows, i):
    return statistics.median(r[i] for r in rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptolemy", default=os.path.join(HERE, "..", ".build", "release", "ptolemy"))
    ap.add_argument("--scales", nargs="+", type=int, default=[1, 5])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--data-root", default="/tmp/bench-data")
    ap.add_argument("--no-oxigraph", action="store_true")
    a = ap.parse_args()
    table = []
    for scale in a.scales:
        nt, triples = dataset(scale, a.data_root)
        work = tempfile.mkdtemp(prefix="ptolemy-loadbench-")
        try:
            rows = {"ptolemy": [], "rapper": [], "oxigraph": []}
            for _ in range(a.rounds):
                store = os.path.join(work, "ptolemy")
                shutil.rmtree(store, ignore_errors=True)
                wall, cpu, rss, _ = timed([a.ptolemy, "load", "--quiet", "--store", store, nt])
                rows["ptolemy"].append((wall, cpu, rss, dir_size(store)))
                wall, cpu, rss, _ = timed(["rapper", "-q", "-i", "ntriples", "-c", nt])
                rows["rapper"].append((wall, cpu, rss, 0))
                if not a.no_oxigraph:
                    ox = os.path.join(work, "oxigraph")
                    shutil.rmtree(ox, ignore_errors=True)
                    wall, cpu, rss, out = timed([sys.executable, "-c", OXIGRAPH, nt, ox])
                    rows["oxigraph"].append((wall, cpu, rss, dir_size(ox)))
            for engine, r in rows.items():
                if not r:
                    continue
                wall, cpu, rss, disk = (median(r, i) for i in range(4))
                table.append((scale, triples, engine, wall, cpu, triples / wall, triples / cpu, rss, disk))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"| scale | triples | engine | wall s | CPU s | triples/s (wall) | triples/CPU-s | peak RSS MiB | disk MiB | bytes/triple |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for scale, triples, engine, wall, cpu, rate, cpurate, rss, disk in table:
        disk_cells = f"{disk / 2**20:.1f} | {disk / triples:.1f}" if disk else "- | -"
        print(f"| {scale} | {triples:,} | {engine} | {wall:.2f} | {cpu:.2f} | {rate:,.0f} | {cpurate:,.0f} | {rss / 2**20:.0f} | {disk_cells} |")
    # Ratios the issue asks for, per scale.
    for scale in a.scales:
        by = {e: (w, c, d) for s, _, e, w, c, _, _, _, d in table if s == scale}
        if "ptolemy" in by and "rapper" in by:
            print(f"scale {scale}: Ptolemy loads at {by['rapper'][0] / by['ptolemy'][0]:.0%} of raptor's parse-only rate (wall)")
        if "ptolemy" in by and "oxigraph" in by:
            p, o = by["ptolemy"], by["oxigraph"]
            print(f"scale {scale}: {o[0] / p[0]:.1f}x Oxigraph's triples/s (wall), {o[1] / p[1]:.1f}x per CPU-second, "
                  f"{p[2] / o[2]:.0%} of its bytes on disk")


if __name__ == "__main__":
    main()
