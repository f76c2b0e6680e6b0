//! The account_tokens migration rebuilds auth_attempts for the new kinds of
//! attempt and keeps every attempt counted before it.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;

#[derive(QueryableByName, Debug, PartialEq)]
struct Attempt {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    kind: String,
}

#[test]
fn the_migration_keeps_every_attempt_and_accepts_reset_and_verification_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut conn = SqliteConnection::establish(&path.display().to_string()).unwrap();
    // Every migration before this one, whatever others were added meanwhile.
    loop {
        let pending = conn.pending_migrations(super::migrate::MIGRATIONS).unwrap();
        let next = pending.first().map(|m| m.name().to_string()).unwrap();
        if next.ends_with("_account_tokens") {
            break;
        }
        conn.run_next_migration(super::migrate::MIGRATIONS).unwrap();
    }
    conn.batch_execute(
        "INSERT INTO auth_attempts (id, kind, account_key, client, at) VALUES
           (1, 'login_failure', 'a@x.org', '10.0.0.1', 100),
           (2, 'registration', NULL, '10.0.0.2', 200);",
    )
    .unwrap();
    assert!(
        conn.batch_execute(
            "INSERT INTO auth_attempts (kind, client, at) VALUES ('password_reset', 'c', 1)"
        )
        .is_err(),
        "the old CHECK refuses the new kinds"
    );
    conn.run_pending_migrations(super::migrate::MIGRATIONS)
        .unwrap();

    conn.batch_execute(
        "INSERT INTO auth_attempts (kind, account_key, client, at) VALUES
           ('password_reset', 'a@x.org', '10.0.0.3', 300),
           ('verification_mail', 'patient:1', '10.0.0.3', 400);",
    )
    .unwrap();
    let kept: Vec<Attempt> = diesel::sql_query("SELECT id, kind FROM auth_attempts ORDER BY id")
        .load(&mut conn)
        .unwrap();
    let kinds: Vec<(i64, &str)> = kept.iter().map(|a| (a.id, a.kind.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            (1, "login_failure"),
            (2, "registration"),
            (3, "password_reset"),
            (4, "verification_mail")
        ]
    );
    assert!(
        conn.batch_execute("INSERT INTO auth_attempts (kind, client, at) VALUES ('guess', 'c', 1)")
            .is_err(),
        "other kinds are still refused"
    );
}
