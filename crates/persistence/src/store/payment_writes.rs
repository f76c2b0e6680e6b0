//! The payment writes other than applying a provider's event, each the body
//! of ONE immediate transaction on the single writer: opening a payment,
//! recording its checkout, recording a refund, flagging for admins.

use super::appointment_rows::load_appointment;
use super::job_rows::enqueue;
use super::payment_rows::{load_payment, save_state};
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{payments, refunds};
use consulta_domain::model::{Applied, PaymentChange, PaymentId, PaymentState};
use consulta_domain::ports::{
    AuditEntry, OpenOutcome, OpenPayment, PaymentRecord, PaymentStoreError, RefundOutcome,
    RefundToRecord,
};
use consulta_domain::services::jobs::flagged_payment_alert;
use diesel::prelude::*;
use diesel::SqliteConnection;

pub(super) fn refused(why: PaymentStoreError) -> DbError {
    DbError::PaymentRefused(why)
}

/// The payment as stored now, or `PaymentNotFound`.
pub(super) fn current(conn: &mut SqliteConnection, id: i64) -> Result<PaymentRecord, DbError> {
    load_payment(conn, id)?.ok_or_else(|| refused(PaymentStoreError::PaymentNotFound))
}

const OPEN: [&str; 2] = ["created", "pending"];

pub(super) fn open_payment(
    conn: &mut SqliteConnection,
    o: &OpenPayment,
) -> Result<OpenOutcome, DbError> {
    let now = to_unix(o.now);
    let appointment = load_appointment(conn, o.appointment.get())?
        .filter(|row| row.patient_id() == o.patient.get())
        .ok_or_else(|| refused(PaymentStoreError::AppointmentNotFound))?
        .into_appointment()?;
    let states: Vec<String> = payments::table
        .filter(payments::appointment_id.eq(o.appointment.get()))
        .select(payments::status)
        .load(conn)?;
    let was_paid = states
        .iter()
        .filter_map(|s| PaymentState::parse(s))
        .any(|s| s.was_paid());
    if was_paid {
        return Err(refused(PaymentStoreError::AlreadyPaid));
    }
    if !appointment.payable_at(o.now) {
        return Err(refused(PaymentStoreError::NotPayable));
    }
    let open: Option<(i64, String, String)> = payments::table
        .filter(payments::appointment_id.eq(o.appointment.get()))
        .filter(payments::status.eq_any(OPEN))
        .select((payments::id, payments::payment_method, payments::status))
        .first(conn)
        .optional()?;
    if let Some((id, provider, status)) = open {
        if provider == o.provider.as_str() {
            return Ok(OpenOutcome::Open(current(conn, id)?));
        }
        // Nothing was asked of the other provider yet: choosing another is
        // safe. A checkout open there could still be paid, so it stays.
        if status != PaymentState::Created.as_str() {
            return Err(refused(PaymentStoreError::NotPayable));
        }
        diesel::update(payments::table.find(id))
            .set((
                payments::status.eq(PaymentState::Cancelled.as_str()),
                payments::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    let id = diesel::insert_into(payments::table)
        .values((
            payments::appointment_id.eq(o.appointment.get()),
            payments::amount.eq(appointment.amount.minor()),
            payments::currency.eq(appointment.amount.currency().code()),
            payments::payment_method.eq(o.provider.as_str()),
            payments::status.eq(PaymentState::Created.as_str()),
            payments::created_at.eq(now),
            payments::updated_at.eq(now),
        ))
        .returning(payments::id)
        .get_result::<i64>(conn)?;
    let record = current(conn, id)?;
    save_state(conn, &record.payment, None, now)?;
    Ok(OpenOutcome::Created(current(conn, id)?))
}

pub(super) fn record_checkout(
    conn: &mut SqliteConnection,
    id: PaymentId,
    provider_ref: &str,
    now: i64,
) -> Result<PaymentRecord, DbError> {
    let mut payment = current(conn, id.get())?.payment;
    let change = PaymentChange::CheckoutOpened {
        provider_ref: provider_ref.to_owned(),
    };
    match payment.apply(change) {
        Ok(Applied::Changed { .. }) => save_state(conn, &payment, None, now)?,
        Ok(Applied::Unchanged) => {}
        Err(refusal) => return Err(refused(refusal.into())),
    }
    current(conn, id.get())
}

pub(super) fn record_refund(
    conn: &mut SqliteConnection,
    r: &RefundToRecord,
) -> Result<RefundOutcome, DbError> {
    let now = to_unix(r.now);
    let mut payment = current(conn, r.payment.get())?.payment;
    let change = PaymentChange::Refunded {
        refund_ref: r.refund_ref.clone(),
        amount: r.amount,
    };
    match payment.apply(change) {
        Ok(Applied::Unchanged) => {
            return Ok(RefundOutcome::AlreadyRecorded(current(
                conn,
                r.payment.get(),
            )?))
        }
        Ok(Applied::Changed { .. }) => {}
        Err(refusal) => return Err(refused(refusal.into())),
    }
    insert_refund(conn, r, now)?;
    save_state(conn, &payment, None, now)?;
    enqueue(conn, Some(payment.appointment.get()), &r.jobs, now)?;
    Ok(RefundOutcome::Recorded(current(conn, r.payment.get())?))
}

/// The refunds row of a refund the state machine accepted.
pub(super) fn insert_refund(
    conn: &mut SqliteConnection,
    r: &RefundToRecord,
    now: i64,
) -> Result<(), DbError> {
    diesel::insert_into(refunds::table)
        .values((
            refunds::payment_id.eq(r.payment.get()),
            refunds::refund_ref.eq(&r.refund_ref),
            refunds::amount.eq(r.amount.minor()),
            refunds::currency.eq(r.amount.currency().code()),
            refunds::reason.eq(&r.reason),
            refunds::by_kind.eq(r.by.to_stored()),
            refunds::at.eq(now),
        ))
        .execute(conn)?;
    super::audit::insert_entry(
        conn,
        &AuditEntry {
            at: r.now,
            actor: r.by.account(),
            action: "payment.refunded".into(),
            subject: Some(format!("payment:{}", r.payment)),
            client: None,
        },
    )
}

pub(super) fn flag_payment(
    conn: &mut SqliteConnection,
    id: i64,
    reason: &str,
    now: i64,
) -> Result<(), DbError> {
    let before: Option<Option<String>> = payments::table
        .find(id)
        .select(payments::flagged_reason)
        .first(conn)
        .optional()?;
    let changed = diesel::update(payments::table.find(id))
        .set((
            payments::flagged_reason.eq(reason),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(refused(PaymentStoreError::PaymentNotFound));
    }
    // Admins hear of it by mail, in the same write; once per reason, however
    // often reconciliation finds it unsettled.
    if before.flatten().as_deref() == Some(reason) {
        return Ok(());
    }
    let alert = flagged_payment_alert(PaymentId::new(id), crate::instant::from_unix(now)?);
    super::job_rows::enqueue(conn, None, &[alert], now)?;
    Ok(())
}
