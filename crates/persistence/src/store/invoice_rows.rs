//! Invoices: issuing one inside the Paid transition's transaction (the
//! year's next number from its counter, so numbers have no gap or repeat)
//! and reading one back for its own patient (or for staff).

use super::corrupt;
use crate::db::DbError;
use crate::instant::from_unix;
use crate::schema::{appointments, invoice_counters, invoices, patients};
use consulta_domain::model::{
    AppointmentId, Currency, Invoice, InvoiceNumber, Money, PatientId, Payment, PaymentId, Provider,
};
use consulta_domain::ports::StoreError;
use diesel::prelude::*;
use diesel::SqliteConnection;
use jiff::tz::TimeZone;
use jiff::Timestamp;

#[derive(Queryable, Selectable)]
#[diesel(table_name = invoices, check_for_backend(diesel::sqlite::Sqlite))]
pub(super) struct InvoiceRow {
    year: i32,
    sequence: i32,
    payment_id: i64,
    appointment_id: i64,
    patient_id: i64,
    patient_name: String,
    doctor_name: String,
    consultation_starts_at: i64,
    consultation_date: String,
    consultation_time: String,
    amount: i64,
    currency: String,
    provider: String,
    transaction_id: String,
    paid_at: i64,
    issued_at: i64,
}

impl InvoiceRow {
    pub(super) fn into_invoice(self) -> Result<Invoice, StoreError> {
        let number = i16::try_from(self.year)
            .ok()
            .zip(u32::try_from(self.sequence).ok())
            .and_then(|(year, sequence)| InvoiceNumber::new(year, sequence))
            .ok_or_else(|| corrupt("invoices.sequence", "out of range"))?;
        let currency =
            Currency::parse(&self.currency).map_err(|e| corrupt("invoices.currency", e))?;
        Ok(Invoice {
            number,
            payment: PaymentId::new(self.payment_id),
            appointment: AppointmentId::new(self.appointment_id),
            patient: PatientId::new(self.patient_id),
            patient_name: self.patient_name,
            doctor_name: self.doctor_name,
            consultation_starts_at: from_unix(self.consultation_starts_at)?,
            consultation_date: self.consultation_date,
            consultation_time: self.consultation_time,
            amount: Money::new(self.amount, currency),
            provider: Provider::parse(&self.provider)
                .ok_or_else(|| corrupt("invoices.provider", "unknown provider"))?,
            transaction_ref: self.transaction_id,
            paid_at: from_unix(self.paid_at)?,
            issued_at: from_unix(self.issued_at)?,
        })
    }
}

/// Takes the next number of `now`'s year (UTC) and raises the counter.
fn next_number(conn: &mut SqliteConnection, now: Timestamp) -> Result<InvoiceNumber, DbError> {
    let year = now.to_zoned(TimeZone::UTC).year();
    let last: Option<i32> = invoice_counters::table
        .find(i32::from(year))
        .select(invoice_counters::last_sequence)
        .first(conn)
        .optional()?;
    let next = last.unwrap_or(0) + 1;
    let number = u32::try_from(next)
        .ok()
        .and_then(|sequence| InvoiceNumber::new(year, sequence))
        .ok_or_else(|| StoreError::Unexpected(format!("no invoice number left in {year}")))?;
    if last.is_some() {
        diesel::update(invoice_counters::table.find(i32::from(year)))
            .set(invoice_counters::last_sequence.eq(next))
            .execute(conn)?;
    } else {
        diesel::insert_into(invoice_counters::table)
            .values((
                invoice_counters::year.eq(i32::from(year)),
                invoice_counters::last_sequence.eq(next),
            ))
            .execute(conn)?;
    }
    Ok(number)
}

/// Issues the invoice of a payment that has just been paid, with the facts
/// as they are now; called in the transaction of the Paid transition.
pub(super) fn issue_invoice(
    conn: &mut SqliteConnection,
    payment: &Payment,
    now: Timestamp,
) -> Result<InvoiceNumber, DbError> {
    let transaction = payment
        .transaction_ref
        .clone()
        .ok_or_else(|| StoreError::Unexpected("a paid payment without its transaction".into()))?;
    let (patient_id, doctor_name, starts_at, date, time): (i64, String, i64, String, String) =
        appointments::table
            .find(payment.appointment.get())
            .select((
                appointments::patient_id,
                appointments::doctor_name,
                appointments::starts_at,
                appointments::appointment_date,
                appointments::appointment_time,
            ))
            .first(conn)?;
    let patient_name: String = patients::table
        .find(patient_id)
        .select(patients::name)
        .first(conn)?;
    let number = next_number(conn, now)?;
    let sequence = i32::try_from(number.sequence())
        .map_err(|e| StoreError::Unexpected(format!("invoice sequence: {e}")))?;
    let at = now.as_second();
    diesel::insert_into(invoices::table)
        .values((
            invoices::number.eq(number.to_string()),
            invoices::year.eq(i32::from(number.year())),
            invoices::sequence.eq(sequence),
            invoices::payment_id.eq(payment.id.get()),
            invoices::appointment_id.eq(payment.appointment.get()),
            invoices::patient_id.eq(patient_id),
            invoices::patient_name.eq(patient_name),
            invoices::doctor_name.eq(doctor_name),
            invoices::consultation_starts_at.eq(starts_at),
            invoices::consultation_date.eq(date),
            invoices::consultation_time.eq(time),
            invoices::amount.eq(payment.amount.minor()),
            invoices::currency.eq(payment.amount.currency().code()),
            invoices::provider.eq(payment.provider.as_str()),
            invoices::transaction_id.eq(transaction),
            invoices::paid_at.eq(at),
            invoices::issued_at.eq(at),
        ))
        .execute(conn)?;
    Ok(number)
}

/// The invoice by number if it belongs to `patient`.
pub(super) fn invoice_of_patient(
    conn: &mut SqliteConnection,
    number: InvoiceNumber,
    patient: PatientId,
) -> Result<Option<InvoiceRow>, DbError> {
    Ok(invoices::table
        .filter(invoices::number.eq(number.to_string()))
        .filter(invoices::patient_id.eq(patient.get()))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?)
}

/// The invoice by number, whoever it belongs to.
pub(super) fn invoice_by_number(
    conn: &mut SqliteConnection,
    number: InvoiceNumber,
) -> Result<Option<InvoiceRow>, DbError> {
    Ok(invoices::table
        .filter(invoices::number.eq(number.to_string()))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?)
}
