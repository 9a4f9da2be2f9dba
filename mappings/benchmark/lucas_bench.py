#!/usr/bin/env python3
"""Maps synthetic LUCAS survey rows to N-Triples with `ptolemy map` and, in the same
run, with Morph-KGC (pip install morph-kgc), printing rows, triples, time, rows/s,
triples/s and peak RSS for each.

    python3 mappings/benchmark/lucas_bench.py --cmd .build/release/ptolemy --rows 1000000

The data come from ../shared/bench/gen_lucas_csv.py and the mapping is
../shared/bench/lucas.rml.ttl (RML-Core/IO vocabulary). Each engine runs as a child
process; its peak resident set size is read from the kernel's rusage of that child.
The data are generated once per row count and kept in --work (default /tmp).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time


def run(command, cwd, env=None):
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    stderr = process.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{command[0]} failed ({code}):\n{stderr[-2000:]}")
    # ru_maxrss is in KiB on Linux; CPU seconds (user + system) tell more than wall time on a busy machine.
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def count_lines(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    # ../shared beside the repository, as the test command expects (or $PTOLEMY_SHARED).
    shared = os.environ.get("PTOLEMY_SHARED")
    if not shared:
        folder = os.path.dirname(os.path.dirname(here))
        while folder != "/" and not os.path.isdir(os.path.join(folder, "shared", "bench")):
            folder = os.path.dirname(folder)
        shared = os.path.join(folder, "shared")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cmd", required=True, help="the ptolemy binary")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", default="/tmp/ptolemy-lucas-bench")
    parser.add_argument("--shared", default=shared, help="the shared folder (bench generator and mapping)")
    parser.add_argument("--no-morph", action="store_true", help="skip Morph-KGC")
    parser.add_argument("--workers", type=int, help="ptolemy worker threads (default: one per core)")
    args = parser.parse_args()

    data = os.path.join(args.work, f"rows-{args.rows}")
    os.makedirs(data, exist_ok=True)
    csv = os.path.join(data, "lucas_points.csv")
    if not os.path.exists(csv):
        subprocess.run([sys.executable, os.path.join(args.shared, "bench", "gen_lucas_csv.py"), "--rows", str(args.rows),
                        "--seed", "42", "--out", csv], check=True)
    mapping = os.path.join(data, "lucas.rml.ttl")
    shutil.copyfile(os.path.join(args.shared, "bench", "lucas.rml.ttl"), mapping)

    results = []
    out = os.path.join(data, "ptolemy.nt")
    command = [os.path.abspath(args.cmd), "map", "--mapping", mapping, "--base-dir", data, "--output", out,
               "--format", "ntriples", "--quiet"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    seconds, rss, cpu = run(command, cwd=data)
    results.append(("ptolemy", seconds, count_lines(out), rss, cpu))
    os.remove(out)

    if not args.no_morph:
        out = os.path.join(data, "morph.nt")
        config = os.path.join(data, "morph.ini")
        # Morph-KGC 2.10 does not read RML-IO's rml:RelativePathSource: give it the same
        # mapping with the source as a plain path.
        with open(mapping) as f:
            text = f.read()
        morph_mapping = os.path.join(data, "lucas.morph.rml.ttl")
        with open(morph_mapping, "w") as f:
            f.write(re.sub(r'rml:source \[[^\]]*rml:path "([^"]+)"\s*\]', lambda m: f'rml:source "{os.path.join(data, m.group(1))}"', text))
        with open(config, "w") as f:
            f.write(f"[CONFIGURATION]\noutput_file={out}\noutput_format=N-TRIPLES\n\n[LUCAS]\nmappings={morph_mapping}\n")
        seconds, rss, cpu = run([sys.executable, "-m", "morph_kgc", config], cwd=data)
        results.append(("morph-kgc", seconds, count_lines(out), rss, cpu))
        os.remove(out)

    print(f"LUCAS rows: {args.rows}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'engine':<10} {'triples':>11} {'seconds':>9} {'CPU s':>8} {'rows/s':>11} {'triples/s':>11} {'peak RSS':>10}")
    for name, seconds, triples, rss, cpu in results:
        print(f"{name:<10} {triples:>11,} {seconds:>9.2f} {cpu:>8.2f} {args.rows / seconds:>11,.0f} {triples / seconds:>11,.0f} {rss / 2**20:>8.0f} MB")
    if len(results) == 2:
        print(f"ptolemy / morph-kgc triples per second: {(results[0][2] / results[0][1]) / (results[1][2] / results[1][1]):.1f}x")


if __name__ == "__main__":
    main()
