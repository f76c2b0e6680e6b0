"""The outbox's figures for bench/run.sh, read from the database (read-only).

  outbox.py done DB                         done jobs so far
  outbox.py burst DB RESULTS                waits for the burst's confirmations; writes burst_lag.json
  outbox.py under-load DB RESULTS N T0      jobs made and done during the booking load; under_load.json
"""
import json
import sqlite3
import sys
import time


def connect(db):
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def done(conn):
    return conn.execute("SELECT count(*) FROM outbox_jobs WHERE state = 'done'").fetchone()[0]


def burst(db, results):
    figures = json.load(open(f"{results}/burst.json"))
    conn = connect(db)
    mine = ("FROM appointments a JOIN patients p ON p.id = a.patient_id"
            " WHERE p.email LIKE 'bench-burst-%' AND a.status = 'confirmed'")
    booked = conn.execute(f"SELECT count(*) {mine}").fetchone()[0]
    confirmed = lambda: conn.execute(f"SELECT count(*) {mine} AND a.confirmation_sent IS NOT NULL").fetchone()[0]
    deadline = time.time() + 120
    while confirmed() < booked and time.time() < deadline:
        time.sleep(0.02)
    lag = time.time() - figures["finished_epoch"]
    out = {"booked": booked, "confirmed": confirmed(), "burst_seconds": figures["seconds"],
           "burst_rps": figures["rps"], "last_confirmation_after_last_booking_s": round(lag, 2)}
    json.dump(out, open(f"{results}/burst_lag.json", "w"))
    print(json.dumps(out), file=sys.stderr)


def under_load(db, results, before, started):
    book = json.load(open(f"{results}/booking.json"))
    conn = connect(db)
    drained = done(conn) - before
    # Jobs due now (meetings, confirmations); reminders wait for their time.
    now = int(time.time())
    made = conn.execute("SELECT count(*) FROM outbox_jobs WHERE created_at >= ? AND run_at <= ?"
                        " AND kind <> 'prune_sessions'", (started, now)).fetchone()[0]
    left = conn.execute("SELECT count(*) FROM outbox_jobs WHERE state = 'pending' AND run_at <= ?"
                        " AND kind <> 'prune_sessions'", (now,)).fetchone()[0]
    seconds = book["seconds"]
    out = {"jobs_made_per_s": round(made / seconds, 1), "jobs_done_per_s": round(drained / seconds, 1),
           "pending_after_load": left}
    json.dump(out, open(f"{results}/under_load.json", "w"))
    print(json.dumps(out), file=sys.stderr)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "done":
        print(done(connect(sys.argv[2])))
    elif command == "burst":
        burst(sys.argv[2], sys.argv[3])
    elif command == "under-load":
        under_load(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        sys.exit(__doc__)
