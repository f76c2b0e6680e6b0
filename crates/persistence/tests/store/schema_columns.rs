//! schema.rs, written by hand, matches what the migrations create: every
//! column diesel names exists, and no column exists that diesel does not name.

use crate::support::test_db;
use consulta_persistence::schema::*;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    name: String,
}

fn check(conn: &mut SqliteConnection, table: &str, select: String) {
    // "SELECT `t`.`a`, `t`.`b` FROM `t` -- binds: []"
    let sql = select.split(" -- ").next().unwrap().to_owned();
    let mut declared: Vec<String> = sql
        .split(&format!("`{table}`.`"))
        .skip(1)
        .map(|rest| rest.split('`').next().unwrap().to_owned())
        .collect();
    diesel::sql_query(format!("{sql} LIMIT 0"))
        .execute(conn)
        .unwrap_or_else(|e| panic!("schema.rs names a column {table} lacks: {e}"));
    let mut actual: Vec<String> =
        diesel::sql_query(format!("SELECT name FROM pragma_table_info('{table}')"))
            .load::<Column>(conn)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
    declared.sort();
    actual.sort();
    assert_eq!(declared, actual, "columns of {table}");
}

macro_rules! check_tables {
    ($conn:expr, $($table:ident),+ $(,)?) => {
        $(
            check(
                $conn,
                stringify!($table),
                diesel::debug_query::<Sqlite, _>(&$table::table.select($table::all_columns))
                    .to_string(),
            );
        )+
    };
}

#[test]
fn schema_rs_declares_exactly_the_migrated_columns() {
    let t = test_db();
    let conn = &mut t.raw();
    check_tables!(
        conn,
        account_emails,
        account_tokens,
        appointment_history,
        appointments,
        audit_log,
        auth_attempts,
        doctor_date_overrides,
        doctor_hours,
        doctor_override_hours,
        doctor_time_off,
        doctors,
        invoice_counters,
        invoices,
        outbox_jobs,
        patients,
        payment_events,
        payments,
        refunds,
        sent_mails,
        sessions,
        settings,
        staff_users,
    );
}
