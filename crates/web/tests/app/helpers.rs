//! `spawn_app()` and a `TestApp` with one method per thing a user does.

use consulta_web::config::Settings;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: SocketAddr,
    pub dir: TempDir,
    /// A browser-like client that keeps cookies and does not follow redirects.
    pub client: Client,
}

pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

pub fn settings_for(dir: &std::path::Path, extra: &str) -> Settings {
    // The booking tests predate pay-first: they book with "after" unless
    // they ask for another policy; the payment tests ask for "before".
    let policy = if extra.contains("payments.policy") {
        ""
    } else {
        "payments.policy = \"after\"\n"
    };
    let overrides = format!(
        "data_dir = {dir:?}\ndemo = false\nserver.bind = \"127.0.0.1:0\"\nsecurity.bcrypt_cost = 4\n{policy}{extra}",
        dir = dir.display().to_string()
    );
    Settings::from_toml_overrides(&overrides).expect("test settings")
}

/// A listener on a free port and the settings whose `server.public_url` is
/// that port, so what the app posts to itself (the simulated gateway's
/// webhook) reaches this app.
pub async fn reachable(mut settings: Settings) -> (tokio::net::TcpListener, Settings) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("bound address");
    settings.server.public_url = format!("http://{address}");
    (listener, settings)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with("").await
}

/// Many patients, each from its own address behind a trusted proxy (127.0.0.1).
/// Extra settings are dotted keys (`payments.policy = "before"`), one per line.
pub const TRUSTED_PROXY: &str = "server.trusted_proxies = [\"127.0.0.1\"]\n";

/// Everything the app logs during the tests, so a test can check what was said.
static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
    std::sync::OnceLock::new();

#[derive(Clone)]
struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut logs) = self.0.lock() {
            logs.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    LOGS.get_or_init(|| {
        let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = LogSink(buffer.clone());
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_env_filter("info")
            .with_writer(move || sink.clone())
            .try_init();
        buffer
    });
}

/// The log so far (of every test in this binary).
pub fn logs() -> String {
    LOGS.get()
        .and_then(|buffer| {
            buffer
                .lock()
                .ok()
                .map(|logs| String::from_utf8_lossy(&logs).into_owned())
        })
        .unwrap_or_default()
}

pub async fn spawn_app_with(extra: &str) -> TestApp {
    spawn_app_using(extra, consulta_web::Adapters::default()).await
}

/// The app with some adapters replaced (a test clock, a failing provider).
pub async fn spawn_app_using(extra: &str, adapters: consulta_web::Adapters) -> TestApp {
    capture_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let (listener, settings) = reachable(settings_for(dir.path(), extra)).await;
    let app = consulta_web::build_on(listener, settings, adapters)
        .await
        .expect("app builds");
    let address = app.address();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        dir,
        client: new_client(),
    }
}

/// The demo clinic (demo doctors and the demo admin); returns the admin's
/// one-time password, printed at first start.
pub async fn spawn_demo_app() -> (TestApp, String) {
    capture_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let (listener, mut settings) = reachable(settings_for(dir.path(), "")).await;
    settings.demo = true;
    let app = consulta_web::build_on(listener, settings, consulta_web::Adapters::default())
        .await
        .expect("app builds");
    let password = app
        .demo_admin_password
        .clone()
        .expect("a one-time password");
    let address = app.address();
    tokio::spawn(app.run_until_stopped());
    let app = TestApp {
        address,
        dir,
        client: new_client(),
    };
    (app, password)
}

/// The value of the first `csrf_token` hidden field in a page.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_owned()
}

pub struct Registration<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub medical_history: &'a str,
    pub password: &'a str,
}

impl Default for Registration<'_> {
    fn default() -> Self {
        Self {
            name: "Ayesha Rahman",
            email: "ayesha@example.com",
            phone: "+880 1711 234567",
            medical_history: "Asthma since childhood; allergic to penicillin.",
            password: PASSWORD,
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("consulta.db")
    }

    pub async fn get_with(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_with(&self.client, path).await
    }

    pub async fn page_with(&self, client: &Client, path: &str) -> String {
        let response = self.get_with(client, path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.expect("body")
    }

    pub async fn page(&self, path: &str) -> String {
        self.page_with(&self.client, path).await
    }

    /// Posts a form exactly as given (no token added).
    pub async fn post_raw(&self, client: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    /// Posts a form the way a browser would after showing `form_page`: with its CSRF token.
    pub async fn submit_with(
        &self,
        client: &Client,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let token = csrf_from(&self.page_with(client, form_page).await);
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_raw(client, path, &all).await
    }

    pub async fn submit(&self, form_page: &str, path: &str, fields: &[(&str, &str)]) -> Response {
        self.submit_with(&self.client, form_page, path, fields)
            .await
    }

    pub async fn register_with(&self, client: &Client, r: &Registration<'_>) -> Response {
        self.submit_with(
            client,
            "/register",
            "/register",
            &[
                ("name", r.name),
                ("email", r.email),
                ("phone", r.phone),
                ("medical_history", r.medical_history),
                ("password", r.password),
                ("password_confirm", r.password),
            ],
        )
        .await
    }

    pub async fn register(&self, r: &Registration<'_>) -> Response {
        self.register_with(&self.client, r).await
    }

    pub async fn login_with(&self, client: &Client, email: &str, password: &str) -> Response {
        self.submit_with(
            client,
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub async fn logout_with(&self, client: &Client) -> Response {
        self.submit_with(client, "/dashboard", "/logout", &[]).await
    }

    /// Runs the real `consulta` binary against this app's data directory.
    pub fn consulta(&self, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_consulta"));
        command
            .args(args)
            .env("CONSULTA_DATA_DIR", self.dir.path())
            .env("CONSULTA_DEMO", "false")
            .env("CONSULTA_SECURITY__BCRYPT_COST", "4")
            .env_remove("CONSULTA_DATA_KEY")
            .env_remove("CONSULTA_CONFIG");
        for (key, value) in envs {
            command.env(key, value);
        }
        command.output().expect("run consulta")
    }

    /// Creates an admin with the CLI and returns a client logged in as that admin.
    pub async fn admin_client(&self, email: &str) -> Client {
        let out = self.consulta(
            &["create-admin", "--email", email],
            &[("CONSULTA_ADMIN_PASSWORD", PASSWORD)],
        );
        assert!(
            out.status.success(),
            "create-admin: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let client = new_client();
        let response = self.login_with(&client, email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "admin logs in");
        client
    }

    /// A connection of the test's own that waits, as the app's do, while the
    /// worker writes (the welcome mail's job runs right after registering).
    fn db_connection(&self) -> diesel::SqliteConnection {
        use diesel::connection::SimpleConnection;
        use diesel::prelude::*;
        let mut conn = diesel::SqliteConnection::establish(&self.db_path().display().to_string())
            .expect("open db");
        conn.batch_execute("PRAGMA busy_timeout = 5000;")
            .expect("busy timeout");
        conn
    }

    /// Runs one SQL query on the app's database file with the sqlite3 library
    /// through the CLI-free path: opens the file directly.
    pub fn count(&self, sql: &str) -> i64 {
        use diesel::prelude::*;
        use diesel::sql_types::BigInt;
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut conn = self.db_connection();
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .expect("count query")
            .n
    }

    pub fn execute(&self, sql: &str) -> usize {
        use diesel::prelude::*;
        let mut conn = self.db_connection();
        diesel::sql_query(sql)
            .execute(&mut conn)
            .expect("statement")
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Today + `days` in UTC, as YYYY-MM-DD.
pub fn day(days: i64) -> String {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// `HH:MM` on `day(days)` in UTC, as RFC 3339.
pub fn at(days: i64, time: &str) -> String {
    format!("{}T{time}:00+00:00", day(days))
}

pub struct NewDoctor<'a> {
    pub name: &'a str,
    pub timezone: &'a str,
    pub fee: &'a str,
    pub slot_minutes: &'a str,
    pub buffer_minutes: &'a str,
    pub hours: &'a str,
}

impl Default for NewDoctor<'_> {
    fn default() -> Self {
        Self {
            name: "Dr. Test Doctor",
            timezone: "UTC",
            fee: "1500",
            slot_minutes: "30",
            buffer_minutes: "0",
            hours: "08:00-12:00, 13:00-17:00",
        }
    }
}

impl TestApp {
    /// Creates a doctor through the admin pages, working `hours` every day; returns the id.
    pub async fn create_doctor(&self, admin: &Client, d: &NewDoctor<'_>) -> i64 {
        let response = self
            .submit_with(
                admin,
                "/admin/doctors/new",
                "/admin/doctors",
                &[
                    ("name", d.name),
                    ("specialty", "General Practice"),
                    ("bio", "Test doctor"),
                    ("fee", d.fee),
                    ("timezone", d.timezone),
                    ("slot_minutes", d.slot_minutes),
                    ("buffer_minutes", d.buffer_minutes),
                    ("notice_minutes", "60"),
                    ("horizon_days", "60"),
                    ("active", "on"),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "doctor created");
        let id: i64 = location(&response)
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let days = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        let fields: Vec<(&str, &str)> = days.iter().map(|day| (*day, d.hours)).collect();
        let response = self
            .submit_with(
                admin,
                &format!("/admin/doctors/{id}"),
                &format!("/admin/doctors/{id}/hours"),
                &fields,
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "hours saved");
        id
    }

    /// An admin's client (admin@example.com) and a doctor they made with the
    /// default hours: what most tests start from.
    pub async fn admin_and_doctor(&self) -> (Client, i64) {
        let admin = self.admin_client("admin@example.com").await;
        let doctor = self.create_doctor(&admin, &NewDoctor::default()).await;
        (admin, doctor)
    }

    /// Confirms a booking the way the review page does; returns the response.
    pub async fn book_with(
        &self,
        client: &Client,
        doctor: i64,
        starts_at: &str,
        reason: &str,
    ) -> Response {
        let review = format!(
            "/book?doctor_id={doctor}&starts_at={}",
            crate::helpers::encode(starts_at)
        );
        let page = self.get_with(client, &review).await;
        let status = page.status();
        let body = page.text().await.unwrap();
        let token = if status == StatusCode::OK {
            csrf_from(&body)
        } else {
            csrf_from(&self.page_with(client, "/dashboard").await)
        };
        self.post_raw(
            client,
            "/appointments",
            &[
                ("doctor_id", &doctor.to_string()),
                ("starts_at", starts_at),
                ("reason", reason),
                ("csrf_token", &token),
            ],
        )
        .await
    }

    /// Registers a patient from its own address (through the trusted proxy) and
    /// returns their logged-in client.
    pub async fn patient(&self, n: usize) -> Client {
        self.patient_as(n, &format!("patient{n}@example.com")).await
    }

    /// [`TestApp::patient`] with an email of the test's own (servers shared
    /// by the tests of this binary tell their mails apart by recipient).
    pub async fn patient_as(&self, n: usize, email: &str) -> Client {
        let forwarded = format!("10.1.{}.{}", n / 250, n % 250 + 1);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded.parse().unwrap());
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        let response = self
            .register_with(
                &client,
                &Registration {
                    email,
                    name: "Test Patient",
                    ..Registration::default()
                },
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "patient {n} registered"
        );
        client
    }

    /// Waits until `sql` counts at least `n`, for effects of the background worker.
    pub async fn eventually(&self, sql: &str, n: i64) {
        for _ in 0..100 {
            if self.count(sql) >= n {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("timed out waiting for {sql} to reach {n}");
    }
}

pub fn encode(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

/// A clock the test moves by hand; it starts at the real now.
#[derive(Clone)]
pub struct TestClock(std::sync::Arc<std::sync::Mutex<jiff::Timestamp>>);

impl TestClock {
    pub fn new() -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(
            jiff::Timestamp::now(),
        )))
    }

    pub fn now(&self) -> jiff::Timestamp {
        *self.0.lock().unwrap()
    }

    pub fn advance(&self, by: jiff::SignedDuration) {
        let mut now = self.0.lock().unwrap();
        *now = now.checked_add(by).unwrap();
    }
}

impl consulta_domain::ports::Clock for TestClock {
    fn now(&self) -> jiff::Timestamp {
        TestClock::now(self)
    }
}

/// A test clock and a worker that looks for due jobs often.
pub fn test_adapters(clock: &TestClock) -> consulta_web::Adapters {
    consulta_web::Adapters {
        clock: Some(std::sync::Arc::new(clock.clone())),
        worker_poll: Some(std::time::Duration::from_millis(20)),
        ..consulta_web::Adapters::default()
    }
}

impl TestApp {
    /// Waits until the worker has run every job due at `now`: none is left
    /// pending with its time come (running jobs count as pending).
    pub async fn settle(&self, now: jiff::Timestamp) {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM outbox_jobs WHERE state = 'pending' AND run_at <= {}",
            now.as_second()
        );
        for _ in 0..500 {
            if self.count(&sql) == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the worker did not run the jobs due at {now}");
    }

    /// Moves the test clock on in steps, letting the worker run what falls due.
    pub async fn pass(
        &self,
        clock: &TestClock,
        total: jiff::SignedDuration,
        step: jiff::SignedDuration,
    ) {
        let mut passed = jiff::SignedDuration::ZERO;
        while passed < total {
            let by = step.min(total - passed);
            clock.advance(by);
            passed += by;
            self.settle(clock.now()).await;
        }
    }

    /// The mails written to the outbox so far, as text.
    pub fn mails(&self) -> Vec<String> {
        self.mails_named("")
    }

    /// The mails about appointments (not the welcome, link or receipt mails
    /// about accounts): their files are named for their Message-ID.
    pub fn appointment_mails(&self) -> Vec<String> {
        self.mails_named("appointment-")
    }

    fn mails_named(&self, prefix: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir.path().join("outbox")) else {
            return Vec::new();
        };
        entries
            .map(|e| e.unwrap().path())
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with(prefix))
            })
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect()
    }
}
