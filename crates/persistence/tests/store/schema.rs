//! The schema's own guarantees: migrations, uniqueness across tables,
//! foreign keys, no double booking, checks on stored values.

use crate::support::test_db;
use consulta_persistence::{Database, DatabaseOptions};
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[test]
fn migrations_apply_to_an_empty_file_and_reopening_changes_nothing() {
    let t = test_db();
    let tables: Vec<String> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .load::<Name>(&mut t.raw())
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect();
    for table in [
        "patients",
        "staff_users",
        "account_emails",
        "doctors",
        "doctor_hours",
        "doctor_time_off",
        "appointments",
        "appointment_history",
        "payments",
        "payment_events",
        "refunds",
        "invoices",
        "invoice_counters",
        "sessions",
        "auth_attempts",
        "audit_log",
        "settings",
        "outbox_jobs",
        "sent_mails",
    ] {
        assert!(tables.iter().any(|t| t == table), "missing table {table}");
    }
    let again = Database::open(&t.path, DatabaseOptions::with_data_key(t.key.clone()));
    assert!(again.is_ok(), "reopening a migrated database: {again:?}");
}

fn insert_patient_sql(id: i64, email: &str) -> String {
    format!(
        "INSERT INTO patients (id, name, email, email_normalized, phone, medical_history, \
         record_key, password_hash, created_at) \
         VALUES ({id}, 'P', '{email}', lower('{email}'), '1234567', 'v1:', 'rk{id}', 'h', 1)"
    )
}

#[test]
fn the_database_refuses_one_email_for_a_patient_and_a_staff_member() {
    let t = test_db();
    let mut conn = t.raw();
    diesel::sql_query(insert_patient_sql(1, "Same@Example.com"))
        .execute(&mut conn)
        .unwrap();
    let staff = diesel::sql_query(
        "INSERT INTO staff_users (name, email, email_normalized, password_hash, role, created_at) \
         VALUES ('S', 'same@example.com', 'same@example.com', 'h', 'admin', 1)",
    )
    .execute(&mut conn);
    assert!(
        staff.is_err(),
        "the triggers let one email into both tables"
    );
    let second = diesel::sql_query(insert_patient_sql(2, "SAME@example.com")).execute(&mut conn);
    assert!(
        second.is_err(),
        "two patients share an email in another case"
    );
}

const APPOINTMENT: &str = "INSERT INTO appointments (patient_id, doctor_name, appointment_date, \
     appointment_time, reason, status, payment_status, amount, currency, doctor_id, starts_at, \
     ends_at, created_at, updated_at) VALUES ";

#[test]
fn an_appointment_must_name_an_existing_patient_and_doctor() {
    let t = test_db();
    let mut conn = t.raw();
    let orphan = diesel::sql_query(format!(
        "{APPOINTMENT} (42, 'Dr', '2026-01-05', '09:00', 'r', 'confirmed', 'unpaid', 0, 'BDT', 42, 100, 200, 1, 1)"
    ))
    .execute(&mut conn);
    assert!(orphan.unwrap_err().to_string().contains("FOREIGN KEY"));
}

#[test]
fn one_slot_holds_one_active_appointment_and_bad_values_are_refused() {
    let t = test_db();
    let mut conn = t.raw();
    diesel::sql_query(insert_patient_sql(1, "p@example.com"))
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query(
        "INSERT INTO doctors (id, name, specialty, fee_minor, fee_currency, timezone, slot_minutes, created_at) \
         VALUES (1, 'Dr A', 'GP', 150000, 'BDT', 'Asia/Dhaka', 30, 1)",
    )
    .execute(&mut conn)
    .unwrap();
    let book = |status: &str, amount: i64| {
        format!(
            "{APPOINTMENT} (1, 'Dr A', '2026-01-05', '09:00', 'r', '{status}', 'unpaid', {amount}, 'BDT', 1, 1000, 2800, 1, 1)"
        )
    };
    diesel::sql_query(book("cancelled", 100))
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query(book("pending_payment", 100))
        .execute(&mut conn)
        .unwrap();
    let cases = [
        (
            book("confirmed", 100),
            "a second active appointment in the slot",
        ),
        (book("completed", -1), "a negative amount"),
        (book("booked", 100), "an unknown status"),
    ];
    for (sql, why) in cases {
        assert!(
            diesel::sql_query(sql).execute(&mut conn).is_err(),
            "{why} was stored"
        );
    }
}
