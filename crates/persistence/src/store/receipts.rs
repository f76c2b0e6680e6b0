//! `ReceiptStore` on SQLite: a paid payment with its appointment, for the
//! receipt mail the payments issue enqueues.

use super::{corrupt, SqliteStore};
use crate::instant::from_unix;
use crate::schema::{appointments, invoices, patients, payments};
use async_trait::async_trait;
use consulta_domain::model::{
    AppointmentId, Currency, InvoiceNumber, Money, PatientId, PaymentId, Provider, Receipt,
};
use consulta_domain::ports::{ReceiptStore, StoreError};
use diesel::prelude::*;

type ReceiptRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<i64>,
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
);

#[async_trait]
impl ReceiptStore for SqliteStore {
    async fn receipt(&self, payment: PaymentId) -> Result<Option<Receipt>, StoreError> {
        let row: Option<ReceiptRow> = self
            .db
            .read(move |conn| {
                Ok(payments::table
                    .inner_join(appointments::table.inner_join(patients::table))
                    .left_join(invoices::table.on(invoices::payment_id.eq(payments::id)))
                    .filter(payments::id.eq(payment.get()))
                    .filter(payments::status.eq("paid"))
                    .select((
                        payments::appointment_id,
                        payments::amount,
                        payments::currency,
                        payments::payment_method,
                        payments::transaction_id,
                        payments::payment_date,
                        appointments::patient_id,
                        appointments::doctor_name,
                        appointments::starts_at,
                        invoices::number.nullable(),
                        patients::timezone,
                    ))
                    .first(conn)
                    .optional()?)
            })
            .await?;
        let Some((
            appointment,
            amount,
            currency,
            method,
            transaction,
            paid,
            patient,
            doctor,
            at,
            invoice,
            patient_zone,
        )) = row
        else {
            return Ok(None);
        };
        let currency = Currency::parse(&currency).map_err(|e| corrupt("payments.currency", e))?;
        let paid_at =
            paid.ok_or_else(|| corrupt("payments.payment_date", "paid without a date"))?;
        Ok(Some(Receipt {
            payment,
            appointment: AppointmentId::new(appointment),
            patient: PatientId::new(patient),
            amount: Money::new(amount, currency),
            provider: Provider::parse(&method).map_or(method, |p| p.label().to_owned()),
            transaction,
            paid_at: from_unix(paid_at)?,
            doctor_name: doctor,
            starts_at: from_unix(at)?,
            invoice: invoice
                .map(|number| {
                    InvoiceNumber::parse(&number)
                        .ok_or_else(|| corrupt("invoices.number", "not an invoice number"))
                })
                .transpose()?,
            patient_zone,
        }))
    }
}
