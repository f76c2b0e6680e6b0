#!/usr/bin/env python3
"""Consulta's booking load client (Python 3 standard library only).

  load.py register --base URL --count N --out patients.json
      Registers N patients over HTTP (each from its own X-Forwarded-For
      address: run the server with server.trusted_proxies = ["127.0.0.1"]).
      Used to create the patients the seeded appointments belong to.

  load.py book --base URL --db consulta.db [--patients N --threads T --duration S]
      Setup (not timed): registers N patients, then logs each in afresh in
      its own cookie jar and scrapes its session's CSRF token from
      `name="csrf_token" value="..."`; asks the slots API for every doctor's
      free slots and hands each patient distinct slots of one doctor (so a
      patient never overlaps themselves, and never exceeds --max-upcoming).
      Timed: T threads, each with one keep-alive connection, send POST
      /appointments for their patients in turn until --duration runs out or
      the slots do. Reports rps, p50/p99 and the status counts
      (303 = booked, 409 = taken or refused, 5xx = failure).

  load.py get --base URL --doctors D --from DATE --windows W --span S
      The same threads and connections, GETting the slots path rotated over
      doctors and windows (point it at the baseline server): how fast this
      client itself can go, to read the booking figures against.

  load.py admin-cookie --base URL --email E --password P
      Logs an admin in and prints the session's Cookie header, for wrk's
      runs over the admin pages (bench/paths.lua).

The last line of stdout is one JSON object with the figures.
"""

import argparse
import datetime as dt
import json
import random
import re
import socket
import sqlite3
import sys
import threading
import time
import urllib.parse

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REASON = "Benchmark booking: persistent cough and a mild fever for a week."


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


class Jar:
    """One patient's cookies."""

    def __init__(self):
        self.cookies = {}

    def header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def take(self, response):
        for line in response.get_all("Set-Cookie"):
            pair, _, attributes = line.partition(";")
            name, _, value = pair.strip().partition("=")
            attributes = attributes.lower()
            if "max-age=0" in attributes or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


class Response:
    def __init__(self, status, headers):
        self.status = status
        self.headers = headers  # [(lower-case name, value)]

    def getheader(self, name, default=None):
        name = name.lower()
        return next((v for k, v in self.headers if k == name), default)

    def get_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k == name]


class Connection:
    """One keep-alive HTTP/1.1 connection over a plain socket (lighter than
    http.client, so that the client leaves more of the CPU to the server);
    reconnects after an error. Bodies must come with a Content-Length."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.sock = None
        self.buffer = b""

    def _connect(self):
        self.sock = socket.create_connection((self.host, self.port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def request(self, method, path, body=None, headers=None):
        if self.sock is None:
            self._connect()
        payload = body.encode() if isinstance(body, str) else (body or b"")
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if payload or method == "POST":
            lines.append(f"Content-Length: {len(payload)}")
        try:
            self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
            while b"\r\n\r\n" not in self.buffer:
                self._fill()
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split(" ", 2)[1])
            parsed = []
            for line in header_lines:
                name, _, value = line.partition(":")
                parsed.append((name.strip().lower(), value.strip()))
            response = Response(status, parsed)
            if response.getheader("transfer-encoding"):
                raise RuntimeError("chunked responses are not supported by this client")
            length = int(response.getheader("content-length", "0"))
            while len(self.buffer) < length:
                self._fill()
            data, self.buffer = self.buffer[:length], self.buffer[length:]
        except Exception:
            self.close()
            raise
        if (response.getheader("connection") or "").lower() == "close":
            self.close()
        return response, data


def ip_for(index, block):
    """A distinct, valid client address per patient: 10.<block>.x.y."""
    return f"10.{block}.{(index // 250) % 250}.{index % 250 + 1}"


class Patient:
    def __init__(self, index, run_id, block):
        self.index = index
        self.ip = ip_for(index, block)
        self.email = f"bench-{run_id}-{index}@example.com"
        self.password = f"bench-password-{run_id}-{index}"
        self.jar = Jar()
        self.csrf = None
        self.slots = []  # (doctor_id, fee_minor, starts_at)

    def send(self, conn, method, path, form=None):
        headers = {"X-Forwarded-For": self.ip}
        if self.jar.cookies:
            headers["Cookie"] = self.jar.header()
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response, data = conn.request(method, path, body, headers)
        self.jar.take(response)
        return response, data

    def scrape_csrf(self, data, where):
        found = CSRF_RE.search(data.decode("utf-8", "replace"))
        if not found:
            raise RuntimeError(f"no csrf_token field on {where} for patient {self.index}")
        return found.group(1)

    def register(self, conn):
        response, data = self.send(conn, "GET", "/register")
        expect(response, 200, "GET /register")
        form = {
            "csrf_token": self.scrape_csrf(data, "/register"),
            "name": f"Bench Patient {self.index}",
            "email": self.email,
            "phone": f"+8801711{self.index:06d}",
            "medical_history": "",
            "password": self.password,
            "password_confirm": self.password,
        }
        response, data = self.send(conn, "POST", "/register", form)
        expect(response, 303, "POST /register", data)

    def log_in(self, conn):
        """A fresh cookie jar, the login form, then the session's own CSRF token."""
        self.jar = Jar()
        response, data = self.send(conn, "GET", "/login")
        expect(response, 200, "GET /login")
        form = {"csrf_token": self.scrape_csrf(data, "/login"), "email": self.email,
                "password": self.password, "next": ""}
        response, data = self.send(conn, "POST", "/login", form)
        expect(response, 303, "POST /login", data)
        if "consulta_session" not in self.jar.cookies:
            raise RuntimeError(f"login of patient {self.index} set no session cookie")
        response, data = self.send(conn, "GET", "/dashboard")
        expect(response, 200, "GET /dashboard")
        self.csrf = self.scrape_csrf(data, "/dashboard")


def expect(response, status, what, data=b""):
    if response.status != status:
        snippet = data[:300].decode("utf-8", "replace") if data else ""
        raise RuntimeError(f"{what}: expected {status}, got {response.status} {snippet}")


def in_threads(count, work):
    """Runs work(t) for t in 0..count in threads; re-raises the first error."""
    errors = []

    def run(t):
        try:
            work(t)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def register_all(base, count, run_id, block, threads, log_in):
    patients = [Patient(i, run_id, block) for i in range(count)]

    def work(t):
        conn = Connection(base)
        for patient in patients[t::threads]:
            patient.register(conn)
            if log_in:
                patient.log_in(conn)

    started = time.perf_counter()
    in_threads(threads, work)
    log(f"registered{' and logged in' if log_in else ''} {count} patients "
        f"in {time.perf_counter() - started:.1f} s")
    return patients


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[rank]


def run_timed(base, threads, duration, next_request):
    conns = [Connection(base) for _ in range(threads)]
    results = [[] for _ in range(threads)]
    errors = [0] * threads
    barrier = threading.Barrier(threads + 1)
    deadline = [0.0]

    def work(t):
        conn = conns[t]
        barrier.wait()
        while time.perf_counter() < deadline[0]:
            step = next_request(t)
            if step is None:
                return
            method, path, body, headers = step
            started = time.perf_counter()
            try:
                response, _ = conn.request(method, path, body, headers)
            except Exception:  # noqa: BLE001 - counted as a failure
                errors[t] += 1
                continue
            results[t].append(((time.perf_counter() - started) * 1000, response.status))

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + duration
    barrier.wait()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = [r for per_thread in results for r in per_thread]
    latencies = sorted(ms for ms, _ in flat)
    statuses = {}
    for _, status in flat:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "requests": len(flat),
        "seconds": round(elapsed, 3),
        "rps": round(len(flat) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
        "max_ms": round(latencies[-1], 2) if latencies else None,
        "statuses": statuses,
        "connection_errors": sum(errors),
        "threads": threads,
    }


def slot_paths(doctors, first, windows, span):
    """The same rotation as slots.lua: every doctor, `windows` consecutive start days."""
    paths = []
    for w in range(windows):
        start = first + dt.timedelta(days=w)
        end = start + dt.timedelta(days=span - 1)
        for d in range(1, doctors + 1):
            paths.append(f"/api/doctors/{d}/slots?from={start}&to={end}")
    return paths


def discover_slots(base, doctors, first, horizon_days):
    """Every doctor's free slots from `first` over the horizon, in 31-day requests."""
    conn = Connection(base)
    found = {}
    for d in range(1, doctors + 1):
        found[d] = []
        start = first
        last = first + dt.timedelta(days=horizon_days)
        while start <= last:
            end = min(start + dt.timedelta(days=30), last)
            response, data = conn.request("GET", f"/api/doctors/{d}/slots?from={start}&to={end}")
            expect(response, 200, f"GET slots of doctor {d}", data)
            found[d].extend(s["starts_at"] for s in json.loads(data)["slots"])
            start = end + dt.timedelta(days=1)
    return found


def command_admin_cookie(args):
    """Logs an admin in and prints the Cookie header of the session."""
    conn = Connection(args.base)
    jar = Jar()
    response, data = conn.request("GET", "/login", None, {})
    jar.take(response)
    expect(response, 200, "GET /login")
    found = CSRF_RE.search(data.decode("utf-8", "replace"))
    if not found:
        raise RuntimeError("no csrf_token field on /login")
    body = urllib.parse.urlencode({"csrf_token": found.group(1), "email": args.email,
                                   "password": args.password, "next": ""})
    response, data = conn.request("POST", "/login", body, {
        "Cookie": jar.header(), "Content-Type": "application/x-www-form-urlencoded"})
    jar.take(response)
    expect(response, 303, "POST /login (admin)", data)
    response, data = conn.request("GET", "/admin/reports", None, {"Cookie": jar.header()})
    expect(response, 200, "GET /admin/reports as the admin", data)
    print(jar.header())


def command_register(args):
    patients = register_all(args.base, args.count, args.run_id, args.ip_block, args.setup_threads, False)
    print(json.dumps({"registered": len(patients)}))


def command_book(args):
    run_id = args.run_id
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    fees = dict(db.execute("SELECT id, fee_minor FROM doctors WHERE active = 1"))
    db.close()
    doctors = len(fees)
    first = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    started = time.perf_counter()
    free = discover_slots(args.base, doctors, first, args.horizon_days)
    log(f"found {sum(len(v) for v in free.values())} free slots over {doctors} doctors "
        f"in {time.perf_counter() - started:.1f} s")
    patients = register_all(args.base, args.patients, run_id, args.ip_block, args.setup_threads, True)

    # Patient i books only doctor (i mod D) + 1: distinct slots, never overlapping themselves.
    rng = random.Random(args.seed)
    for d, slots in free.items():
        rng.shuffle(slots)
        mine = [p for p in patients if p.index % doctors + 1 == d]
        for k, starts_at in enumerate(slots):
            patient = mine[k % len(mine)]
            if len(patient.slots) < args.max_upcoming:
                patient.slots.append((d, fees[d], starts_at))
    planned = sum(len(p.slots) for p in patients)
    log(f"planned {planned} distinct bookings ({args.max_upcoming} at most per patient)")

    # Each thread takes its patients in turn, one booking each, round and round.
    queues = []
    for t in range(args.threads):
        mine = [p for p in patients if p.index % args.threads == t]
        order = []
        for round_ in range(args.max_upcoming):
            order.extend((p, p.slots[round_]) for p in mine if round_ < len(p.slots))
        queues.append(iter(order))

    sent = [0]
    sent_lock = threading.Lock()

    def next_request(t):
        if args.limit:
            with sent_lock:
                if sent[0] >= args.limit:
                    return None
                sent[0] += 1
        step = next(queues[t], None)
        if step is None:
            return None
        patient, (doctor, fee, starts_at) = step
        body = urllib.parse.urlencode({
            "csrf_token": patient.csrf, "doctor_id": str(doctor), "starts_at": starts_at,
            "fee_minor": str(fee), "reason": REASON,
        })
        headers = {"Cookie": patient.jar.header(), "X-Forwarded-For": patient.ip,
                   "Content-Type": "application/x-www-form-urlencoded"}
        return "POST", "/appointments", body, headers

    figures = run_timed(args.base, args.threads, args.duration, next_request)
    # Wall-clock end of the last booking, for measuring how long its effects trail it.
    figures["finished_epoch"] = time.time()
    if args.limit:
        planned = min(planned, args.limit)
    figures["planned"] = planned
    figures["exhausted"] = figures["requests"] + figures["connection_errors"] >= planned
    figures["patients"] = len(patients)
    figures["failures_5xx"] = sum(n for s, n in figures["statuses"].items() if s.startswith("5"))
    log(f"booking: {figures}")
    print(json.dumps(figures))


def command_get(args):
    first = dt.date.fromisoformat(args.first)
    paths = slot_paths(args.doctors, first, args.windows, args.span)
    positions = [t * len(paths) // args.threads for t in range(args.threads)]

    def next_request(t):
        positions[t] = (positions[t] + 1) % len(paths)
        return "GET", paths[positions[t]], None, {}

    figures = run_timed(args.base, args.threads, args.duration, next_request)
    figures["failures_5xx"] = sum(n for s, n in figures["statuses"].items() if s.startswith("5"))
    log(f"get: {figures}")
    print(json.dumps(figures))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--base", required=True, help="e.g. http://127.0.0.1:18480")
        p.add_argument("--run-id", default=str(int(time.time())), help="makes emails unique")
        p.add_argument("--ip-block", type=int, default=77, help="second octet of 10.x.y.z client addresses")
        p.add_argument("--setup-threads", type=int, default=8)

    p = sub.add_parser("register")
    common(p)
    p.add_argument("--count", type=int, default=50)
    p.set_defaults(func=command_register)

    p = sub.add_parser("admin-cookie")
    p.add_argument("--base", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.set_defaults(func=command_admin_cookie)

    p = sub.add_parser("book")
    common(p)
    p.add_argument("--db", required=True, help="the database, read (read-only) for the doctors' fees")
    p.add_argument("--patients", type=int, default=800)
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--duration", type=float, default=15)
    p.add_argument("--max-upcoming", type=int, default=50, help="booking.max_upcoming of the server")
    p.add_argument("--horizon-days", type=int, default=60)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--limit", type=int, default=0, help="stop after this many bookings (0: none)")
    p.set_defaults(func=command_book)

    p = sub.add_parser("get")
    common(p)
    p.add_argument("--doctors", type=int, default=50)
    p.add_argument("--first", required=True, help="first start day, YYYY-MM-DD")
    p.add_argument("--windows", type=int, default=28)
    p.add_argument("--span", type=int, default=7)
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--duration", type=float, default=15)
    p.set_defaults(func=command_get)

    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
