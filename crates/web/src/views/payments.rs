//! Payments as pages show them: a state in words, an amount for a form
//! field, an appointment's payments with their refunds and invoice links
//! (the patient's appointment page and staff's), and what a cancellation
//! would give back under `payments.refund_policy`.

use super::times;
use crate::error::AppError;
use crate::state::AppState;
use consulta_domain::model::{AppointmentId, Money, PatientId, PaymentState};
use consulta_domain::ports::RefundEntry;
use consulta_domain::services::payments::{PaymentFile, RefundPolicy};
use jiff::tz::TimeZone;
use minijinja::{context, Value};

pub fn state_label(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Created => "Not started",
        PaymentState::Pending => "Awaiting payment",
        PaymentState::Paid => "Paid",
        PaymentState::Failed => "Failed",
        PaymentState::Cancelled => "Cancelled",
        PaymentState::PartiallyRefunded => "Partly refunded",
        PaymentState::Refunded => "Refunded",
    }
}

/// "1500.00": an amount as a form field holds it, in major units.
pub fn amount_field(money: Money) -> String {
    let exponent = money.currency().exponent();
    let scale = 10_i64.pow(exponent);
    let (whole, frac) = (money.minor() / scale, (money.minor() % scale).abs());
    if exponent == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:0width$}", width = exponent as usize)
    }
}

/// "Tuesday 1 December 2026, 10:05 Dhaka"
pub fn moment(at: jiff::Timestamp, zone: &TimeZone) -> String {
    times::long_date(at, zone) + ", " + &times::time_with_place(at, zone)
}

pub fn clinic_zone(state: &AppState) -> TimeZone {
    TimeZone::get(&state.settings.clinic.timezone).unwrap_or(TimeZone::UTC)
}

pub fn refund_value(refund: &RefundEntry, zone: &TimeZone) -> Value {
    context! {
        amount => refund.amount.display(),
        at => moment(refund.at, zone),
        reason => refund.reason.clone(),
        by => refund.by.label(),
        refund_ref => refund.refund_ref.clone(),
    }
}

/// One payment with its refunds, for templates.
pub fn payment_value(file: &PaymentFile, zone: &TimeZone) -> Value {
    let record = &file.record;
    let payment = &record.payment;
    let refunded = Money::new(payment.refunded_minor(), payment.amount.currency());
    context! {
        id => payment.id.get(),
        state => payment.state.as_str(),
        state_label => state_label(payment.state),
        was_paid => payment.state.was_paid(),
        amount => payment.amount.display(),
        provider => payment.provider.label(),
        transaction => payment.transaction_ref.clone(),
        paid_at => record.paid_at.map(|at| moment(at, zone)),
        refunded => (refunded.minor() > 0).then(|| refunded.display()),
        refundable => payment.refundable().display(),
        refundable_field => amount_field(payment.refundable()),
        can_refund => payment.refundable().minor() > 0,
        flagged => record.flagged.clone(),
        invoice => record.invoice.map(|n| n.to_string()),
        refunds => file.refunds.iter().map(|r| refund_value(r, zone)).collect::<Vec<_>>(),
    }
}

/// The appointment's payments (only the patient's own when `patient` is given).
pub async fn appointment_payments(
    state: &AppState,
    appointment: AppointmentId,
    patient: Option<PatientId>,
    zone: &TimeZone,
) -> Result<Vec<Value>, AppError> {
    let files = state
        .payments
        .payments_of_appointment(appointment, patient)
        .await?;
    Ok(files.iter().map(|f| payment_value(f, zone)).collect())
}

/// What cancelling gives back, in a sentence, for a paid appointment.
pub async fn cancellation_refund_note(
    state: &AppState,
    appointment: AppointmentId,
    patient: PatientId,
) -> Result<Option<String>, AppError> {
    let quote = state
        .payments
        .cancellation_refund_quote(appointment, patient)
        .await
        .map_err(AppError::from)?;
    Ok(quote.map(|amount| refund_sentence(state.payments.refund_policy(), amount)))
}

fn refund_sentence(policy: RefundPolicy, amount: Money) -> String {
    if amount.minor() == 0 {
        return "Under the clinic's refund policy nothing of what you paid comes back if you cancel."
            .to_owned();
    }
    let amount = amount.display();
    match policy {
        RefundPolicy::Percent(percent) => format!(
            "If you cancel, {amount} ({percent}% of what you paid, the clinic's refund policy) will be refunded to you."
        ),
        RefundPolicy::Full | RefundPolicy::None => {
            format!("If you cancel, {amount} will be refunded to you in full.")
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use consulta_domain::model::Currency;

    #[test]
    fn amounts_fill_a_form_field_in_major_units() {
        let bdt = Currency::parse("BDT").unwrap();
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(amount_field(Money::new(150_050, bdt)), "1500.50");
        assert_eq!(amount_field(Money::new(7, bdt)), "0.07");
        assert_eq!(amount_field(Money::new(1500, jpy)), "1500");
        assert_eq!(
            Money::parse_major(&amount_field(Money::new(99_901, bdt)), bdt),
            Some(Money::new(99_901, bdt))
        );
    }

    #[test]
    fn the_refund_sentence_says_nothing_comes_back_when_nothing_does() {
        let bdt = Currency::parse("BDT").unwrap();
        let none = refund_sentence(RefundPolicy::None, Money::new(0, bdt));
        assert!(none.contains("nothing"), "{none}");
        let half = refund_sentence(RefundPolicy::Percent(50), Money::new(75_000, bdt));
        assert!(
            half.contains("750.00 BDT") && half.contains("50%"),
            "{half}"
        );
    }
}
