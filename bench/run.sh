#!/usr/bin/env bash
# Consulta's benchmark, one command: builds the release binary and the baseline,
# seeds a fresh temporary data directory (50 doctors, a year of past appointments),
# starts `consulta serve` and the baseline on loopback, runs wrk against the slots
# JSON endpoint and the baseline, and the booking load client against POST
# /appointments, stops everything and prints the table. See bench/README.md.
#
# Knobs (environment): DURATION (seconds per measured run, 15), WRK_THREADS (2),
# CONNECTIONS (16, wrk connections and load-client threads alike), PATIENTS (800),
# PAST (seeded past appointments, 100000), HISTORY_PATIENTS (patients the past
# appointments belong to, 5000), PORT (18480), BASELINE_PORT (18481),
# SKIP_BUILD=1, KEEP=1 (keep the data dir),
# CARGO_TARGET_DIR (/work/target-bench, so as not to contend for the workspace's
# target/ lock with whoever else is building).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-bench}
DURATION=${DURATION:-15}
WRK_THREADS=${WRK_THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PATIENTS=${PATIENTS:-800}
PAST=${PAST:-100000}
HISTORY_PATIENTS=${HISTORY_PATIENTS:-5000}
ADMIN_EMAIL=bench-admin@example.com
ADMIN_PASSWORD=bench-admin-password-1
PORT=${PORT:-18480}
BASELINE_PORT=${BASELINE_PORT:-18481}
WARMUP=3
# Slots requests rotate over 50 doctors x 28 start days (tomorrow onwards).
DOCTORS=50
WINDOWS=28

say() { printf '\n== %s\n' "$*" >&2; }

if [[ ${DURATION%.*} -gt 60 ]]; then
    echo "DURATION is capped at 60 seconds per run" >&2
    exit 2
fi

cd "$ROOT"
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain -- crates templates migrations config static 2>/dev/null | wc -l)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    say "building the release binary and the baseline (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
    timeout 3600 cargo build --release -p consulta-web
    timeout 3600 cargo build --release -p consulta-web --example baseline
fi
CONSULTA=$CARGO_TARGET_DIR/release/consulta
BASELINE=$CARGO_TARGET_DIR/release/examples/baseline
[[ -x $CONSULTA && -x $BASELINE ]] || { echo "missing $CONSULTA or $BASELINE" >&2; exit 1; }

DATA=$(mktemp -d /tmp/consulta-bench.XXXXXX)
RESULTS=$DATA/results
mkdir -p "$RESULTS"
SERVER_PID=
BASELINE_PID=

stop() {
    local pid=$1
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
    stop "$SERVER_PID"
    stop "$BASELINE_PID"
    if [[ ${KEEP:-0} == 1 ]]; then
        echo "data, logs and results kept in $DATA" >&2
    else
        rm -rf "$DATA"
    fi
}
trap cleanup EXIT

export CONSULTA_DATA_DIR=$DATA
export CONSULTA_DEMO=false
export CONSULTA_SERVER__BIND=127.0.0.1:$PORT
export CONSULTA_SERVER__PUBLIC_URL=http://127.0.0.1:$PORT
# Loopback is the "proxy": each simulated patient sends its own X-Forwarded-For,
# so registration throttling (per client address) sees distinct clients.
export CONSULTA_SERVER__TRUSTED_PROXIES='["127.0.0.1"]'
# Bench only: cheap password hashes so that setting up patients is quick.
export CONSULTA_SECURITY__BCRYPT_COST=4
export CONSULTA_BOOKING__MAX_UPCOMING=50
# The booking figures are of a booking confirmed at once (what earlier runs measured).
export CONSULTA_PAYMENTS__POLICY=after
DB=$DATA/consulta.db
URL=http://127.0.0.1:$PORT
BASE_URL=http://127.0.0.1:$BASELINE_PORT

wait_for() {
    local url=$1 pid=$2
    for _ in $(seq 100); do
        if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
        kill -0 "$pid" 2>/dev/null || { echo "the server exited; see $DATA/*.log" >&2; return 1; }
        sleep 0.1
    done
    echo "$url did not answer" >&2
    return 1
}
start_server() {
    "$CONSULTA" serve >>"$DATA/consulta.log" 2>&1 &
    SERVER_PID=$!
    wait_for "$URL/healthz" "$SERVER_PID"
}

say "seeding $DATA"
"$CONSULTA" migrate >&2
python3 "$HERE/seed.py" doctors "$DB" --doctors $DOCTORS >&2
start_server
# The seeded appointments need patients, and patients can only be made by the
# server (medical histories are encrypted with a per-row associated datum).
timeout 900 python3 "$HERE/load.py" register --base "$URL" --count "$HISTORY_PATIENTS" --ip-block 66 \
    --run-id history >/dev/null
stop "$SERVER_PID"; SERVER_PID=
timeout 300 python3 "$HERE/seed.py" appointments "$DB" --past "$PAST" >&2
CONSULTA_ADMIN_PASSWORD=$ADMIN_PASSWORD "$CONSULTA" create-admin --email "$ADMIN_EMAIL" >&2

say "starting consulta (:$PORT) and the baseline (:$BASELINE_PORT)"
start_server
"$BASELINE" --db "$DB" --bind "127.0.0.1:$BASELINE_PORT" >>"$DATA/baseline.log" 2>&1 &
BASELINE_PID=$!
FIRST=$(date -u -d 'tomorrow 00:00' +%F)
FIRST_EPOCH=$(date -u -d "$FIRST" +%s)
wait_for "$BASE_URL/api/doctors/1/slots?from=$FIRST&to=$FIRST" "$BASELINE_PID"
# The registrations' welcome mails are jobs: let the worker finish them before
# anything is measured.
python3 - "$DB" <<'EOF'
import sqlite3, sys, time
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
due = lambda: conn.execute("SELECT count(*) FROM outbox_jobs WHERE state = 'pending'"
                           " AND run_at <= strftime('%s', 'now')").fetchone()[0]
for _ in range(240):
    if due() == 0:
        break
    time.sleep(0.5)
print(f"outbox: {due()} jobs due before measuring", file=sys.stderr)
EOF

wrk_run() {  # name url span
    local name=$1 url=$2 span=$3
    timeout 60 wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/slots.lua" "$url" \
        -- $DOCTORS "$FIRST_EPOCH" $WINDOWS "$span" >/dev/null
    say "wrk $name: -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, $span-day windows"
    timeout $((${DURATION%.*} + 60)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
        -s "$HERE/slots.lua" "$url" -- $DOCTORS "$FIRST_EPOCH" $WINDOWS "$span" | tee "$RESULTS/$name.txt" >&2
    grep '^WRK_JSON ' "$RESULTS/$name.txt" | sed 's/^WRK_JSON //' >"$RESULTS/$name.json"
}

wrk_run baseline "$BASE_URL" 7
wrk_run slots_week "$URL" 7
wrk_run slots_month "$URL" 31

# The admin pages over the seeded history, logged in as an admin (one session,
# its cookie on every request). Dates are the clinic's (Asia/Dhaka).
COOKIE=$(timeout 60 python3 "$HERE/load.py" admin-cookie --base "$URL" --email "$ADMIN_EMAIL" \
    --password "$ADMIN_PASSWORD")
TODAY=$(TZ=Asia/Dhaka date +%F)
MONTH_AGO=$(TZ=Asia/Dhaka date -d '29 days ago' +%F)
YEAR_AGO=$(TZ=Asia/Dhaka date -d '365 days ago' +%F)
admin_run() {  # name path...
    local name=$1
    shift
    timeout 60 wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/paths.lua" "$URL" \
        -- "$COOKIE" "$@" >/dev/null
    say "wrk $name: -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, ${#} paths in turn, e.g. $1"
    timeout $((${DURATION%.*} + 60)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
        -s "$HERE/paths.lua" "$URL" -- "$COOKIE" "$@" | tee "$RESULTS/admin_$name.txt" >&2
    grep '^WRK_JSON ' "$RESULTS/admin_$name.txt" | sed 's/^WRK_JSON //' >"$RESULTS/admin_$name.json"
}
filtered=()
for d in $(seq 1 $DOCTORS); do
    filtered+=("/admin/appointments?from=$MONTH_AGO&to=$TODAY&doctor_id=$d&status=completed")
done
admin_run appointments_filtered "${filtered[@]}"
by_patient=()
for i in $(seq 7 97 4900); do by_patient+=("/admin/appointments?patient=bench-history-$i%40&sort=newest"); done
admin_run appointments_by_patient "${by_patient[@]}"
searches=()
for i in $(seq 11 89 4900); do searches+=("/admin/patients?q=Patient+$i"); done
admin_run patient_search "${searches[@]}"
for report in appointments-per-day appointments-per-doctor revenue cancellations utilisation; do
    admin_run "report_${report//-/_}_30d" "/admin/reports/$report?from=$MONTH_AGO&to=$TODAY"
done
for report in appointments-per-day revenue utilisation; do
    admin_run "report_${report//-/_}_366d" "/admin/reports/$report?from=$YEAR_AGO&to=$TODAY"
done

say "load client, GET on the baseline (this client's own ceiling)"
timeout $((${DURATION%.*} + 60)) python3 "$HERE/load.py" get --base "$BASE_URL" --first "$FIRST" \
    --doctors $DOCTORS --windows $WINDOWS --span 7 --threads "$CONNECTIONS" --duration "$DURATION" \
    | tail -n 1 >"$RESULTS/client_baseline.json"

# A burst: how long after the last of 200 bookings has its patient got the
# confirmation mail? (The worker is idle when the burst starts.)
say "burst: 200 bookings as fast as the client sends them, then their confirmations"
timeout 240 python3 "$HERE/load.py" book --base "$URL" --db "$DB" --run-id burst --ip-block 88 \
    --patients 200 --threads "$CONNECTIONS" --duration 60 --max-upcoming 50 --limit 200 \
    | tail -n 1 >"$RESULTS/burst.json"
python3 "$HERE/outbox.py" burst "$DB" "$RESULTS"

say "load client, POST /appointments: $PATIENTS patients, $CONNECTIONS threads"
DONE_BEFORE=$(python3 "$HERE/outbox.py" done "$DB")
BOOK_STARTED=$(date +%s)
timeout $((${DURATION%.*} + 240)) python3 "$HERE/load.py" book --base "$URL" --db "$DB" \
    --patients "$PATIENTS" --threads "$CONNECTIONS" --duration "$DURATION" --max-upcoming 50 \
    | tail -n 1 >"$RESULTS/booking.json"
python3 "$HERE/outbox.py" under-load "$DB" "$RESULTS" "$DONE_BEFORE" "$BOOK_STARTED"

# The outbox worker (meeting links, confirmation mails) falls behind under a
# booking burst; how fast does it catch up with no load?
say "outbox drain, 10 s without load"
python3 - "$DB" "$RESULTS" <<'EOF'
import json, sqlite3, sys, time
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
done = lambda: conn.execute("SELECT count(*) FROM outbox_jobs WHERE state = 'done'").fetchone()[0]
before, started = done(), time.time()
time.sleep(10)
rate = (done() - before) / (time.time() - started)
json.dump({"jobs_per_s": round(rate, 1)}, open(f"{sys.argv[2]}/drain.json", "w"))
print(f"outbox jobs done per second, idle: {rate:.1f}", file=sys.stderr)
EOF

stop "$SERVER_PID"; SERVER_PID=
stop "$BASELINE_PID"; BASELINE_PID=

say "checks"
python3 - "$DB" "$BOOK_STARTED" "$RESULTS" "$DATA/consulta.log" <<'EOF'
import json, sqlite3, sys
db, started, results, log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
booked = conn.execute(
    "SELECT count(*) FROM appointments a JOIN patients p ON p.id = a.patient_id"
    " WHERE p.email LIKE 'bench-%' AND p.email NOT LIKE 'bench-history-%'"
    " AND a.status = 'confirmed' AND a.created_at >= ?", (started,)).fetchone()[0]
doubles = conn.execute(
    "SELECT count(*) FROM (SELECT doctor_id, starts_at FROM appointments"
    " WHERE status IN ('pending_payment', 'confirmed') GROUP BY 1, 2 HAVING count(*) > 1)").fetchone()[0]
rows = conn.execute("SELECT count(*) FROM appointments").fetchone()[0]
text = open(log, encoding="utf-8", errors="replace").read()
checks = {
    "appointments_rows_after": rows,
    "booked_rows_in_db": booked,
    "double_booked_slots": doubles,
    "database_is_locked_in_log": text.count("database is locked"),
    "error_lines_in_log": sum(1 for line in text.splitlines() if " ERROR " in line),
    "outbox_jobs_left": dict(conn.execute("SELECT state, count(*) FROM outbox_jobs GROUP BY state").fetchall()),
}
json.dump(checks, open(f"{results}/checks.json", "w"))
print(json.dumps(checks), file=sys.stderr)
EOF

python3 - "$RESULTS" "$COMMIT" "$DIRTY" <<'EOF'
import json, sys
r, commit, dirty = sys.argv[1], sys.argv[2], sys.argv[3]
load = lambda name: json.load(open(f"{r}/{name}.json"))
base, week, month = load("baseline"), load("slots_week"), load("slots_month")
client, book, checks = load("client_baseline"), load("booking"), load("checks")
drain = load("drain")
burst, under_load = load("burst_lag"), load("under_load")

def wrk_row(name, w):
    rps = w["requests"] / (w["duration_us"] / 1e6)
    return name, rps, w["p50_us"] / 1000, w["p99_us"] / 1000, w["non_2xx_3xx"] + w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]

rows = [
    wrk_row("baseline: one indexed read (wrk)", base),
    wrk_row("GET slots, 7-day window (wrk)", week),
    wrk_row("GET slots, 31-day window (wrk)", month),
    ("baseline via the load client (python)", client["rps"], client["p50_ms"], client["p99_ms"],
     sum(n for s, n in client["statuses"].items() if s != "200") + client["connection_errors"]),
    ("POST /appointments (python)", book["rps"], book["p50_ms"], book["p99_ms"],
     book["failures_5xx"] + book["connection_errors"]),
]
ratio_base = {0: rows[0][1], 1: rows[0][1], 2: rows[0][1], 3: rows[3][1], 4: rows[3][1]}
print()
print("| run | rps | p50 ms | p99 ms | ratio | errors |")
print("|---|---:|---:|---:|---:|---:|")
for i, (name, rps, p50, p99, errors) in enumerate(rows):
    against = "wrk baseline" if i < 3 else "client baseline"
    ratio = "1" if i in (0, 3) else f"{rps / ratio_base[i]:.3f} of {against}"
    print(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {ratio} | {errors} |")
print()
print(f"booking statuses: {book['statuses']} (303 = booked, 409 = taken/refused); "
      f"{book['failures_5xx']} 5xx, {book['connection_errors']} connection errors; "
      f"{book['requests']} of {book['planned']} planned bookings sent"
      f"{' (ran out of free slots before the deadline)' if book['exhausted'] else ''}; "
      f"{book['patients']} patients")
print(f"booking POST/baseline (wrk) = {book['rps'] / rows[0][1]:.3f}")
print(f"checks: {checks}")
print(f"outbox after the run: {checks['outbox_jobs_left']}; idle drain {drain['jobs_per_s']} jobs/s")
print(f"burst of {burst['booked']} bookings in {burst['burst_seconds']} s ({burst['burst_rps']} /s): "
      f"last confirmation {burst['last_confirmation_after_last_booking_s']} s after the last booking "
      f"({burst['confirmed']} of {burst['booked']} confirmed)")
made, drained = under_load["jobs_made_per_s"], under_load["jobs_done_per_s"]
print(f"under full booking load: jobs made {made}/s, jobs done {drained}/s "
      f"(drain/made = {drained / made if made else 0:.2f}; drain/booking rate = {drained / book['rps']:.2f}); "
      f"{under_load['pending_after_load']} pending when the load stopped")
import glob, os
admin = sorted(glob.glob(f"{r}/admin_*.json"))
if admin:
    print()
    print("| admin page (wrk, logged in) | rps | p50 ms | p99 ms | KB per answer | ratio to wrk baseline | errors, non-200 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in admin:
        w = json.load(open(path))
        name, rps, p50, p99, errors = wrk_row(os.path.basename(path)[6:-5], w)
        kb = w["bytes"] / max(w["requests"], 1) / 1024
        print(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {kb:.1f} | {rps / rows[0][1]:.4f} | {errors}, {w['not_200']} |")
print(f"built from commit {commit} ({dirty} uncommitted paths under crates/ templates/ migrations/ config/ static/)")
EOF
