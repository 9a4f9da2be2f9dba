#!/usr/bin/env python3
"""Run the W3C SPARQL 1.1 `service` tests (federated query) against live ptolemy endpoints.

The conformance kit's runner (shared/conformance/sparql/run.py) skips the tests of
sparql11/service/manifest.ttl that carry `qt:serviceData`, because they need remote
endpoints. This runner runs all of them. For each test and each `qt:serviceData`
(endpoint IRI + data files) it loads the data into a fresh temporary store, starts
`ptolemy serve --read-only` on a free loopback port, then runs

    ptolemy query --data <qt:data>... --query <qt:query> --format json --base <query URL>
                  --service-alias <endpoint IRI>=http://127.0.0.1:<port>/sparql ...

and compares the output with `mf:result`. Every server also gets the aliases of all
the test's endpoints, since an endpoint may itself call another one (service03's
nested SERVICE). Servers are stopped by PID after each test, and on exit.

Reading manifests and expected results (.srx) and comparing results (multiset,
blank-node isomorphism) are the kit's own functions: run.py is imported as a module.
The engine runs in its own process group, killed at the timeout or when the runner
is interrupted.

Usage:
    python3 scripts/service-kit.py --cmd .build/release/ptolemy [--shared DIR]
            [--min-pass N] [-v] [--json-report FILE] [--timeout S] [--only SUBSTR]

The last line printed is `N passed, M failed, K skipped`. Exit 1 when fewer than
--min-pass tests pass, 2 when the runner itself cannot work, else 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    from rdflib import URIRef
    from rdflib.collection import Collection
except ImportError:
    sys.stderr.write("service-kit.py needs rdflib: python3 -m pip install rdflib\n")
    sys.exit(2)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoints import EndpointError, exit_on_sigterm, free_ports, signal_group, start_ptolemy, stop_all  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SERVICE_MANIFEST = Path("sparql11") / "service" / "manifest.ttl"


class RunnerFailure(Exception):
    """The runner itself cannot work (kit missing, engine not startable...): exit 2."""


@dataclass
class Outcome:
    """What happened to one test."""
    status: str                       # "pass" | "fail" | "skip"
    reason: str = ""
    detail: str = ""
    argv: list[str] | None = None     # the `ptolemy query` command line
    seconds: float = 0.0
    servers: list[dict] = field(default_factory=list)  # endpoint IRI, url, command, requests


# --------------------------------------------------------------------------
# The kit
# --------------------------------------------------------------------------


def import_kit(kit_dir: Path):
    """Import the kit's run.py as a module (its main() only runs as a script)."""
    path = kit_dir / "run.py"
    if not path.is_file():
        raise RunnerFailure("no conformance runner at %s (set --shared or PTOLEMY_SHARED)" % path)
    spec = importlib.util.spec_from_file_location("sparql_kit_run", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SystemExit:  # run.py exits when rdflib is missing
        raise RunnerFailure("cannot import %s (is rdflib installed?)" % path)
    return module


def take_service_data(kit, graph, entry) -> dict[str, list[Path]]:
    """Return {endpoint IRI: [data files]} of a manifest entry's `qt:serviceData`, and
    remove those triples from `graph` so the kit reads the entry as a plain
    evaluation test."""
    action = graph.value(entry, URIRef(kit.MF + "action"))
    if action is None:
        return {}
    has_service = URIRef(kit.QT + "serviceData")
    service_data: dict[str, list[Path]] = {}
    for node in list(graph.objects(action, has_service)):
        endpoint = graph.value(node, URIRef(kit.QT + "endpoint"))
        if not isinstance(endpoint, URIRef):
            raise kit.RunnerError("qt:serviceData without an endpoint IRI")
        files = [kit._file_of(d, "qt:data") for d in graph.objects(node, URIRef(kit.QT + "data"))]
        service_data.setdefault(str(endpoint), []).extend(files)
        graph.remove((action, has_service, node))
    return service_data


def load_service_tests(kit, manifest: Path) -> list:
    """The manifest's tests as the kit's Test objects, each with `service_data` added."""
    manifest = manifest.resolve()
    if not manifest.is_file():
        raise RunnerFailure("manifest not found: %s" % manifest)
    graph = kit.parse_rdf_file(manifest, kit.manifest_base(manifest))
    tests = []
    entries = URIRef(kit.MF + "entries")
    for holder in sorted(set(graph.subjects(entries, None)), key=str):
        for lst in graph.objects(holder, entries):
            for entry in Collection(graph, lst):
                try:
                    service_data = take_service_data(kit, graph, entry)
                    malformed = None
                except kit.RunnerError as e:
                    service_data, malformed = {}, "malformed qt:serviceData: %s" % e
                test = kit._make_test(graph, entry, manifest)
                test.service_data = service_data
                if malformed:
                    test.skip = malformed
                tests.append(test)
    return tests


# --------------------------------------------------------------------------
# Running one test
# --------------------------------------------------------------------------


def alias_args(urls: dict[str, str]) -> list[str]:
    """`--service-alias IRI=URL` for every endpoint IRI."""
    args = []
    for iri, url in urls.items():
        args += ["--service-alias", "%s=%s" % (iri, url)]
    return args


def compare_output(kit, text: str, expected, want: str, order, lax: bool):
    """Compare the engine's output with the expected results using the kit's
    comparison. Returns None when they match, else (reason, detail)."""
    if want == "graph":
        actual = {q[:3] for q in kit.parse_nquads(text, "a:")}
        return kit.compare_graphs(expected.rows, actual)
    actual = kit.parse_json_results(text, "a:")
    if expected.kind == "bool":
        if actual.kind != "bool":
            return ("expected a boolean (ASK) result, got solutions", "")
        if actual.boolean != expected.boolean:
            return ("ASK returned %s, expected %s" % (str(actual.boolean).lower(),
                                                      str(expected.boolean).lower()), "")
        return None
    if actual.kind != "solutions":
        return ("expected solutions, got a boolean", "")
    return kit.compare_solutions(expected, actual, order, lax)


def execute(kit, argv: list[str], timeout: float):
    """Run the engine as the kit's execute() does (own process group, killed at the
    timeout; same return tuple), and also kill it when the runner is interrupted."""
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        raise kit.RunnerError("cannot start engine %r: %s" % (argv[0], e))
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err, time.monotonic() - t0, False
    except subprocess.TimeoutExpired:
        signal_group(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err, time.monotonic() - t0, True
    except BaseException:  # KeyboardInterrupt, SystemExit from SIGTERM
        signal_group(proc.pid, signal.SIGKILL)
        proc.wait()
        raise


def run_query(kit, test, cmd: list[str], extra_args: list[str], timeout: float) -> Outcome:
    """Run the test's query with `ptolemy query ... extra_args` and check its result,
    the way the kit's run_test does for evaluation tests (less its FROM / FROM NAMED
    file lookup, which no service test needs)."""
    qpath = Path(test.query).resolve()
    info = kit.analyze_query(qpath.read_text(encoding="utf-8"), qpath.as_uri())
    want = "graph" if info.form in ("CONSTRUCT", "DESCRIBE") else "results"
    expected = kit.load_expected(test.result, want)
    argv = list(cmd) + ["query"]
    for d in test.data:
        argv += ["--data", str(Path(d).resolve())]
    argv += kit._graph_args(test.graph_data)
    argv += ["--query", str(qpath), "--format", "ntriples" if want == "graph" else "json",
             "--base", qpath.as_uri()] + list(extra_args)
    rc, out, err, seconds, timed_out = execute(kit, argv, timeout)
    if timed_out or rc != 0:
        return Outcome("fail", kit._engine_failure(rc, err, timed_out, timeout), kit._tail(err),
                       argv, seconds)
    try:
        diff = compare_output(kit, out.decode("utf-8"), expected, want, info.order, test.lax)
    except UnicodeDecodeError:
        diff = ("output is not UTF-8", "")
    except kit.OutputError as e:
        diff = ("unparsable engine output: %s" % e, kit._head(out))
    except kit.IsoBudgetExceeded:
        diff = ("result comparison gave up (blank-node isomorphism search too large)", "")
    if diff is None:
        return Outcome("pass", argv=argv, seconds=seconds)
    return Outcome("fail", diff[0], diff[1], argv, seconds)


def request_count(endpoint) -> int | None:
    """How many /sparql requests an endpoint answered, or None when /metrics fails."""
    try:
        return endpoint.sparql_requests()
    except OSError:
        return None


def run_service_test(kit, test, cmd: list[str], timeout: float) -> Outcome:
    """Start one endpoint per `qt:serviceData`, run the query against them, stop them."""
    if test.skip:
        return Outcome("skip", test.skip)
    ports = dict(zip(test.service_data, free_ports(len(test.service_data))))
    aliases = alias_args({iri: "http://127.0.0.1:%d/sparql" % port for iri, port in ports.items()})
    started = {}
    t0 = time.monotonic()
    try:
        for iri, files in test.service_data.items():
            try:
                started[iri] = start_ptolemy(cmd, files, aliases, port=ports[iri])
            except EndpointError as e:
                return Outcome("fail", "endpoint <%s> did not start: %s" % (iri, str(e).splitlines()[0]),
                               str(e), seconds=time.monotonic() - t0,
                               servers=[{"endpoint": iri, "port": ports[iri]}])
        outcome = run_query(kit, test, cmd, aliases, timeout)
        outcome.servers = [{"endpoint": iri, "url": ep.url, "command": ep.argv,
                            "sparql_requests": request_count(ep)} for iri, ep in started.items()]
        outcome.seconds = time.monotonic() - t0
        return outcome
    finally:
        for ep in started.values():
            ep.stop()


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv):
    ap = argparse.ArgumentParser(description="W3C SPARQL 1.1 SERVICE tests against live ptolemy endpoints")
    ap.add_argument("--cmd", required=True, help="the ptolemy command (shell-split), e.g. .build/release/ptolemy")
    ap.add_argument("--shared", default=os.environ.get("PTOLEMY_SHARED") or str(REPO.parent / "shared"),
                    help="the shared folder holding conformance/sparql (default: $PTOLEMY_SHARED or ../shared)")
    ap.add_argument("--min-pass", type=int, default=None, metavar="N", help="exit 1 when fewer than N tests pass")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds one `ptolemy query` may take (default 30); "
                                                             "each endpoint has 30 s to answer /health")
    ap.add_argument("--json-report", metavar="FILE", help="write per-test results as JSON")
    ap.add_argument("--only", action="append", default=[], metavar="SUBSTR",
                    help="only tests whose id or name contains SUBSTR (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print the command lines of every test and the full difference of failures")
    return ap.parse_args(argv)


def engine_command(text: str) -> list[str]:
    """The --cmd value split like a shell would; its program must exist."""
    cmd = shlex.split(text)
    if not cmd:
        raise RunnerFailure("--cmd is empty")
    if shutil.which(cmd[0]) is None:
        raise RunnerFailure("engine command not found or not executable: %s" % cmd[0])
    return cmd


def print_outcome(test, outcome: Outcome, verbose: bool) -> None:
    """One PASS/FAIL/SKIP line, and with -v the commands and the difference."""
    label = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}[outcome.status]
    line = "%s %s (%s)" % (label, test.display, test.name)
    print(line + (": " + outcome.reason if outcome.reason else ""), flush=True)
    if not verbose or outcome.status == "skip":
        return
    for server in outcome.servers:
        if "command" in server:
            print("     endpoint <%s> (%s /sparql requests): %s" % (
                server["endpoint"], server["sparql_requests"], shlex.join(server["command"])))
    if outcome.argv:
        print("     command: %s" % shlex.join(outcome.argv))
    for ln in (outcome.detail or "").splitlines():
        print("     " + ln)


def write_report(path: str, cmd_text: str, tests, outcomes, counts) -> None:
    """The machine-readable report: summary and one record per test."""
    report = {
        "engine_cmd": cmd_text,
        "summary": counts,
        "tests": [{
            "id": t.id, "display": t.display, "name": t.name, "status": o.status,
            "reason": o.reason, "detail": o.detail, "seconds": round(o.seconds, 3),
            "command": o.argv, "endpoints": o.servers,
        } for t, o in zip(tests, outcomes)],
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        cmd = engine_command(args.cmd)
        kit_dir = Path(args.shared).resolve() / "conformance" / "sparql"
        kit = import_kit(kit_dir)
        tests = load_service_tests(kit, kit_dir / SERVICE_MANIFEST)
    except (RunnerFailure, OSError) as e:
        sys.stderr.write("service-kit.py: %s\n" % e)
        return 2
    except Exception as e:  # e.g. the kit's RunnerError or a Turtle syntax error in the manifest
        sys.stderr.write("service-kit.py: cannot load the service manifest: %s: %s\n" % (type(e).__name__, e))
        return 2
    if args.only:
        tests = [t for t in tests if any(s in t.id or s in t.display or s in t.name for s in args.only)]

    outcomes = []
    try:
        for test in tests:
            try:
                outcome = run_service_test(kit, test, cmd, args.timeout)
            except kit.RunnerError as e:
                if "cannot start engine" in str(e):
                    sys.stderr.write("service-kit.py: %s\n" % e)
                    return 2
                outcome = Outcome("fail", "runner could not run test: %s" % e)
            except Exception as e:  # a bug or an unreadable test file: report it, go on
                outcome = Outcome("fail", "runner error: %s: %s" % (type(e).__name__, e))
            outcomes.append(outcome)
            print_outcome(test, outcome, args.verbose)
    finally:
        stop_all()

    counts = {s: sum(o.status == s for o in outcomes) for s in ("pass", "fail", "skip")}
    if args.json_report:
        write_report(args.json_report, args.cmd, tests, outcomes,
                     {"passed": counts["pass"], "failed": counts["fail"], "skipped": counts["skip"]})
    print("%d passed, %d failed, %d skipped" % (counts["pass"], counts["fail"], counts["skip"]))
    if args.min_pass is not None and counts["pass"] < args.min_pass:
        return 1
    return 0


if __name__ == "__main__":
    exit_on_sigterm()
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
