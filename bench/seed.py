#!/usr/bin/env python3
"""Seeds a migrated Consulta database for the benchmark, directly in SQLite.

  seed.py doctors DB            50 doctors with weekly hours (ids 1..50)
  seed.py appointments DB       a year of past appointments (100,000 by default),
                                the paid ones' payments (2 % refunded),
                                plus some upcoming ones, for the patients that
                                exist already (register them over HTTP first:
                                medical histories are encrypted by the server)

Python 3 standard library only. Deterministic (fixed random seed), one
transaction per command. The server may be running (WAL), but is better not.
"""

import argparse
import datetime as dt
import random
import sqlite3
import sys
import time
import zoneinfo

SPECIALTIES = [
    "General practice", "Cardiology", "Dermatology", "Paediatrics", "Psychiatry",
    "Endocrinology", "Gynaecology", "ENT", "Neurology", "Orthopaedics",
]
FIRST = ["Ayesha", "Rahim", "Nusrat", "Tanvir", "Farhana", "Imran", "Sadia", "Kamal",
         "Laila", "Arif", "Maya", "Omar", "Priya", "Hasan", "Ruma", "Sohel", "Tania"]
LAST = ["Rahman", "Hossain", "Chowdhury", "Ahmed", "Islam", "Karim", "Sultana",
        "Begum", "Das", "Sarkar", "Khan", "Miah", "Roy"]

# Most doctors are in Dhaka; a few are in zones with daylight saving, so the
# DST-aware code paths are part of what is measured.
def zone_for(doctor_id):
    if doctor_id % 10 == 3:
        return "Europe/London"
    if doctor_id % 10 == 7:
        return "America/New_York"
    return "Asia/Dhaka"

# Mon..Sat, two intervals with a lunch break: 22 half-hour slots a day (enough
# free slots over the 60-day horizon for a whole booking run).
HOURS = [(8 * 60, 13 * 60), (14 * 60, 20 * 60)]
WORKDAYS = range(1, 7)  # 1 = Monday .. 6 = Saturday (7 = Sunday is off)
SLOT_MINUTES = 30


def seed_doctors(db, count):
    now = int(time.time())
    with db:
        if db.execute("SELECT count(*) FROM doctors").fetchone()[0]:
            sys.exit("seed.py: doctors already exist; use a fresh database")
        for i in range(1, count + 1):
            name = f"Dr. {FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]} {i}"
            db.execute(
                "INSERT INTO doctors (id, name, specialty, bio, fee_minor, fee_currency, timezone,"
                " slot_minutes, buffer_minutes, min_notice_minutes, horizon_days, active, created_at)"
                " VALUES (?, ?, ?, ?, ?, 'BDT', ?, ?, 0, 120, 60, 1, ?)",
                (i, name, SPECIALTIES[i % len(SPECIALTIES)], "Benchmark doctor.",
                 50000 + (i % 5) * 25000, zone_for(i), SLOT_MINUTES, now - 400 * 86400),
            )
            for weekday in WORKDAYS:
                for start, end in HOURS:
                    db.execute(
                        "INSERT INTO doctor_hours (doctor_id, weekday, start_minute, end_minute)"
                        " VALUES (?, ?, ?, ?)",
                        (i, weekday, start, end),
                    )
    print(f"seeded {count} doctors (ids 1..{count}), Mon-Sat 08:00-13:00 and 14:00-20:00 local")


def day_slots(zone, day):
    """The grid slots of one local day, as (starts_at, ends_at, local date, local time).
    A slot whose local time does not exist (skipped by DST) is left out."""
    if day.isoweekday() not in WORKDAYS:
        return
    for start, end in HOURS:
        for minute in range(start, end - SLOT_MINUTES + 1, SLOT_MINUTES):
            local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone)
            # Round-trip through UTC: a non-existent local time comes back different.
            utc = local.astimezone(dt.timezone.utc)
            if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
                continue
            starts = int(utc.timestamp())
            yield starts, starts + SLOT_MINUTES * 60, day.isoformat(), f"{minute // 60:02d}:{minute % 60:02d}"


def seed_appointments(db, past, upcoming_share, rng):
    now = int(time.time())
    doctors = db.execute("SELECT id, name, timezone, fee_minor, fee_currency FROM doctors ORDER BY id").fetchall()
    patients = [row[0] for row in db.execute("SELECT id FROM patients ORDER BY id")]
    if not doctors or not patients:
        sys.exit("seed.py: seed the doctors and register some patients first")
    today = dt.datetime.now(dt.timezone.utc).date()

    # Every past slot of the last 365 days, then a sample of exactly `past` of them.
    candidates = []
    future = []
    for doctor in doctors:
        zone = zoneinfo.ZoneInfo(doctor[2])
        for back in range(1, 366):
            for slot in day_slots(zone, today - dt.timedelta(days=back)):
                if slot[1] <= now:
                    candidates.append((doctor, slot))
        # Upcoming confirmed appointments over the 60-day horizon.
        for ahead in range(1, 61):
            for slot in day_slots(zone, today + dt.timedelta(days=ahead)):
                if rng.random() < upcoming_share:
                    future.append((doctor, slot))
    if len(candidates) < past:
        sys.exit(f"seed.py: only {len(candidates)} past slots exist, cannot place {past}")
    chosen = rng.sample(candidates, past)

    def rows():
        for doctor, (starts, ends, date, local_time) in chosen:
            roll = rng.random()
            if roll < 0.90:
                status, paid = "completed", "paid"
            elif roll < 0.97:
                status, paid = "cancelled", "unpaid"
            else:
                status, paid = "no_show", "unpaid"
            created = starts - rng.randint(1, 30) * 86400
            yield (rng.choice(patients), doctor[1], date, local_time,
                   "Follow-up consultation (seeded).", status, paid, doctor[3], doctor[4],
                   doctor[0], starts, ends, created, ends)
        # One patient per doctor for the upcoming ones, so no patient overlaps themselves.
        for doctor, (starts, ends, date, local_time) in future:
            patient = patients[(doctor[0] - 1) % len(patients)]
            yield (patient, doctor[1], date, local_time, "Upcoming consultation (seeded).",
                   "confirmed", "unpaid", doctor[3], doctor[4], doctor[0], starts, ends,
                   now - 86400, now - 86400)

    with db:
        db.executemany(
            "INSERT INTO appointments (patient_id, doctor_name, appointment_date, appointment_time,"
            " reason, status, payment_status, amount, currency, doctor_id, starts_at, ends_at,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        # The paid past appointments' payments, paid an hour before the
        # consultation, over three providers; 2 % of them refunded in full a
        # day after it (for the revenue report).
        db.execute(
            "INSERT INTO payments (appointment_id, amount, currency, payment_method, transaction_id,"
            " payment_date, status, created_at, updated_at)"
            " SELECT id, amount, currency,"
            " CASE id % 3 WHEN 0 THEN 'simulated' WHEN 1 THEN 'stripe' ELSE 'bkash' END,"
            " 'bench-tx-' || id, starts_at - 3600,"
            " CASE WHEN id % 50 = 0 THEN 'refunded' ELSE 'paid' END, created_at, starts_at - 3600"
            " FROM appointments WHERE payment_status = 'paid'")
        db.execute(
            "INSERT INTO refunds (payment_id, refund_ref, amount, currency, reason, by_kind, at)"
            " SELECT p.id, 'bench-refund-' || p.id, p.amount, p.currency, 'Seeded refund.', 'staff',"
            " p.payment_date + 90000 FROM payments p WHERE p.status = 'refunded'")
    payments = db.execute("SELECT count(*) FROM payments").fetchone()[0]
    refunds = db.execute("SELECT count(*) FROM refunds").fetchone()[0]
    print(f"seeded {payments} payments and {refunds} refunds")
    total = db.execute("SELECT count(*) FROM appointments").fetchone()[0]
    print(f"seeded {past} past appointments (of {len(candidates)} past slots) and "
          f"{len(future)} upcoming ones over {len(doctors)} doctors and {len(patients)} patients; "
          f"appointments now holds {total} rows")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["doctors", "appointments"])
    parser.add_argument("db")
    parser.add_argument("--doctors", type=int, default=50)
    parser.add_argument("--past", type=int, default=100_000)
    parser.add_argument("--upcoming-share", type=float, default=0.10,
                        help="share of the next 60 days' slots already booked")
    parser.add_argument("--seed", type=int, default=20251125)
    args = parser.parse_args()
    db = sqlite3.connect(args.db, timeout=30)
    db.execute("PRAGMA foreign_keys = ON")
    if args.what == "doctors":
        seed_doctors(db, args.doctors)
    else:
        seed_appointments(db, args.past, args.upcoming_share, random.Random(args.seed))
    db.close()


if __name__ == "__main__":
    main()
