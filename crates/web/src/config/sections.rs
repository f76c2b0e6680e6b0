//! One struct per section of the configuration; the keys are documented in
//! `config/default.toml` and the README.

use super::Secret;
use consulta_domain::model::Currency;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub demo: bool,
    /// Base64 of the 32-byte key that encrypts medical histories (environment only).
    #[serde(default)]
    pub data_key: Secret,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub clinic: ClinicSettings,
    pub security: SecuritySettings,
    pub sessions: SessionSettings,
    pub accounts: AccountSettings,
    pub booking: BookingSettings,
    pub payments: PaymentSettings,
    pub meetings: MeetingSettings,
    pub jobs: JobSettings,
    pub mail: MailSettings,
    pub reminders: ReminderSettings,
    pub zoom: ZoomSettings,
    pub stripe: StripeSettings,
    pub razorpay: RazorpaySettings,
    pub bkash: BkashSettings,
    pub reports: ReportSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub bind: SocketAddr,
    pub public_url: String,
    pub https: bool,
    pub trusted_proxies: Vec<IpAddr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Synchronous {
    Full,
    Normal,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub path: String,
    pub synchronous: Synchronous,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClinicSettings {
    pub name: String,
    pub address: String,
    pub currency: Currency,
    /// The number patients call, shown in the footer and wherever a change must
    /// go through the clinic. Empty: no page tells anyone to call.
    #[serde(default)]
    pub phone: String,
    /// The IANA zone times are shown in for a visitor whose own zone is unknown
    /// (no JavaScript, not logged in).
    pub timezone: String,
    /// The clinic's tax registration number, printed on invoices. Empty: none.
    #[serde(default)]
    pub tax_id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SecuritySettings {
    pub bcrypt_cost: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SessionSettings {
    pub idle_minutes: i64,
    pub absolute_hours: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccountSettings {
    /// Unverified patients may look around but not book.
    pub require_verified_email: bool,
    /// How long a password reset link works.
    pub reset_link_minutes: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BookingSettings {
    pub cancel_notice_hours: i64,
    pub max_upcoming: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentPolicy {
    Before,
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentProvider {
    Simulated,
    Stripe,
    Razorpay,
    Bkash,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PaymentSettings {
    pub policy: PaymentPolicy,
    pub hold_minutes: i64,
    pub provider: PaymentProvider,
    /// Several providers for the patient to choose from; empty: just `provider`.
    #[serde(default)]
    pub providers: Vec<PaymentProvider>,
    /// Off: no online payment; every booking is confirmed and paid at the clinic.
    pub enabled: bool,
    /// What a patient's own cancellation of a paid appointment gets back:
    /// "full", "none" or a percentage such as "50%".
    pub refund_policy: String,
    /// A payment still pending this long is looked up at its provider.
    pub reconcile_after_minutes: i64,
}

impl PaymentSettings {
    /// The providers offered, in order: `providers`, else `provider`.
    pub fn offered(&self) -> Vec<PaymentProvider> {
        if self.providers.is_empty() {
            vec![self.provider]
        } else {
            let mut offered = Vec::new();
            for p in &self.providers {
                if !offered.contains(p) {
                    offered.push(*p);
                }
            }
            offered
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeetingProvider {
    Jitsi,
    Zoom,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MeetingSettings {
    pub provider: MeetingProvider,
    /// How long a confirmation waits for its video link before it goes out
    /// saying the link will follow.
    pub link_grace_seconds: i64,
}

/// The background worker.
#[derive(Debug, Clone, Deserialize)]
pub struct JobSettings {
    /// Jobs run at once.
    pub workers: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    File,
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: String,
    #[serde(default)]
    pub password: Secret,
    /// A bare address or "Name <address>"; both transports send from it.
    pub from: String,
    /// The display name for a bare `from` address (empty: none).
    #[serde(default)]
    pub from_name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub smtp: SmtpSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReminderSettings {
    /// Hours before the start each reminder goes out; fractions allowed (0.5).
    pub hours_before: Vec<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ZoomSettings {
    pub api_base: String,
    pub oauth_base: String,
    #[serde(default)]
    pub account_id: Secret,
    #[serde(default)]
    pub client_id: Secret,
    #[serde(default)]
    pub client_secret: Secret,
    #[serde(default)]
    pub user: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StripeSettings {
    pub api_base: String,
    #[serde(default)]
    pub secret_key: Secret,
    #[serde(default)]
    pub webhook_secret: Secret,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RazorpaySettings {
    pub api_base: String,
    #[serde(default)]
    pub key_id: Secret,
    #[serde(default)]
    pub key_secret: Secret,
    #[serde(default)]
    pub webhook_secret: Secret,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BkashSettings {
    pub api_base: String,
    #[serde(default)]
    pub username: Secret,
    #[serde(default)]
    pub password: Secret,
    #[serde(default)]
    pub app_key: Secret,
    #[serde(default)]
    pub app_secret: Secret,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReportSettings {
    /// The longest range one admin report covers, in days.
    pub max_days: i64,
}
