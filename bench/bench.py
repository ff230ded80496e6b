#!/usr/bin/env python3
"""Measures our service against PostGraphile on the same database (bench/run.sh starts both).

For each operation and concurrency: checks that both servers answer the same variables with the
same data, warms both up, then alternates runs of wrk (ours, PostGraphile, ours, ...) and keeps
the median of each metric. An operation is a row of SHAPES: which document (operations/<server>/,
each document once) and how it is sent (POST, GET, GET by hash, extra headers); every request of a
run is prepared here, one a line, for wrk/graphql.lua.
CPU per request comes from /proc/<pid>/stat (utime + stime) of the
server process and of the PostgreSQL backends that server's pool holds (one login role per
server). Raw SQL for the front page through pgbench is the ceiling. Standard library only.
"""
import argparse
import dataclasses
import datetime
import hashlib
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclasses.dataclass(frozen=True)
class Sending:
    """How a document goes to a server.

    method     GET: /graphql?query=...&operationName=...&variables=... (the document without
               comments); POST: a JSON body
    persisted  by the SHA-256 hash of the document only (automatic persisted queries:
               extensions.persistedQuery); a document that is not trusted is registered first (POST
               with document and hash)
    headers    extra request headers, "Name: value"
    trusted    the document is operation TRUSTED of the reader's trusted documents
               (src/main/resources/persisted/reader.json), exactly as the reader sends it, not a file
    """
    method: str = "POST"
    persisted: bool = False
    headers: tuple = ()
    trusted: str = None

    def with_headers(self, *headers):
        return dataclasses.replace(self, headers=self.headers + headers)

    def of_trusted(self, name):
        return dataclasses.replace(self, trusted=name)


POST = Sending()
GET = Sending("GET")
GET_BY_HASH = Sending("GET", persisted=True)
# bench/corpus/feed.sql makes the partner of this key.
PARTNER = "X-Api-Key: nrk_benchmark-partner-key-not-a-secret-00000000"
# The reader's client (web/src/api/client.ts) is urql, which asks for these.
URQL_ACCEPT = ("Accept: application/graphql-response+json, application/graphql+json, application/json, "
               "text/event-stream, multipart/mixed")
READER = GET_BY_HASH.with_headers(URQL_ACCEPT)
TRUSTED = os.path.join("persisted", "reader.json")  # in src/main/resources


@dataclasses.dataclass(frozen=True)
class Shape:
    """An operation measured: its document (operations/ours/ or operations/ours-only/ and
    operations/postgraphile/, DOCUMENT.graphql), how each server gets it, and for an operation only
    our service has (postgraphile None) the field our schema must have for it to be measured."""
    document: str
    ours: Sending
    postgraphile: Sending = None
    requires: tuple = None


# In the order measured: the front page in each shape a client may send it, the reader's own
# operations, then one each of the other pages; then what only our service has.
SHAPES = {
    "FrontPage": Shape("FrontPage", POST, POST),
    # as urql sends it: edges, and the __typename its cache adds to every selection set
    "FrontPageUrql": Shape("FrontPageUrql", POST, POST),
    # PostGraphile has no partners: it gets the same header and ignores it
    "FrontPagePartner": Shape("FrontPage", POST.with_headers(PARTNER), POST.with_headers(PARTNER)),
    # the speakers' and their countries' names for a reader of Urdu
    "FrontPageLocalised": Shape("FrontPageLocalised", POST, POST),
    "FrontPageGet": Shape("FrontPage", GET, GET),
    # PostGraphile as configured here has no persisted operations (that takes the @grafserv/persisted
    # plugin and documents known at build time): GET with the document, as FrontPageGet
    "FrontPageGetPersisted": Shape("FrontPage", GET_BY_HASH, GET),
    # The reader's pages exactly as the reader sends them in production (web/src/api/client.ts): its
    # operations (web/src/api/operations.ts) as urql prints them, from the trusted documents the build
    # generates, GET by hash with urql's Accept header; variables as web/src/pages/FrontPage.tsx and
    # ArticlePage.tsx set them (samples/ours-Reader*.json). PostGraphile's twins have the same data
    # and __typename, GET with the document and the same Accept header.
    "ReaderFrontPage": Shape("ReaderFrontPage", READER.of_trusted("FrontPage"), GET.with_headers(URQL_ACCEPT)),
    "ReaderArticle": Shape("ReaderArticle", READER.of_trusted("Article"), GET.with_headers(URQL_ACCEPT)),
    "ArticleBySlug": Shape("ArticleBySlug", POST, POST),
    "StatementsByCountry": Shape("StatementsByCountry", POST, POST),
    "SpeakerPage": Shape("SpeakerPage", POST, POST),
    "Feed": Shape("Feed", POST.with_headers(PARTNER), requires=("Query", "syndicationFeed")),
    "Search": Shape("Search", POST, requires=("Query", "search")),
}
# Operations both servers answer.
SHARED = [name for name, shape in SHAPES.items() if shape.postgraphile]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Operation:
    """One operation of SHAPES as one server gets it: its document and how it is sent."""

    def __init__(self, server_name, shape_name):
        shape = SHAPES.get(shape_name)
        sending = shape and (shape.ours if server_name == "ours" else shape.postgraphile)
        if not sending:
            raise SystemExit(f"{shape_name}: not an operation of {server_name} in bench.py's SHAPES")
        self.headers = list(sending.headers)
        self.method, self.persisted, self.trusted = sending.method, sending.persisted, bool(sending.trusted)
        if sending.trusted:
            self.path = f"{TRUSTED} {sending.trusted}"
            with open(os.path.join(ROOT, "src", "main", "resources", TRUSTED)) as f:
                manifest = json.load(f)
            found = [(h, d) for h, d in manifest.items() if operation_name(d) == sending.trusted]
            if len(found) != 1:
                raise SystemExit(f"{shape_name}: {TRUSTED} has {len(found)} documents named {sending.trusted}")
            self.hash, self.document = found[0]
            if hashlib.sha256(self.document.encode()).hexdigest() != self.hash:
                raise SystemExit(f"{shape_name}: the hash of {sending.trusted} in {TRUSTED} is not its SHA-256")
        else:
            folders = [server_name] + (["ours-only"] if server_name == "ours" else [])
            paths = [os.path.join(HERE, "operations", folder, f"{shape.document}.graphql") for folder in folders]
            self.path = next((path for path in paths if os.path.exists(path)), paths[0])
            with open(self.path) as f:
                self.document = f.read()
            self.hash = hashlib.sha256(self.document.encode()).hexdigest()
        self.name = operation_name(self.document)

    def extensions(self):
        return {"persistedQuery": {"version": 1, "sha256Hash": self.hash}}

    def request(self, url, variables):
        """(method, path with query string, body or None) of one request with these variables."""
        path = urllib.parse.urlsplit(url).path
        if self.method == "GET":
            params = [] if self.persisted else [("query", compact(self.document))]
            params.append(("operationName", self.name))
            if variables:
                params.append(("variables", json.dumps(variables, separators=(",", ":"))))
            if self.persisted:
                params.append(("extensions", json.dumps(self.extensions(), separators=(",", ":"))))
            return "GET", path + "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote), None
        body = {"operationName": self.name, "variables": variables}
        if self.persisted:
            body["extensions"] = self.extensions()
        else:
            body["query"] = self.document
        return "POST", path, json.dumps(body)

    def header_dict(self, method):
        headers = {"Accept": "application/json"}
        if method == "POST":
            headers["Content-Type"] = "application/json"
        for line in self.headers:
            name, value = line.split(":", 1)
            headers[name.strip()] = value.strip()
        return headers

    def register(self, url):
        """Makes a persisted document that is not trusted known to the server (its answering instance)."""
        if self.persisted and not self.trusted:
            body = json.dumps({"operationName": self.name, "query": self.document, "extensions": self.extensions()})
            answer = http(url, "POST", urllib.parse.urlsplit(url).path, body, self.header_dict("POST"))
            if answer.get("errors"):
                raise SystemExit(f"{self.path}: registering the document failed: {json.dumps(answer)[:500]}")

    def described(self):
        """How the operation is sent, in words (the legend of the results table)."""
        how = f"{self.method} {'by hash' if self.persisted else 'with the document'}"
        if self.trusted:
            how += f" of the reader's trusted {self.name}"
        else:
            how += f" of {os.path.relpath(self.path, HERE)}" + (" (registered first)" if self.persisted else "")
        named = [line.split(":", 1)[0] for line in self.headers]
        return how + (f", {', '.join(named)}" if named else "")

    def send(self, url, variables, response_headers=None):
        method, path, body = self.request(url, variables)
        return http(url, method, path, body, self.header_dict(method), response_headers)


def operation_name(document):
    return re.search(r"^\s*(?:query|mutation|subscription)\s+(\w+)", document, re.M).group(1)


def compact(document):
    """The document without comments and with single spaces, as clients put a document into a URL."""
    return " ".join(re.sub(r"#[^\n]*", "", document).split())


def http(url, method, path, body, headers, response_headers=None):
    """The JSON answer; response_headers, when given, gets the response's headers."""
    parts = urllib.parse.urlsplit(url)
    request = urllib.request.Request(f"{parts.scheme}://{parts.netloc}{path}", body.encode() if body else None,
                                     headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            if response_headers is not None:
                response_headers.update(response.headers.items())
            return json.load(response)
    except urllib.error.HTTPError as error:  # a GraphQL error under application/graphql-response+json
        answer = error.read().decode(errors="replace")
        try:
            return dict(json.loads(answer), status=error.code)
        except ValueError:
            raise SystemExit(f"{method} {path[:200]}: HTTP {error.code}: {answer[:500]}")


def proc_cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    except (FileNotFoundError, ProcessLookupError):
        return None


def memory_mib(pid):
    """Resident memory of a process: {"peak": VmHWM, "now": VmRSS} in MiB."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            for key, name in (("VmHWM:", "peak"), ("VmRSS:", "now")):
                if line.startswith(key):
                    values[name] = round(int(line.split()[1]) / 1024, 1)
    return values


def reset_peak(pid):
    """Starts a new peak of resident memory (VmHWM) for the phase that follows (Linux, own process or root)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Backends:
    """The PostgreSQL backend processes of one login role on the benchmark database."""

    def __init__(self, admin_url, database, role):
        self.admin_url, self.database, self.role = admin_url, database, role

    def pids(self):
        out = subprocess.run(["psql", self.admin_url, "-X", "-A", "-t", "-c",
                              f"select pid from pg_stat_activity where datname = '{self.database}' "
                              f"and usename = '{self.role}' and backend_type = 'client backend'"],
                             check=True, capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def snapshot(self):
        return {pid: proc_cpu_ticks(pid) for pid in self.pids()}


def cpu_delta_ms(before, after):
    """CPU ms between two snapshots {pid: ticks}; backends born in between count from zero."""
    total, lost = 0, 0
    for pid, ticks in after.items():
        if ticks is None:
            continue
        total += ticks - (before.get(pid) or 0)
    lost = sum(1 for pid in before if pid not in after)
    return total * 1000 / CLK_TCK, lost


def wrk(requests_path, operation, url, connections, seconds, seed, clients=0):
    env = dict(os.environ, BENCH_REQUESTS=requests_path, BENCH_METHOD=operation.method, BENCH_SEED=str(seed),
               BENCH_HEADERS="\n".join(operation.headers), BENCH_CLIENTS=str(clients))
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", os.path.join(HERE, "wrk", "graphql.lua"), url],
                         env=env, check=True, capture_output=True, text=True).stdout
    match = re.search(r"^BENCH_RESULT (.*)$", out, re.M)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    return json.loads(match.group(1))


OPAQUE = {"id", "cursor", "endCursor", "startCursor", "__typename"}


def leaves(value, key=None):
    """Scalars of a response in document order, plus the length of every list: what 'same data'
    means here. Left out: IDs and cursors (each server encodes its own) and type names (each server
    names its own types); times and integers normalised (PostGraphile sends a BigInt as a string)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, k)
    elif isinstance(value, list):
        yield ("list", len(value))
        for v in value:
            yield from leaves(v, key)
    elif key in OPAQUE:
        return
    elif key is not None and key.endswith("At") and isinstance(value, str):
        yield datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        yield int(value)
    else:
        yield value


def list_items(value):
    if isinstance(value, dict):
        return sum(list_items(v) for v in value.values())
    if isinstance(value, list):
        return len(value) + sum(list_items(v) for v in value)
    return 0


class Server:
    def __init__(self, name, url, pid, backends, clients=0):
        self.name, self.url, self.pid, self.backends, self.clients = name, url, pid, backends, clients
        self.operations, self.written = {}, set()

    def operation(self, name):
        if name not in self.operations:
            self.operations[name] = Operation(self.name, name)
        return self.operations[name]

    def requests_file(self, name, samples):
        """The requests of one operation, one a line (path, a tab, the body), for wrk/graphql.lua;
        written anew by each run of bench.py (the documents may have changed since the last)."""
        path = os.path.join(samples, f"requests-{self.name}-{name}.txt")
        if path not in self.written:
            operation = self.operation(name)
            with open(path, "w") as out:
                for variables in variables_of(self.name, name, samples):
                    _, target, body = operation.request(self.url, variables)
                    out.write(f"{target}\t{body or ''}\n")
            self.written.add(path)
        return path


def variables_of(server_name, operation, samples):
    """The sampled variables of an operation for one server (bench/corpus/samples.sh)."""
    with open(os.path.join(samples, f"{server_name}-{operation}.json")) as f:
        return [json.loads(line) for line in f if line.strip()]


def schema_has(sdl, type_name, field):
    block = re.search(r"^type " + type_name + r"\b[^{]*\{(.*?)^\}", sdl, re.M | re.S)
    return bool(block and re.search(r"^\s+" + field + r"\b", block.group(1), re.M))


def check_same_data(ours, theirs, operation, samples):
    our_op, their_op = ours.operation(operation), theirs.operation(operation)
    our_op.register(ours.url)
    their_op.register(theirs.url)
    our_vars, their_vars = variables_of("ours", operation, samples), variables_of("postgraphile", operation, samples)
    checked, executions = [], set()
    for i in sorted({0, len(our_vars) // 2, len(our_vars) - 1}):
        our_headers = {}
        a = our_op.send(ours.url, our_vars[i], our_headers)
        executions.add(our_headers.get("X-Newsroom-Execution", "?"))
        b = their_op.send(theirs.url, their_vars[i])
        for name, response in (("ours", a), ("PostGraphile", b)):
            if response.get("errors") or not response.get("data"):
                raise SystemExit(f"{operation}: {name} answered with errors: {json.dumps(response)[:500]}")
        if list(leaves(a["data"])) != list(leaves(b["data"])):
            raise SystemExit(f"{operation}: the two servers answer {our_vars[i]} with different data:\n"
                             f"ours: {json.dumps(a)[:800]}\nPostGraphile: {json.dumps(b)[:800]}")
        checked.append({"variables": our_vars[i], "list_items": list_items(a["data"]),
                        "ours_execution": our_headers.get("X-Newsroom-Execution"),
                        "bytes_ours": len(json.dumps(a)), "bytes_postgraphile": len(json.dumps(b))})
    log(f"{operation}: same data from both servers " + ", ".join(f"{c['list_items']} list items" for c in checked)
        + f" (ours: {our_op.method}{' by hash' if our_op.persisted else ''}, {'/'.join(sorted(executions))}; "
          f"PostGraphile: {their_op.method}{' by hash' if their_op.persisted else ''})")
    return checked


def measure(server, operation, samples, connections, seconds, seed):
    requests_path = server.requests_file(operation, samples)
    server.operation(operation).register(server.url)
    pg_before = server.backends.snapshot()
    cpu_before = proc_cpu_ticks(server.pid)
    result = wrk(requests_path, server.operation(operation), server.url, connections, seconds, seed, server.clients)
    cpu_after = proc_cpu_ticks(server.pid)
    pg_ms, lost = cpu_delta_ms(pg_before, server.backends.snapshot())
    requests = max(result["requests"], 1)
    result.update({
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "server_cpu_ms_per_req": (cpu_after - cpu_before) * 1000 / CLK_TCK / requests,
        "postgres_cpu_ms_per_req": pg_ms / requests,
        "postgres_backends_lost": lost,
        "loadavg": os.getloadavg()[0],
    })
    if result["failures"] or result["socket_errors"] or result["non_2xx"]:
        log(f"  {server.name} {operation} c={connections}: {result['failures']} failed responses, "
            f"{result['socket_errors']} socket errors; first: {result['first_failure'][:200]}")
    return result


def median_of(runs):
    keys = ["rps", "p50_us", "p99_us", "server_cpu_ms_per_req", "postgres_cpu_ms_per_req"]
    summary = {k: statistics.median(r[k] for r in runs) for k in keys}
    summary["failures"] = sum(r["failures"] + r["socket_errors"] + r["non_2xx"] for r in runs)
    summary["requests"] = sum(r["requests"] for r in runs)
    return summary


def pgbench(db_url, connections, seconds):
    out = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", str(connections), "-j", "2",
                          "-T", str(seconds), "-f", os.path.join(HERE, "rawsql", "front-page.sql"), db_url],
                         capture_output=True, text=True)
    if out.returncode != 0:  # e.g. PostgreSQL's max_connections reached beside both servers' pools
        raise SystemExit(f"pgbench at {connections} connections failed:\n{out.stderr[-1000:]}")
    return float(re.search(r"tps = ([0-9.]+)", out.stdout).group(1))


def compare_shipped(args):
    """The front page on two instances of our service side by side, runs alternating: rate limits off
    (the main table) and the shipped configuration (rate limits on; requests come from --clients
    addresses through X-Forwarded-For, as through the ingress)."""
    backends = Backends(args.admin_url, args.database, args.ours_role)
    off = Server("ours", args.ours_url, args.ours_pid, backends, args.clients)
    shipped = Server("ours", args.shipped_url, args.shipped_pid, backends, args.clients)
    result = dict(json.loads(args.meta), started=datetime.datetime.now(datetime.timezone.utc).isoformat(),
                  loadavg_start=os.getloadavg(), seconds=args.seconds, warmup=args.warmup, runs=args.runs,
                  clients=args.clients, shipped=[])
    seed = 1000
    for connections in [int(c) for c in args.concurrency.split(",")]:
        log(f"FrontPage, limits off and shipped configuration, at {connections} connections: warm-up")
        for server in (off, shipped):
            measure(server, "FrontPage", args.samples, connections, args.warmup, seed)
        runs = {"off": [], "shipped": []}
        for i in range(args.runs):
            for label, server in (("off", off), ("shipped", shipped)):
                seed += 1
                runs[label].append(measure(server, "FrontPage", args.samples, connections, args.seconds, seed))
            log(f"  run {i + 1}: limits off {runs['off'][-1]['rps']:.0f} req/s, "
                f"shipped {runs['shipped'][-1]['rps']:.0f} req/s (load {os.getloadavg()[0]:.2f})")
        result["shipped"].append({"operation": "FrontPage", "connections": connections,
                                  "off": median_of(runs["off"]), "shipped": median_of(runs["shipped"]), "runs": runs})
    result["loadavg_end"] = os.getloadavg()
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    lines = ["| operation | conns | limits off req/s | shipped req/s | shipped / off | p99 off ms | p99 shipped ms "
             "| CPU ms/req off (svc+pg) | CPU ms/req shipped (svc+pg) | failures |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result["shipped"]:
        o, s = row["off"], row["shipped"]
        lines.append(f"| FrontPage | {row['connections']} | {o['rps']:.0f} | {s['rps']:.0f} | {s['rps'] / max(o['rps'], 1e-9):.2f} "
                     f"| {o['p99_us'] / 1000:.1f} | {s['p99_us'] / 1000:.1f} "
                     f"| {o['server_cpu_ms_per_req']:.2f}+{o['postgres_cpu_ms_per_req']:.2f} "
                     f"| {s['server_cpu_ms_per_req']:.2f}+{s['postgres_cpu_ms_per_req']:.2f} "
                     f"| {o['failures']}/{s['failures']} |")
    lines.append("")
    lines.append(f"Requests from {args.clients} addresses (X-Forwarded-For) on both instances. "
                 f"Load average at start {result['loadavg_start'][0]:.2f}, at end {result['loadavg_end'][0]:.2f}. "
                 f"Medians of {args.runs} runs of {args.seconds} s after {args.warmup} s warm-up.")
    print("\n".join(lines))


def print_requests_for_ours(operation, url, samples):
    """bench.py requests OPERATION URL SAMPLES: writes the requests of one operation for our service
    and prints the environment of wrk/graphql.lua as shell assignments (bench/ab.sh evaluates them)."""
    server = Server("ours", url, None, None)
    path = server.requests_file(operation, samples)
    op = server.operation(operation)
    op.register(url)
    print(f"BENCH_REQUESTS={shlex.quote(path)} BENCH_METHOD={op.method} "
          f"BENCH_HEADERS={shlex.quote(chr(10).join(op.headers))}")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "requests":
        print_requests_for_ours(*sys.argv[2:])
        return
    p = argparse.ArgumentParser()
    p.add_argument("--ours-url", required=True)
    p.add_argument("--ours-pid", type=int, required=True)
    p.add_argument("--ours-role", default="postgres")
    p.add_argument("--pg-url")
    p.add_argument("--pg-pid", type=int)
    p.add_argument("--shipped-url", help="our service in the shipped configuration: compare the front page only")
    p.add_argument("--shipped-pid", type=int)
    p.add_argument("--clients", type=int, default=4096, help="client addresses of the shipped comparison")
    p.add_argument("--pg-role", default="bench_readonly")
    p.add_argument("--admin-url", required=True, help="psql URL of the maintenance database")
    p.add_argument("--db-url", required=True, help="psql URL of the benchmark database (pgbench)")
    p.add_argument("--database", required=True)
    p.add_argument("--samples", required=True)
    p.add_argument("--concurrency", default="8,32")
    p.add_argument("--operations", default=",".join(SHARED))
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", required=True)
    p.add_argument("--meta", default="{}", help="JSON merged into the result (startup time, corpus...)")
    args = p.parse_args()
    if args.shipped_url:
        compare_shipped(args)
        return

    ours = Server("ours", args.ours_url, args.ours_pid, Backends(args.admin_url, args.database, args.ours_role))
    theirs = Server("postgraphile", args.pg_url, args.pg_pid, Backends(args.admin_url, args.database, args.pg_role))
    operations = args.operations.split(",")
    concurrency = [int(c) for c in args.concurrency.split(",")]
    result = dict(json.loads(args.meta), started=datetime.datetime.now(datetime.timezone.utc).isoformat(),
                  loadavg_start=os.getloadavg(), seconds=args.seconds, warmup=args.warmup, runs=args.runs,
                  equivalence={}, results=[], ours_only=[], rawsql={})

    with urllib.request.urlopen(args.ours_url.rsplit("/graphql", 1)[0] + "/graphql/schema.graphql") as r:
        sdl = r.read().decode()
    for operation in operations:
        result["equivalence"][operation] = check_same_data(ours, theirs, operation, args.samples)
    result["sent"] = {operation: {"ours": ours.operation(operation).described(),
                                  "ours_execution": "/".join(sorted({c["ours_execution"] or "?" for c in
                                                                     result["equivalence"][operation]})),
                                  "postgraphile": theirs.operation(operation).described()}
                      for operation in operations}

    # Operations only our service has (search, feed): measured when our schema has them.
    ours_only = []
    for name, shape in SHAPES.items():
        if not shape.postgraphile:
            if not shape.requires or schema_has(sdl, *shape.requires):
                ours_only.append(name)
            else:
                log(f"skipping {name}: our schema has no {'.'.join(shape.requires)}")

    # One warm-up of every operation on both servers before anything is measured, so that the first
    # operation measured does not pay for the JIT compiling the service (and the next ones not less).
    seed = 1
    for operation in operations + ours_only:
        log(f"{operation}: warm-up of both servers")
        for server in (ours, theirs) if operation in operations else (ours,):
            measure(server, operation, args.samples, max(concurrency), args.warmup, seed)
    result["memory"] = {}
    for connections in concurrency:
        peaks_reset = all([reset_peak(ours.pid), reset_peak(theirs.pid)])
        for operation in operations:
            log(f"{operation} at {connections} connections: warm-up")
            for server in (ours, theirs):
                measure(server, operation, args.samples, connections, args.warmup, seed)
            runs = {"ours": [], "postgraphile": []}
            for i in range(args.runs):
                for server in (ours, theirs):
                    seed += 1
                    runs[server.name].append(measure(server, operation, args.samples, connections, args.seconds, seed))
                log(f"  run {i + 1}: ours {runs['ours'][-1]['rps']:.0f} req/s, "
                    f"PostGraphile {runs['postgraphile'][-1]['rps']:.0f} req/s (load {os.getloadavg()[0]:.2f})")
            result["results"].append({"operation": operation, "connections": connections,
                                      "ours": median_of(runs["ours"]), "postgraphile": median_of(runs["postgraphile"]),
                                      "runs": runs})
        for operation in ours_only:
            log(f"{operation} (ours only) at {connections} connections")
            measure(ours, operation, args.samples, connections, args.warmup, seed)
            runs = [measure(ours, operation, args.samples, connections, args.seconds, seed + i) for i in range(args.runs)]
            result["ours_only"].append({"operation": operation, "connections": connections,
                                        "ours": median_of(runs), "runs": runs})
        if "FrontPage" in operations:
            tps = [pgbench(args.db_url, connections, args.seconds) for _ in range(args.runs)]
            result["rawsql"][str(connections)] = {"front_page_tps": statistics.median(tps), "runs": tps}
            log(f"raw SQL front page at {connections} connections: {statistics.median(tps):.0f} tps")
        result["memory"][str(connections)] = {"ours": memory_mib(ours.pid), "postgraphile": memory_mib(theirs.pid),
                                              "peak_of_this_phase": peaks_reset}
        log(f"resident memory after {connections} connections: {result['memory'][str(connections)]}")

    result["ours_rss_mib_after"] = memory_mib(args.ours_pid)["now"]
    result["postgraphile_rss_mib_after"] = memory_mib(args.pg_pid)["now"]
    result["loadavg_end"] = os.getloadavg()
    result["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat()
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    print(report(result))


def report(r):
    lines = [
        "| operation | conns | ours req/s | PostGraphile req/s | ratio | p99 ours ms | p99 PG ms "
        "| CPU ms/req ours (svc+pg) | CPU ms/req PG (svc+pg) | raw SQL tps | failures |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in r["results"]:
        o, g = row["ours"], row["postgraphile"]
        raw = r["rawsql"].get(str(row["connections"]), {}).get("front_page_tps") if row["operation"] == "FrontPage" else None
        lines.append(
            f"| {row['operation']} | {row['connections']} | {o['rps']:.0f} | {g['rps']:.0f} "
            f"| {o['rps'] / max(g['rps'], 1e-9):.2f}x | {o['p99_us'] / 1000:.1f} | {g['p99_us'] / 1000:.1f} "
            f"| {o['server_cpu_ms_per_req']:.2f}+{o['postgres_cpu_ms_per_req']:.2f}"
            f"={o['server_cpu_ms_per_req'] + o['postgres_cpu_ms_per_req']:.2f} "
            f"| {g['server_cpu_ms_per_req']:.2f}+{g['postgres_cpu_ms_per_req']:.2f}"
            f"={g['server_cpu_ms_per_req'] + g['postgres_cpu_ms_per_req']:.2f} "
            f"| {f'{raw:.0f}' if raw else ''} | {o['failures']}/{g['failures']} |")
    for row in r["ours_only"]:
        o = row["ours"]
        lines.append(f"| {row['operation']} (ours only) | {row['connections']} | {o['rps']:.0f} | | | "
                     f"{o['p99_us'] / 1000:.1f} | | {o['server_cpu_ms_per_req']:.2f}+{o['postgres_cpu_ms_per_req']:.2f} "
                     f"| | | {o['failures']}/ |")
    lines.append("")
    if r.get("sent"):
        lines.append("How each operation was sent (ours, and which of our paths answered it "
                     "(X-Newsroom-Execution) / PostGraphile):")
        lines.append("")
        for operation, sent in r["sent"].items():
            lines.append(f"- {operation}: {sent['ours']}, {sent.get('ours_execution', '?')} / {sent['postgraphile']}")
        lines.append("")
    if r.get("memory"):
        lines.append("| resident memory (MiB) | conns | ours peak | ours after | PostGraphile peak | PostGraphile after |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for connections, m in r["memory"].items():
            o, g = m["ours"], m["postgraphile"]
            scope = "this concurrency's runs" if m.get("peak_of_this_phase") else "since start"
            lines.append(f"| all operations ({scope}) | {connections} | {o['peak']:.0f} | {o['now']:.0f} "
                         f"| {g['peak']:.0f} | {g['now']:.0f} |")
        lines.append("")
    cpu = f" ({r['ours_startup_cpu_s']} s of CPU)" if r.get("ours_startup_cpu_s") is not None else ""
    lines.append(f"Our startup: {r.get('ours_startup_s', '?')} s{cpu} to the first answer; resident memory after the run: "
                 f"{r['ours_rss_mib_after']} MiB (PostGraphile: {r['postgraphile_rss_mib_after']} MiB). "
                 f"Load average at start {r['loadavg_start'][0]:.2f}, at end {r['loadavg_end'][0]:.2f}. "
                 f"Medians of {r['runs']} runs of {r['seconds']} s after {r['warmup']} s warm-up.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
