//! Helpers for the staff tests: doctor accounts made through /admin/staff,
//! and a patient with data of their own to look for.

use crate::helpers::*;
use jiff::{SignedDuration, Timestamp};
use reqwest::header::HeaderMap;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};

/// Posts the new-account form as an admin would.
pub async fn create_staff(app: &TestApp, admin: &Client, fields: &[(&str, &str)]) -> Response {
    app.submit_with(admin, "/admin/staff/new", "/admin/staff", fields)
        .await
}

/// Creates a doctor account for `doctor` with PASSWORD and returns a client
/// logged in as it.
pub async fn doctor_client(app: &TestApp, admin: &Client, doctor: i64, email: &str) -> Client {
    let doctor = doctor.to_string();
    let response = create_staff(
        app,
        admin,
        &[
            ("email", email),
            ("role", "doctor"),
            ("doctor_id", &doctor),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "doctor account created"
    );
    let client = new_client();
    let login = app.login_with(&client, email, PASSWORD).await;
    assert_eq!(
        location(&login),
        "/doctor",
        "a doctor lands on their schedule"
    );
    client
}

/// A client from its own address behind the trusted proxy (so login and
/// registration throttles do not mix the tests' visitors).
pub fn client_from(n: usize) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-forwarded-for",
        format!("10.9.{}.{}", n / 250, n % 250 + 1).parse().unwrap(),
    );
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A registered patient whose name, email and medical history are markers
/// to look for in pages that must not show them.
pub struct MarkedPatient {
    pub client: Client,
    pub name: String,
    pub email: String,
    pub history: String,
}

pub async fn marked_patient(app: &TestApp, n: usize, marker: &str) -> MarkedPatient {
    let client = client_from(n);
    let name = format!("Zubair {marker}");
    let email = format!("{}@example.com", marker.to_lowercase());
    let history = format!("History marker {marker}: kidney stones.");
    let response = app
        .register_with(
            &client,
            &Registration {
                name: &name,
                email: &email,
                medical_history: &history,
                ..Registration::default()
            },
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{marker} registered"
    );
    MarkedPatient {
        client,
        name,
        email,
        history,
    }
}

/// The id at the end of a redirect's location ("/appointments/7" → 7).
pub fn id_from(response: &Response) -> i64 {
    location(response)
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Sessions outlive the days the test clock jumps.
pub const LONG_SESSIONS: &str =
    "server.trusted_proxies = [\"127.0.0.1\"]\nsessions.idle_minutes = 10000\nsessions.absolute_hours = 1000\n";

/// Moves the test clock to `minutes` after `starts_at`.
pub fn past_start(clock: &TestClock, starts_at: &str, minutes: i64) {
    let start: Timestamp = starts_at.parse().unwrap();
    clock.advance(clock.now().duration_until(start) + SignedDuration::from_mins(minutes));
}
