//! The binary's commands, configuration errors, encryption at rest, backups.

use crate::helpers::*;
use reqwest::StatusCode;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_bad_configuration_value_stops_start_up_with_one_line_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("CONSULTA_SERVER__BIND", "not-an-address", "server.bind"),
        ("CONSULTA_PAYMENTS__POLICY", "sometimes", "payments.policy"),
        (
            "CONSULTA_PAYMENTS__REFUND_POLICY",
            "half",
            "payments.refund_policy",
        ),
        (
            "CONSULTA_SECURITY__BCRYPT_COST",
            "99",
            "security.bcrypt_cost",
        ),
        ("CONSULTA_DATA_KEY", "too-short", "data_key"),
    ];
    for (key, value, named) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_consulta"))
            .arg("migrate")
            .env("CONSULTA_DATA_DIR", dir.path())
            .env(key, value)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{key}={value} must stop start-up");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{key}: one line, got {stderr:?}");
        assert!(lines[0].contains(named), "{key}: {stderr:?} names {named}");
    }
}

#[tokio::test]
async fn the_first_demo_start_prints_the_admin_password_on_stdout_and_never_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_consulta"))
        .arg("serve")
        .current_dir(dir.path())
        .env("CONSULTA_SERVER__BIND", "127.0.0.1:0")
        .env("CONSULTA_SECURITY__BCRYPT_COST", "4")
        .env_remove("CONSULTA_DATA_DIR")
        .env_remove("CONSULTA_DEMO")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("a line on stdout");
    let password = line.rsplit(' ').next().unwrap().to_owned();
    assert!(line.contains("admin@consulta.local"), "{line}");
    // Give the server a moment to log its address, then stop it and read the log.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !dir.path().join("data/consulta.db").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    assert!(log.contains("Consulta is listening"), "{log}");
    assert!(
        !log.contains(&password),
        "the password must not reach the log"
    );
    assert!(
        dir.path().join("data/consulta.db").exists(),
        "./data/consulta.db is created"
    );
    assert!(
        dir.path().join("data/data.key").exists(),
        "a data key is generated under data/"
    );
    assert!(
        log.contains("generated a new data key"),
        "and a warning says so"
    );
}

#[tokio::test]
async fn medical_histories_are_encrypted_at_rest_and_bound_to_their_row() {
    let app = spawn_app().await;
    let secret = "Diagnosed with tuberculosis in 2019";
    app.register_with(
        &new_client(),
        &Registration {
            medical_history: secret,
            ..Registration::default()
        },
    )
    .await;
    app.register_with(
        &new_client(),
        &Registration {
            email: "second@example.com",
            medical_history: "Nothing notable",
            ..Registration::default()
        },
    )
    .await;

    // Checkpoint the WAL so the main file holds everything, then read raw bytes.
    app.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    // Read by another process: closing a file this process opened on the
    // database would drop every POSIX lock SQLite holds on it here.
    let mut raw = read_elsewhere(&app.db_path());
    raw.extend(read_elsewhere(&app.db_path().with_extension("db-wal")));
    let needle = b"tuberculosis";
    assert!(
        !raw.windows(needle.len()).any(|w| w == needle),
        "no plaintext in the database file"
    );

    // Copy patient 1's ciphertext onto patient 2: it must not decrypt there.
    app.execute("UPDATE patients SET medical_history = (SELECT medical_history FROM patients WHERE id = 1) WHERE id = 2");
    let admin = app.admin_client("admin@example.com").await;
    let response = app
        .submit_with(
            &admin,
            "/admin/patients/2",
            "/admin/patients/2/medical-history",
            &[],
        )
        .await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let page = response.text().await.unwrap();
    assert!(
        !page.contains("tuberculosis"),
        "never shows another row's data"
    );
    assert!(
        page.contains("Request id"),
        "the 500 page shows a request id"
    );
    let ok = app
        .submit_with(
            &admin,
            "/admin/patients/1",
            "/admin/patients/1/medical-history",
            &[],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(ok.contains(secret), "the original row still decrypts");
}

#[tokio::test]
async fn start_up_refuses_a_data_key_that_does_not_match_the_database() {
    let app = spawn_app().await;
    app.register(&Registration::default()).await;
    let other_key = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="; // 32 bytes
    let out = app.consulta(&["migrate"], &[("CONSULTA_DATA_KEY", other_key)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CONSULTA_DATA_KEY"), "{stderr}");
}

async fn register_at(base: String, email: String) -> StatusCode {
    let client = new_client();
    let page = client
        .get(format!("{base}/register"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&page);
    client
        .post(format!("{base}/register"))
        .form(&[
            ("name", "Concurrent Patient"),
            ("email", email.as_str()),
            ("phone", "+8801711000000"),
            ("medical_history", "written during a backup"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_concurrent_writes_passes_integrity_check() {
    // Registrations are throttled per address; this test is about the backup.
    let app = spawn_app_with("").await;
    app.register(&Registration::default()).await;
    let mut writers = tokio::task::JoinSet::new();
    for i in 0..9 {
        writers.spawn(register_at(app.url(""), format!("p{i}@example.com")));
    }
    let backup = app.dir.path().join("copy.db");
    let out = app.consulta(&["backup", "--to", backup.to_str().unwrap()], &[]);
    while let Some(status) = writers.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::SEE_OTHER);
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("data.key"),
        "backup says where the key is: {stdout}"
    );

    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let mut copy = diesel::SqliteConnection::establish(backup.to_str().unwrap()).unwrap();
    let check: Check = diesel::sql_query("PRAGMA integrity_check")
        .get_result(&mut copy)
        .unwrap();
    assert_eq!(check.integrity_check, "ok");
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM patients")
        .get_result(&mut copy)
        .unwrap();
    assert!(
        count.n >= 1,
        "the copy holds the patients written before it"
    );
}

#[tokio::test]
async fn registrations_are_throttled_per_address() {
    let app = spawn_app().await;
    for i in 0..10 {
        let status = register_at(app.url(""), format!("r{i}@example.com")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "registration {i}");
    }
    let status = register_at(app.url(""), "r10@example.com".into()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM patients WHERE email = 'r10@example.com'"),
        0
    );
}

/// The file's bytes as `cat` reads them in a child process (empty if missing).
fn read_elsewhere(path: &std::path::Path) -> Vec<u8> {
    std::process::Command::new("cat")
        .arg(path)
        .output()
        .map(|out| out.stdout)
        .unwrap_or_default()
}

#[tokio::test]
async fn choosing_zoom_or_smtp_without_their_settings_stops_start_up_naming_the_key() {
    for (extra, key) in [
        ("meetings.provider = \"zoom\"\n", "CONSULTA_ZOOM__ACCOUNT_ID"),
        (
            "meetings.provider = \"zoom\"\nzoom.account_id = \"a\"\nzoom.client_id = \"b\"\nzoom.client_secret = \"c\"\n",
            "CONSULTA_ZOOM__USER",
        ),
        ("mail.transport = \"smtp\"\nmail.smtp.host = \"\"\n", "mail.smtp.host"),
        ("mail.smtp.from = \"not an address\"\n", "mail.smtp.from"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let error = match consulta_web::build(settings_for(dir.path(), extra)).await {
            Ok(_) => panic!("{extra} must stop start-up"),
            Err(error) => error.to_string(),
        };
        assert!(error.contains(key), "{extra}: {error}");
        assert_eq!(error.lines().count(), 1, "one line: {error}");
    }
}

#[tokio::test]
async fn a_payment_provider_without_its_secrets_or_currency_stops_start_up_naming_it() {
    for (extra, named) in [
        (
            "payments.provider = \"stripe\"\n",
            "CONSULTA_STRIPE__SECRET_KEY",
        ),
        (
            "payments.provider = \"stripe\"\nstripe.secret_key = \"sk_test_x\"\n",
            "CONSULTA_STRIPE__WEBHOOK_SECRET",
        ),
        (
            "payments.provider = \"razorpay\"\n",
            "CONSULTA_RAZORPAY__KEY_ID",
        ),
        (
            "payments.provider = \"bkash\"\nbkash.username = \"u\"\nbkash.password = \"p\"\n",
            "CONSULTA_BKASH__APP_KEY",
        ),
        // bKash takes taka only; Consulta counts three decimals for dinars,
        // which its Stripe adapter does not send.
        (
            "clinic.currency = \"USD\"\npayments.providers = [\"simulated\", \"bkash\"]\n",
            "bkash does not take USD",
        ),
        (
            "clinic.currency = \"KWD\"\npayments.provider = \"stripe\"\n",
            "Stripe does not take KWD",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let error = match consulta_web::build(settings_for(dir.path(), extra)).await {
            Ok(_) => panic!("{extra} must stop start-up"),
            Err(error) => error.to_string(),
        };
        assert!(error.contains(named), "{extra}: {error}");
        assert_eq!(error.lines().count(), 1, "one line: {error}");
        assert!(!error.contains("sk_test_x"), "no secret in: {error}");
    }
}

#[tokio::test]
async fn payments_disabled_confirms_a_booking_at_once_even_with_pay_first() {
    let app = spawn_app_with("payments.enabled = false\npayments.policy = \"before\"\n").await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let response = app
        .book_with(&patient, doctor, &at(3, "10:00"), "Cough")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed' AND hold_until IS NULL"),
        1
    );
}

#[tokio::test]
async fn the_simulated_gateway_keeps_its_generated_secret_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let first = consulta_web::build(settings_for(dir.path(), ""))
        .await
        .unwrap();
    drop(first);
    let path = dir.path().join("simulated-webhook.key");
    let secret = std::fs::read_to_string(&path).unwrap();
    assert!(secret.trim().len() >= 32);
    let again = consulta_web::build(settings_for(dir.path(), ""))
        .await
        .unwrap();
    drop(again);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), secret);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads it");
    }
}
