//! HMAC-SHA256 signatures, checked in constant time, and the timestamped
//! header scheme (`t=<unix>,v1=<hex>` over `<t>.<body>`) that Stripe and the
//! simulated gateway share.

use consulta_domain::ports::WebhookRejected;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::time::Duration;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], parts: &[&[u8]]) -> HmacSha256 {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts every key length"),
    };
    for part in parts {
        mac.update(part);
    }
    mac
}

/// Lowercase hex HMAC-SHA256 of the parts, concatenated, keyed with `key` as UTF-8.
pub(crate) fn hmac_hex(key: &SecretString, parts: &[&[u8]]) -> String {
    hex::encode(
        mac(key.expose_secret().as_bytes(), parts)
            .finalize()
            .into_bytes(),
    )
}

/// Whether `candidate` (hex, either case) is the HMAC of the parts; constant time.
pub(crate) fn hmac_matches(key: &SecretString, parts: &[&[u8]], candidate: &str) -> bool {
    let Ok(bytes) = hex::decode(candidate.trim()) else {
        return false;
    };
    mac(key.expose_secret().as_bytes(), parts)
        .verify_slice(&bytes)
        .is_ok()
}

/// `t=<unix>,v1=<hex>`: the header value for `body` signed at `t`.
pub(crate) fn timestamped_header(secret: &SecretString, t: i64, body: &[u8]) -> String {
    let t = t.to_string();
    let v1 = hmac_hex(secret, &[t.as_bytes(), b".", body]);
    format!("t={t},v1={v1}")
}

/// Verifies a `t=…,v1=…[,v1=…]` header over `<t exactly as sent>.<raw body>`
/// with any of `secrets` (two while a secret is rolled), then the freshness
/// |now − t| ≤ tolerance. Other schemes (`v0`) are ignored.
pub(crate) fn verify_timestamped(
    header_name: &'static str,
    header: Option<&str>,
    body: &[u8],
    secrets: &[&SecretString],
    now: Timestamp,
    tolerance: Duration,
) -> Result<(), WebhookRejected> {
    let header = header.ok_or(WebhookRejected::MissingHeader(header_name))?;
    let mut t_text = None;
    let mut candidates = Vec::new();
    for item in header.split(',') {
        match item.trim().split_once('=') {
            Some(("t", value)) => t_text = Some(value),
            Some(("v1", value)) => candidates.push(value),
            _ => {}
        }
    }
    let t_text = t_text.ok_or(WebhookRejected::MissingHeader(header_name))?;
    let t: i64 = t_text
        .parse()
        .map_err(|_| WebhookRejected::MissingHeader(header_name))?;
    if candidates.is_empty() {
        return Err(WebhookRejected::MissingHeader(header_name));
    }
    let signed = [t_text.as_bytes(), b".", body];
    let genuine = secrets
        .iter()
        .any(|secret| candidates.iter().any(|c| hmac_matches(secret, &signed, c)));
    if !genuine {
        return Err(WebhookRejected::BadSignature);
    }
    let age = now.as_second().abs_diff(t);
    if age > tolerance.as_secs() {
        return Err(WebhookRejected::StaleTimestamp);
    }
    Ok(())
}
