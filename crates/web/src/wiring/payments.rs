//! The payment gateways the clinic offers (`payments.provider`,
//! `payments.providers`), each built from its section. A provider that lacks
//! a secret or cannot take the clinic's currency stops start-up with one
//! line naming it.

use super::missing;
use crate::config::{ConfigError, PaymentProvider, Secret, Settings};
use crate::data_key::generated_secret;
use crate::startup::StartupError;
use consulta_domain::model::Currency;
use consulta_domain::ports::PaymentGateway;
use consulta_domain::services::payments::Gateways;
use consulta_payments::{
    BkashConfig, BkashGateway, RazorpayConfig, RazorpayGateway, SetupError, SimulatedConfig,
    SimulatedGateway, StripeConfig, StripeGateway,
};
use secrecy::SecretString;
use std::sync::Arc;

/// The file under data_dir holding the simulated gateway's webhook secret.
pub(crate) const SIMULATED_SECRET_FILE: &str = "simulated-webhook.key";

/// Where the TEST MODE checkout page lives.
pub(crate) const SIMULATED_CHECKOUT_PATH: &str = "/payments/simulated";

/// The gateways offered, in order; none when `payments.enabled` is false.
pub fn payment_gateways(settings: &Settings) -> Result<Gateways, StartupError> {
    if !settings.payments.enabled {
        return Ok(Gateways::default());
    }
    let mut gateways: Vec<Arc<dyn PaymentGateway>> = Vec::new();
    for provider in settings.payments.offered() {
        gateways.push(gateway(settings, provider)?);
    }
    Ok(Gateways::new(gateways))
}

/// The simulated gateway itself: the TEST MODE pages sign with it.
pub fn simulated_gateway(settings: &Settings) -> Result<SimulatedGateway, StartupError> {
    let secret = generated_secret(settings, SIMULATED_SECRET_FILE)?;
    let base = settings.server.public_url.trim_end_matches('/');
    Ok(SimulatedGateway::new(SimulatedConfig::new(
        format!("{base}{SIMULATED_CHECKOUT_PATH}"),
        SecretString::from(secret),
    )))
}

fn gateway(
    settings: &Settings,
    provider: PaymentProvider,
) -> Result<Arc<dyn PaymentGateway>, StartupError> {
    let currency = settings.clinic.currency;
    Ok(match provider {
        PaymentProvider::Simulated => Arc::new(simulated_gateway(settings)?),
        PaymentProvider::Stripe => {
            StripeGateway::require_currency(currency).map_err(setup)?;
            let s = &settings.stripe;
            let because = "when payments offer \"stripe\"";
            let config = StripeConfig {
                api_base: s.api_base.clone(),
                ..StripeConfig::new(
                    secret(
                        "stripe.secret_key (CONSULTA_STRIPE__SECRET_KEY)",
                        &s.secret_key,
                        because,
                    )?,
                    secret(
                        "stripe.webhook_secret (CONSULTA_STRIPE__WEBHOOK_SECRET)",
                        &s.webhook_secret,
                        because,
                    )?,
                )
            };
            Arc::new(StripeGateway::new(config).map_err(setup)?)
        }
        PaymentProvider::Razorpay => {
            require_two_decimals("razorpay", currency)?;
            let r = &settings.razorpay;
            let because = "when payments offer \"razorpay\"";
            let key_id = secret(
                "razorpay.key_id (CONSULTA_RAZORPAY__KEY_ID)",
                &r.key_id,
                because,
            )?;
            let config = RazorpayConfig {
                api_base: r.api_base.clone(),
                ..RazorpayConfig::new(
                    secrecy::ExposeSecret::expose_secret(&key_id).to_owned(),
                    secret(
                        "razorpay.key_secret (CONSULTA_RAZORPAY__KEY_SECRET)",
                        &r.key_secret,
                        because,
                    )?,
                    secret(
                        "razorpay.webhook_secret (CONSULTA_RAZORPAY__WEBHOOK_SECRET)",
                        &r.webhook_secret,
                        because,
                    )?,
                )
            };
            Arc::new(RazorpayGateway::new(config).map_err(setup)?)
        }
        PaymentProvider::Bkash => {
            BkashGateway::require_currency(currency).map_err(setup)?;
            let b = &settings.bkash;
            let because = "when payments offer \"bkash\"";
            let config = BkashConfig {
                api_base: b.api_base.clone(),
                ..BkashConfig::new(
                    secret(
                        "bkash.username (CONSULTA_BKASH__USERNAME)",
                        &b.username,
                        because,
                    )?,
                    secret(
                        "bkash.password (CONSULTA_BKASH__PASSWORD)",
                        &b.password,
                        because,
                    )?,
                    secret(
                        "bkash.app_key (CONSULTA_BKASH__APP_KEY)",
                        &b.app_key,
                        because,
                    )?,
                    secret(
                        "bkash.app_secret (CONSULTA_BKASH__APP_SECRET)",
                        &b.app_secret,
                        because,
                    )?,
                )
            };
            Arc::new(BkashGateway::new(config).map_err(setup)?)
        }
    })
}

fn secret(key: &str, value: &Secret, because: &str) -> Result<SecretString, StartupError> {
    if value.is_empty() {
        Err(missing(key, because).into())
    } else {
        Ok(SecretString::from(value.expose().to_owned()))
    }
}

/// Razorpay's amounts are in the currency's subunits; Consulta's money
/// counts two decimals, so a zero- or three-decimal currency is refused.
fn require_two_decimals(provider: &'static str, currency: Currency) -> Result<(), StartupError> {
    if currency.exponent() == 2 {
        Ok(())
    } else {
        Err(setup(SetupError::UnsupportedCurrency {
            provider,
            currency: currency.code().to_owned(),
        }))
    }
}

fn setup(error: SetupError) -> StartupError {
    StartupError::Config(ConfigError(format!(
        "payments: {error} (clinic.currency, payments.provider)"
    )))
}
