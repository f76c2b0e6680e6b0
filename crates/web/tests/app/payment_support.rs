//! What the payment tests share: a clinic that is paid first, booking into
//! a hold, the pay page's POST, the simulated gateway's signing (with the
//! secret the app generated under its data directory), and fakes of the
//! providers' APIs for the real adapters.

use crate::helpers::{csrf_from, location, spawn_app_using, TestApp, TRUSTED_PROXY};
use consulta_domain::ports::PaymentGateway;
use consulta_domain::services::payments::Gateways;
use consulta_payments::simulated::SimulatedEvent;
use consulta_payments::{
    RazorpayConfig, RazorpayGateway, SimulatedConfig, SimulatedGateway, StripeConfig,
    StripeGateway, SIMULATED_SIGNATURE_HEADER,
};
use reqwest::{Client, Response, StatusCode};
use secrecy::SecretString;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use wiremock::MockServer;

pub const PAY_FIRST: &str = "payments.policy = \"before\"\n";

/// A pay-first clinic with `extra` settings and adapters, and a doctor.
pub async fn pay_first_app(extra: &str, adapters: consulta_web::Adapters) -> (TestApp, i64) {
    let app = spawn_app_using(&format!("{TRUSTED_PROXY}{PAY_FIRST}{extra}"), adapters).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    (app, doctor)
}

/// Books `starts_at` under "before": the answer leads to the pay page; returns the appointment id.
pub async fn book_held(app: &TestApp, patient: &Client, doctor: i64, starts_at: &str) -> i64 {
    let response = app
        .book_with(patient, doctor, starts_at, "Paying first for this one")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "booked");
    let to = location(&response);
    let id = to
        .strip_prefix("/appointments/")
        .and_then(|rest| rest.strip_suffix("/pay"))
        .unwrap_or_else(|| panic!("booking leads to the pay page, not {to}"));
    id.parse().unwrap()
}

/// The pay page's POST, with the page's CSRF token.
pub async fn post_pay(
    app: &TestApp,
    patient: &Client,
    appointment: i64,
    fields: &[(&str, &str)],
) -> Response {
    let path = format!("/appointments/{appointment}/pay");
    app.submit_with(patient, &path, &path, fields).await
}

/// The TEST MODE checkout's reference in the address a POST sent the browser to.
pub fn sim_ref_of(response: &Response) -> String {
    let to = location(response);
    to.rsplit('/').next().unwrap().to_owned()
}

/// Books, opens the checkout; returns (appointment, sim_ref).
pub async fn book_and_open(
    app: &TestApp,
    patient: &Client,
    doctor: i64,
    starts_at: &str,
) -> (i64, String) {
    let id = book_held(app, patient, doctor, starts_at).await;
    let response = post_pay(app, patient, id, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "to the checkout");
    (id, sim_ref_of(&response))
}

/// Presses Pay or Decline on the TEST MODE page.
pub async fn test_page_press(
    app: &TestApp,
    patient: &Client,
    sim_ref: &str,
    outcome: &str,
) -> Response {
    let path = format!("/payments/simulated/{sim_ref}");
    app.submit_with(patient, &path, &path, &[("outcome", outcome)])
        .await
}

/// The simulated gateway with the secret this app generated.
pub fn simulated(app: &TestApp) -> SimulatedGateway {
    let secret = std::fs::read_to_string(app.dir.path().join("simulated-webhook.key")).unwrap();
    SimulatedGateway::new(SimulatedConfig::new(
        app.url("/payments/simulated"),
        SecretString::from(secret.trim().to_owned()),
    ))
}

/// A simulated event's body.
pub fn sim_event(id: &str, kind: &str, sim_ref: &str, amount: i64) -> Vec<u8> {
    let payment_id = sim_ref.trim_start_matches("sim_").parse().unwrap();
    serde_json::to_vec(&SimulatedEvent {
        id: id.to_owned(),
        kind: kind.to_owned(),
        sim_ref: sim_ref.to_owned(),
        payment_id,
        amount,
        currency: "BDT".into(),
        refund_ref: None,
    })
    .unwrap()
}

/// Posts a webhook body with the signature header given (or none).
pub async fn post_webhook(
    app: &TestApp,
    provider: &str,
    body: Vec<u8>,
    signature: Option<(&str, String)>,
) -> Response {
    let mut request = Client::new()
        .post(app.url(&format!("/webhooks/{provider}")))
        .header("content-type", "application/json")
        .body(body);
    if let Some((name, value)) = signature {
        request = request.header(name, value);
    }
    request.send().await.unwrap()
}

/// Posts a simulated webhook signed with the app's secret at `now`.
pub async fn signed_sim_webhook(app: &TestApp, body: Vec<u8>, now: jiff::Timestamp) -> Response {
    let signature = simulated(app).sign_webhook(&body, now);
    post_webhook(
        app,
        "simulated",
        body,
        Some((SIMULATED_SIGNATURE_HEADER, signature)),
    )
    .await
}

/// The simulated gateway's signed return for `sim_ref`, as a path and query.
pub fn signed_return_path(app: &TestApp, sim_ref: &str, status: &str, amount: i64) -> String {
    let money = consulta_domain::model::Money::new(
        amount,
        consulta_domain::model::Currency::parse("BDT").unwrap(),
    );
    let params = simulated(app).signed_return(sim_ref, status, money);
    format!(
        "/payments/return/simulated?{}",
        serde_urlencoded::to_string(&params).unwrap()
    )
}

pub fn sql_count(app: &TestApp, sql: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) AS n FROM {sql}"))
}

/// A Stripe adapter pointed at `server`.
pub fn stripe_gateways(server: &MockServer) -> Gateways {
    let mut config = StripeConfig::new(
        SecretString::from("sk_test_123"),
        SecretString::from("whsec_test_consulta"),
    );
    config.api_base = format!("{}/v1", server.uri());
    config.timeout = Duration::from_secs(2);
    let gateway: Arc<dyn PaymentGateway> = Arc::new(StripeGateway::new(config).unwrap());
    Gateways::new(vec![gateway])
}

/// A Checkout Session as §2 shows it, for payment `payment` of 1,500.00 BDT.
pub fn stripe_session(status: &str, payment_status: &str, payment: i64) -> serde_json::Value {
    json!({
        "id": "cs_test_0001", "object": "checkout.session",
        "url": "https://checkout.stripe.com/c/pay/cs_test_0001",
        "status": status, "payment_status": payment_status,
        "payment_intent": if payment_status == "paid" { json!("pi_test_0001") } else { json!(null) },
        "amount_total": 150000, "amount_subtotal": 150000, "currency": "bdt",
        "client_reference_id": payment.to_string(), "customer_email": "patient1@example.com",
        "metadata": {"appointment_id": "1", "payment_id": payment.to_string()},
        "expires_at": 1767312000, "created": 1767225600, "livemode": false, "mode": "payment"
    })
}

/// The contract's Razorpay test keys (§3.1, test vector B) against `server`.
pub fn razorpay_gateways(server: &MockServer) -> Gateways {
    let mut config = RazorpayConfig::new(
        "rzp_test_1DP5mmOlF5G5ag".into(),
        SecretString::from("rzp_test_secret_consulta_0123"),
        SecretString::from("rzp_webhook_secret_consulta"),
    );
    config.api_base = format!("{}/v1", server.uri());
    config.hosted_checkout_url = format!("{}/v1/checkout/embedded", server.uri());
    config.timeout = Duration::from_secs(2);
    let gateway: Arc<dyn PaymentGateway> = Arc::new(RazorpayGateway::new(config).unwrap());
    Gateways::new(vec![gateway])
}

/// The CSRF token of a page, for forms posted by hand.
pub async fn token_of(app: &TestApp, client: &Client, path: &str) -> String {
    csrf_from(&app.page_with(client, path).await)
}

/// The path and query of an address on this app (redirects to the return
/// page are absolute: `server.public_url`).
pub fn local(app: &TestApp, url: &str) -> String {
    url.strip_prefix(&app.url("")).unwrap_or(url).to_owned()
}

/// A bKash adapter pointed at `server`.
pub fn bkash_gateways(server: &MockServer) -> Gateways {
    let secret = |s: &str| SecretString::from(s.to_owned());
    let mut config = consulta_payments::BkashConfig::new(
        secret("sandboxTokenizedUser02"),
        secret("sandboxTokenizedUser02@12345"),
        secret("4f6o0cjiki2rfm34kfdadl1eqq"),
        secret("2is7hdktrekvrbljjh44ll3d9l1dtjo4pasmjvs5vl5qr3fug4b"),
    );
    config.api_base = format!("{}/v1.2.0-beta/tokenized/checkout", server.uri());
    config.timeout = Duration::from_secs(2);
    let gateway: Arc<dyn PaymentGateway> =
        Arc::new(consulta_payments::BkashGateway::new(config).unwrap());
    Gateways::new(vec![gateway])
}
