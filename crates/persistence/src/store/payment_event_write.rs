//! Applying a provider's event: ONE immediate transaction that records the
//! event id, moves the payment, keeps the appointment in step, and on the
//! Paid transition issues the invoice and confirms (or marks for refund)
//! the appointment.

use super::appointment_rows::{load_appointment, NewHistory};
use super::booking_checks::{doctor_conflict, Span};
use super::invoice_rows::issue_invoice;
use super::job_rows::enqueue;
use super::payment_rows::save_state;
use super::payment_writes::{current, flag_payment, insert_refund, refused};
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{appointments, doctors, payment_events, payments};
use consulta_domain::model::{
    Actor, Applied, AppointmentStatus, Dedupe, JobKind, JobPayload, NewJob, Payment, PaymentChange,
    PaymentState, Provider,
};
use consulta_domain::ports::{
    AfterPayment, EventEffect, EventOutcome, EventToApply, EventVerdict, PaymentEvent,
    PaymentEventKind, PaymentStoreError, RefundToRecord, StoreError,
};
use diesel::prelude::*;
use diesel::SqliteConnection;

const PAID_NOTE: &str = "Paid.";
const PAID_LATE_NOTE: &str = "Paid after the hold ran out; the slot was still free.";

/// The payment an event concerns: our id when echoed (if it is this
/// provider's), else the checkout reference, else (refunds) the transaction.
pub(super) fn payment_for_event(
    conn: &mut SqliteConnection,
    provider: Provider,
    event: &PaymentEvent,
) -> Result<Option<i64>, DbError> {
    let of_provider = payments::payment_method.eq(provider.as_str());
    if let Some(id) = event.payment {
        let found = payments::table
            .find(id.get())
            .filter(of_provider)
            .select(payments::id)
            .first::<i64>(conn)
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    if let Some(reference) = &event.provider_ref {
        let found = payments::table
            .filter(of_provider)
            .filter(payments::provider_ref.eq(reference))
            .select(payments::id)
            .first::<i64>(conn)
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    if let PaymentEventKind::Refund {
        transaction_ref: Some(transaction),
        ..
    } = &event.kind
    {
        return Ok(payments::table
            .filter(of_provider)
            .filter(payments::transaction_id.eq(transaction))
            .select(payments::id)
            .first::<i64>(conn)
            .optional()?);
    }
    Ok(None)
}

fn kind_name(kind: &PaymentEventKind) -> &'static str {
    match kind {
        PaymentEventKind::Paid { .. } => "paid",
        PaymentEventKind::Pending => "pending",
        PaymentEventKind::Failed { .. } => "failed",
        PaymentEventKind::Expired => "expired",
        PaymentEventKind::Refund { .. } => "refund",
    }
}

pub(super) fn apply_payment_event(
    conn: &mut SqliteConnection,
    a: &EventToApply,
) -> Result<EventOutcome, DbError> {
    let now = to_unix(a.now);
    let id = payment_for_event(conn, a.provider, &a.event)?
        .ok_or_else(|| refused(PaymentStoreError::PaymentNotFound))?;
    if let Some(event_id) = &a.event.event_id {
        let recorded = diesel::insert_into(payment_events::table)
            .values((
                payment_events::provider.eq(a.provider.as_str()),
                payment_events::event_id.eq(event_id),
                payment_events::payment_id.eq(id),
                payment_events::kind.eq(kind_name(&a.event.kind)),
                payment_events::received_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
        if recorded == 0 {
            return Ok(EventOutcome::AlreadyApplied);
        }
    }
    let mut payment = current(conn, id)?.payment;
    let effect = match a.event.kind.verdict(payment.amount) {
        EventVerdict::NoChange => EventEffect::Unchanged,
        EventVerdict::AmountMismatch { asked, stated } => {
            let reason = format!("The provider states {stated} paid; {asked} was asked.");
            flag_payment(conn, id, &reason, now)?;
            EventEffect::Flagged { reason }
        }
        EventVerdict::Apply(change) => apply_change(conn, &mut payment, change, a, now)?,
    };
    Ok(EventOutcome::Recorded {
        payment: Box::new(current(conn, id)?),
        effect,
    })
}

fn apply_change(
    conn: &mut SqliteConnection,
    payment: &mut Payment,
    change: PaymentChange,
    a: &EventToApply,
    now: i64,
) -> Result<EventEffect, DbError> {
    let refund = match &change {
        PaymentChange::Refunded { refund_ref, amount } => Some(RefundToRecord {
            payment: payment.id,
            refund_ref: refund_ref.clone(),
            amount: *amount,
            reason: "Refunded at the provider.".into(),
            by: Actor::System,
            now: a.now,
            // The event's own `on_refunded` is enqueued below.
            jobs: Vec::new(),
        }),
        _ => None,
    };
    let paid_now = matches!(change, PaymentChange::Paid { .. });
    let (from, to) = match payment.apply(change) {
        Ok(Applied::Changed { from, to }) => (from, to),
        Ok(Applied::Unchanged) => return Ok(EventEffect::Unchanged),
        // Money taken for a payment no longer open (cancelled when its hold
        // ran out) cannot be marked paid: admins must refund it by hand.
        Err(refusal) if paid_now || refund.is_some() => {
            let reason = format!("The provider reports money moved, but {refusal}.");
            flag_payment(conn, payment.id.get(), &reason, now)?;
            return Ok(EventEffect::Flagged { reason });
        }
        // A late failure after paid, and the like: the state machine keeps it.
        Err(_) => return Ok(EventEffect::Unchanged),
    };
    let appointment = Some(payment.appointment.get());
    if let Some(refund) = &refund {
        insert_refund(conn, refund, now)?;
        enqueue(conn, appointment, &a.on_refunded, now)?;
    }
    let paid = (to == PaymentState::Paid).then_some(now);
    save_state(conn, payment, paid, now)?;
    if to == PaymentState::Failed {
        enqueue(conn, appointment, &a.on_failed, now)?;
    }
    if to != PaymentState::Paid {
        return Ok(EventEffect::Moved { from, to });
    }
    let invoice = issue_invoice(conn, payment, a.now)?;
    let appointment = after_payment(conn, payment, &a.on_confirmed, now)?;
    enqueue(conn, Some(payment.appointment.get()), &a.on_paid, now)?;
    Ok(EventEffect::Paid {
        invoice,
        appointment,
    })
}

/// What the proven payment does to its appointment.
fn after_payment(
    conn: &mut SqliteConnection,
    payment: &Payment,
    on_confirmed: &[NewJob],
    now: i64,
) -> Result<AfterPayment, DbError> {
    let id = payment.appointment.get();
    let row = load_appointment(conn, id)?
        .ok_or_else(|| refused(PaymentStoreError::AppointmentNotFound))?;
    let status = row.status()?;
    let (to, late) = match status {
        AppointmentStatus::PendingPayment | AppointmentStatus::Expired => {
            let span = Span {
                starts_at: row.starts_at(),
                ends_at: row.ends_at(),
                buffer: doctor_buffer(conn, row.doctor_id())?,
            };
            // A hold past its time counts as active for no one: a booking
            // that needed the slot marked it expired and holds it now.
            if doctor_conflict(conn, row.doctor_id(), span, now, Some(id))? {
                return refund_due(conn, payment, now);
            }
            let late = status == AppointmentStatus::Expired;
            let to = if late {
                status.confirm_late_payment()
            } else {
                status.confirm()
            }
            .map_err(|e| {
                refused(PaymentStoreError::Store(StoreError::Unexpected(
                    e.to_string(),
                )))
            })?;
            (to, late)
        }
        AppointmentStatus::Confirmed | AppointmentStatus::Completed | AppointmentStatus::NoShow => {
            return Ok(AfterPayment::AlreadyConfirmed)
        }
        AppointmentStatus::Cancelled => return refund_due(conn, payment, now),
    };
    diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::status.eq(status.as_str())),
    )
    .set((
        appointments::status.eq(to.as_str()),
        appointments::hold_until.eq(None::<i64>),
        appointments::version.eq(appointments::version + 1),
        appointments::updated_at.eq(now),
    ))
    .execute(conn)?;
    NewHistory {
        appointment_id: id,
        at: now,
        old_status: Some(status.as_str()),
        new_status: to.as_str(),
        old_starts_at: None,
        new_starts_at: None,
        by: &Actor::System.to_stored(),
        note: Some(if late { PAID_LATE_NOTE } else { PAID_NOTE }),
    }
    .insert(conn)?;
    enqueue(conn, Some(id), on_confirmed, now)?;
    Ok(if late {
        AfterPayment::ConfirmedAfterExpiry
    } else {
        AfterPayment::Confirmed
    })
}

fn doctor_buffer(conn: &mut SqliteConnection, doctor: i64) -> Result<i64, DbError> {
    let minutes: i32 = doctors::table
        .find(doctor)
        .select(doctors::buffer_minutes)
        .first(conn)?;
    Ok(i64::from(minutes) * 60)
}

/// The slot is gone (or the appointment cancelled): it stays as it is and
/// the payment is refunded by a job, once.
fn refund_due(
    conn: &mut SqliteConnection,
    payment: &Payment,
    now: i64,
) -> Result<AfterPayment, DbError> {
    let job = NewJob::for_appointment(JobKind::RefundPayment, payment_instant(now)?)
        .with_payload(JobPayload::Payment { id: payment.id })
        .with_dedupe(Dedupe::Key(format!("refund_payment:{}", payment.id)));
    enqueue(conn, Some(payment.appointment.get()), &[job], now)?;
    Ok(AfterPayment::RefundDue)
}

fn payment_instant(now: i64) -> Result<jiff::Timestamp, DbError> {
    Ok(crate::instant::from_unix(now)?)
}
