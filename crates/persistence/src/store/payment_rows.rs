//! Diesel rows of payments and their conversion to the domain's
//! `PaymentRecord` (with its refunds, its invoice number and the
//! appointment's facts), read inside the caller's transaction.

use super::corrupt;
use crate::db::DbError;
use crate::instant::from_unix;
use crate::schema::{appointments, invoices, payments, refunds};
use consulta_domain::model::{
    Actor, AppointmentId, Currency, InvoiceNumber, Money, PatientId, Payment, PaymentId,
    PaymentState, PaymentStatus, Provider, RefundRecord,
};
use consulta_domain::ports::{PaymentRecord, RefundEntry, StoreError};
use diesel::prelude::*;
use diesel::SqliteConnection;

#[derive(Queryable, Selectable)]
#[diesel(table_name = payments, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct PaymentRow {
    id: i64,
    appointment_id: i64,
    amount: i64,
    currency: String,
    payment_method: String,
    transaction_id: Option<String>,
    payment_date: Option<i64>,
    status: String,
    provider_ref: Option<String>,
    flagged_reason: Option<String>,
    created_at: i64,
    updated_at: i64,
}

fn currency(column: &str, stored: &str) -> Result<Currency, StoreError> {
    Currency::parse(stored).map_err(|e| corrupt(column, e))
}

/// What appointments.payment_status says for a payment in this state.
pub(super) fn payment_status(state: PaymentState) -> PaymentStatus {
    match state {
        PaymentState::Created | PaymentState::Pending => PaymentStatus::Pending,
        PaymentState::Paid => PaymentStatus::Paid,
        PaymentState::Failed => PaymentStatus::Failed,
        PaymentState::Cancelled => PaymentStatus::Unpaid,
        PaymentState::PartiallyRefunded => PaymentStatus::PartiallyRefunded,
        PaymentState::Refunded => PaymentStatus::Refunded,
    }
}

fn load_refunds(conn: &mut SqliteConnection, payment: i64) -> Result<Vec<RefundRecord>, DbError> {
    let rows: Vec<(String, i64, String)> = refunds::table
        .filter(refunds::payment_id.eq(payment))
        .order(refunds::id)
        .select((refunds::refund_ref, refunds::amount, refunds::currency))
        .load(conn)?;
    rows.into_iter()
        .map(|(refund_ref, amount, code)| {
            Ok(RefundRecord {
                refund_ref,
                amount: Money::new(amount, currency("refunds.currency", &code)?),
            })
        })
        .collect()
}

/// The payment's refunds with who made them, why and when, oldest first.
pub(super) fn refund_entries(
    conn: &mut SqliteConnection,
    payment: i64,
) -> Result<Vec<RefundEntry>, DbError> {
    let rows: Vec<(String, i64, String, String, String, i64)> = refunds::table
        .filter(refunds::payment_id.eq(payment))
        .order(refunds::id)
        .select((
            refunds::refund_ref,
            refunds::amount,
            refunds::currency,
            refunds::reason,
            refunds::by_kind,
            refunds::at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(refund_ref, amount, code, reason, by, at)| {
            Ok(RefundEntry {
                refund_ref,
                amount: Money::new(amount, currency("refunds.currency", &code)?),
                reason,
                by: Actor::parse(&by).ok_or_else(|| corrupt("refunds.by_kind", "unknown actor"))?,
                at: from_unix(at)?,
            })
        })
        .collect()
}

fn invoice_number(
    conn: &mut SqliteConnection,
    payment: i64,
) -> Result<Option<InvoiceNumber>, DbError> {
    let stored: Option<(i32, i32)> = invoices::table
        .filter(invoices::payment_id.eq(payment))
        .select((invoices::year, invoices::sequence))
        .first(conn)
        .optional()?;
    stored
        .map(|(year, sequence)| {
            i16::try_from(year)
                .ok()
                .zip(u32::try_from(sequence).ok())
                .and_then(|(y, s)| InvoiceNumber::new(y, s))
                .ok_or_else(|| corrupt("invoices.sequence", "out of range").into())
        })
        .transpose()
}

impl PaymentRow {
    pub(super) fn into_record(self, conn: &mut SqliteConnection) -> Result<PaymentRecord, DbError> {
        let (patient, doctor_name, starts_at, hold_until): (i64, String, i64, Option<i64>) =
            appointments::table
                .find(self.appointment_id)
                .select((
                    appointments::patient_id,
                    appointments::doctor_name,
                    appointments::starts_at,
                    appointments::hold_until,
                ))
                .first(conn)?;
        let payment = Payment {
            id: PaymentId::new(self.id),
            appointment: AppointmentId::new(self.appointment_id),
            provider: Provider::parse(&self.payment_method)
                .ok_or_else(|| corrupt("payments.payment_method", "unknown provider"))?,
            amount: Money::new(self.amount, currency("payments.currency", &self.currency)?),
            state: PaymentState::parse(&self.status)
                .ok_or_else(|| corrupt("payments.status", "unknown status"))?,
            provider_ref: self.provider_ref,
            transaction_ref: self.transaction_id,
            refunds: load_refunds(conn, self.id)?,
        };
        Ok(PaymentRecord {
            payment,
            patient: PatientId::new(patient),
            doctor_name,
            starts_at: from_unix(starts_at)?,
            hold_until: hold_until.map(from_unix).transpose()?,
            flagged: self.flagged_reason,
            paid_at: self.payment_date.map(from_unix).transpose()?,
            invoice: invoice_number(conn, self.id)?,
            created_at: from_unix(self.created_at)?,
            updated_at: from_unix(self.updated_at)?,
        })
    }
}

pub(super) fn load_payment(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<PaymentRecord>, DbError> {
    let row = payments::table
        .find(id)
        .select(PaymentRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| row.into_record(conn)).transpose()
}

pub(super) fn load_payments(
    conn: &mut SqliteConnection,
    rows: Vec<PaymentRow>,
) -> Result<Vec<PaymentRecord>, DbError> {
    rows.into_iter().map(|row| row.into_record(conn)).collect()
}

/// Writes the payment's state, references and last change, and the
/// appointment's payment_status in step with it; `paid_at` is set once.
pub(super) fn save_state(
    conn: &mut SqliteConnection,
    payment: &Payment,
    paid_at: Option<i64>,
    now: i64,
) -> Result<(), DbError> {
    let id = payment.id.get();
    diesel::update(payments::table.find(id))
        .set((
            payments::status.eq(payment.state.as_str()),
            payments::provider_ref.eq(&payment.provider_ref),
            payments::transaction_id.eq(&payment.transaction_ref),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
    if let Some(at) = paid_at {
        diesel::update(
            payments::table
                .find(id)
                .filter(payments::payment_date.is_null()),
        )
        .set(payments::payment_date.eq(at))
        .execute(conn)?;
    }
    diesel::update(appointments::table.find(payment.appointment.get()))
        .set((
            appointments::payment_status.eq(payment_status(payment.state).as_str()),
            appointments::version.eq(appointments::version + 1),
            appointments::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
