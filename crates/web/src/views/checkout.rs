//! The addresses a checkout sends the patient back to, built in one place
//! for the pay page, the TEST MODE page and the return routes alike.

use crate::error::AppError;
use crate::state::AppState;
use consulta_domain::model::{Appointment, AppointmentId, Provider};
use consulta_domain::ports::PaymentRecord;
use jiff::tz::TimeZone;

fn public_url(state: &AppState) -> &str {
    state.settings.server.public_url.trim_end_matches('/')
}

/// `/payments/return/{provider}` on the public address: where the provider
/// sends the patient back (with its own parameters).
pub fn return_url(state: &AppState, provider: Provider) -> String {
    format!(
        "{}/payments/return/{}",
        public_url(state),
        provider.as_str()
    )
}

/// The pay page: where "cancel" or "back" at the provider leads.
pub fn pay_path(appointment: AppointmentId) -> String {
    format!("/appointments/{appointment}/pay")
}

pub fn cancel_url(state: &AppState, appointment: AppointmentId) -> String {
    format!("{}{}", public_url(state), pay_path(appointment))
}

/// `/webhooks/{provider}` on the public address.
pub fn webhook_url(state: &AppState, provider: Provider) -> String {
    format!("{}/webhooks/{}", public_url(state), provider.as_str())
}

/// The appointment a payment is for (found from the payment, never from
/// the visitor's cookie), and its doctor's zone.
pub async fn appointment_of(
    state: &AppState,
    record: &PaymentRecord,
) -> Result<(Appointment, TimeZone), AppError> {
    let appointment = state
        .booking
        .own_appointment(record.patient, record.payment.appointment)
        .await?
        .ok_or_else(|| {
            AppError::unexpected(format!("payment {} of no appointment", record.payment.id))
        })?;
    let zone = state
        .booking
        .doctor(appointment.doctor_id)
        .await?
        .map(|d| d.profile.timezone.time_zone())
        .unwrap_or(TimeZone::UTC);
    Ok((appointment, zone))
}

/// "14 minutes 5 seconds" left of a hold, as the page says it before any script runs.
pub fn time_left(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (minutes, rest) = (seconds / 60, seconds % 60);
    let unit = |n: i64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (minutes, rest) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}

#[cfg(test)]
mod tests {
    use super::time_left;

    #[test]
    fn the_time_left_reads_as_words() {
        assert_eq!(time_left(905), "15 minutes 5 seconds");
        assert_eq!(time_left(60), "1 minute");
        assert_eq!(time_left(1), "1 second");
        assert_eq!(time_left(-3), "0 seconds");
    }
}
