//! Typed settings, layered: the embedded `config/default.toml`, then an optional
//! file, then `CONSULTA_…` environment variables (`__` separates nesting).

mod secret;
mod sections;

pub use secret::Secret;
pub use sections::*;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const EMBEDDED_DEFAULT: &str = include_str!("../../../../config/default.toml");

/// A setting that stops start-up, named by its key.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

fn invalid(key: &str, why: &str) -> ConfigError {
    ConfigError(format!("`{key}` {why}"))
}

impl Settings {
    /// Reads the layers. `file` comes from `--config`, else `CONSULTA_CONFIG`.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("CONSULTA_CONFIG").map(PathBuf::from));
        let mut figment = Figment::from(Toml::string(EMBEDDED_DEFAULT));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError(format!(
                    "the configuration file {} does not exist",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(
            Env::prefixed("CONSULTA_")
                .split("__")
                .ignore(&["config", "admin_password"]),
        );
        Self::from_figment(figment)
    }

    /// The embedded default with `overrides` (TOML) on top: for tests and tools.
    pub fn from_toml_overrides(overrides: &str) -> Result<Settings, ConfigError> {
        Self::from_figment(
            Figment::from(Toml::string(EMBEDDED_DEFAULT)).merge(Toml::string(overrides)),
        )
    }

    fn from_figment(figment: Figment) -> Result<Settings, ConfigError> {
        let settings: Settings = figment.extract().map_err(|error| {
            let key = error.path.join(".");
            let mut message = error.kind.to_string();
            if !key.is_empty() {
                message = format!("`{key}`: {message}");
            }
            ConfigError(message)
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !(4..=31).contains(&self.security.bcrypt_cost) {
            return Err(invalid("security.bcrypt_cost", "must be between 4 and 31"));
        }
        if self.sessions.idle_minutes < 1 {
            return Err(invalid("sessions.idle_minutes", "must be at least 1"));
        }
        if self.sessions.absolute_hours < 1 {
            return Err(invalid("sessions.absolute_hours", "must be at least 1"));
        }
        if !(1..=1440).contains(&self.accounts.reset_link_minutes) {
            return Err(invalid(
                "accounts.reset_link_minutes",
                "must be between 1 and 1440",
            ));
        }
        if !(1..=120).contains(&self.payments.hold_minutes) {
            return Err(invalid(
                "payments.hold_minutes",
                "must be between 1 and 120",
            ));
        }
        if consulta_domain::services::payments::RefundPolicy::from_str(&self.payments.refund_policy)
            .is_err()
        {
            return Err(invalid(
                "payments.refund_policy",
                "must be \"full\", \"none\" or a percentage such as \"50%\"",
            ));
        }
        if !(1..=10_080).contains(&self.payments.reconcile_after_minutes) {
            return Err(invalid(
                "payments.reconcile_after_minutes",
                "must be between 1 and 10080",
            ));
        }
        if self.booking.max_upcoming < 1 {
            return Err(invalid("booking.max_upcoming", "must be at least 1"));
        }
        if !(0..=86_400).contains(&self.meetings.link_grace_seconds) {
            return Err(invalid(
                "meetings.link_grace_seconds",
                "must be between 0 and 86400",
            ));
        }
        if !(1..=64).contains(&self.jobs.workers) {
            return Err(invalid("jobs.workers", "must be between 1 and 64"));
        }
        if self
            .reminders
            .hours_before
            .iter()
            .any(|h| !(h.is_finite() && *h > 0.0 && *h <= 24.0 * 30.0))
        {
            return Err(invalid(
                "reminders.hours_before",
                "must list hours between 0 and 720, e.g. [24, 1] or [0.5]",
            ));
        }
        if !(1..=3660).contains(&self.reports.max_days) {
            return Err(invalid("reports.max_days", "must be between 1 and 3660"));
        }
        if self.clinic.name.trim().is_empty() {
            return Err(invalid("clinic.name", "must not be empty"));
        }
        if consulta_domain::model::TimeZoneName::parse(&self.clinic.timezone).is_err() {
            return Err(invalid(
                "clinic.timezone",
                "must be an IANA time zone such as Asia/Dhaka",
            ));
        }
        if self.server.public_url.trim_end_matches('/').is_empty()
            || !(self.server.public_url.starts_with("http://")
                || self.server.public_url.starts_with("https://"))
        {
            return Err(invalid(
                "server.public_url",
                "must start with http:// or https://",
            ));
        }
        Ok(())
    }

    /// The SQLite file: `database.path`, or `data_dir/consulta.db`.
    pub fn database_path(&self) -> PathBuf {
        if self.database.path.trim().is_empty() {
            self.data_dir.join("consulta.db")
        } else {
            PathBuf::from(&self.database.path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_loads() {
        let settings = Settings::from_toml_overrides("").expect("default config");
        assert_eq!(settings.server.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.clinic.currency.code(), "BDT");
        assert_eq!(settings.security.bcrypt_cost, 12);
        assert!(settings.demo);
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let cases = [
            ("[server]\nbind = \"nowhere\"", "server.bind"),
            ("[payments]\npolicy = \"sometimes\"", "payments.policy"),
            ("[security]\nbcrypt_cost = 40", "security.bcrypt_cost"),
            ("[clinic]\ncurrency = \"TAKA\"", "clinic.currency"),
            ("[mail.smtp]\ntls = \"maybe\"", "mail.smtp.tls"),
        ];
        for (toml, key) in cases {
            let error = Settings::from_toml_overrides(toml)
                .expect_err(toml)
                .to_string();
            assert!(
                error.contains(key),
                "{toml:?} gave {error:?}, which does not name {key}"
            );
        }
    }
}
