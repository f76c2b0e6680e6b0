//! An appointment as the dashboard, its own page and the confirm step show it.

use super::times;
use crate::state::AppState;
use consulta_domain::model::{Appointment, AppointmentStatus};
use jiff::tz::TimeZone;
use minijinja::{context, Value};

/// An appointment for templates, its times in the doctor's zone (and the patient's).
pub fn appointment_value(
    state: &AppState,
    a: &Appointment,
    doctor_zone: &TimeZone,
    patient: Option<&TimeZone>,
) -> Value {
    let now = state.clock.now();
    context! {
        id => a.id.get(),
        doctor_name => a.doctor_name.clone(),
        doctor_id => a.doctor_id.get(),
        start => times::when(a.starts_at, doctor_zone, patient),
        end_time => a.ends_at.to_zoned(doctor_zone.clone()).strftime("%H:%M").to_string(),
        reason => a.reason.as_str(),
        status => a.status.as_str(),
        status_label => a.status.label(),
        payment_status => a.payment_status.as_str(),
        payment_label => a.payment_status.label(),
        amount => a.amount.display(),
        zoom_link => a.zoom_link.clone(),
        hold_until => a.hold_until.filter(|_| a.is_active_at(now) && a.status == AppointmentStatus::PendingPayment)
            .map(|t| times::time_with_place(t, doctor_zone)),
        can_change => state.booking.can_change(a),
        cancel_reason => a.cancel_reason.clone(),
        upcoming => a.ends_at > now,
        // Online payment offered and this one still to pay (held, or confirmed unpaid).
        payable => !state.payments.offered().is_empty() && a.payable_at(now),
    }
}
