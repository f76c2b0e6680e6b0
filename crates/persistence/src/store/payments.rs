//! `PaymentStore` on SQLite: reads on the pool, every write one immediate
//! transaction on the single writer (see `payment_writes` and
//! `payment_event_write`).

use super::invoice_rows::{invoice_by_number, invoice_of_patient, InvoiceRow};
use super::payment_event_write::{apply_payment_event, payment_for_event};
use super::payment_rows::{load_payment, load_payments, refund_entries, PaymentRow};
use super::{payment_writes, SqliteStore};
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::{appointments, payments};
use async_trait::async_trait;
use consulta_domain::model::{
    AppointmentId, Invoice, InvoiceNumber, PatientId, PaymentId, PaymentState, Provider,
};
use consulta_domain::ports::{
    EventOutcome, EventToApply, OpenOutcome, OpenPayment, PaymentEvent, PaymentHistory,
    PaymentRecord, PaymentStore, PaymentStoreError, RefundEntry, RefundOutcome, RefundToRecord,
    StoreError,
};
use diesel::prelude::*;
use jiff::Timestamp;

/// A refusal becomes the port's error; a unique index on the payment tables
/// (an open payment per appointment, a checkout per provider) means a
/// concurrent write got there first, which the caller may simply retry.
pub(super) fn payment_error(error: DbError) -> PaymentStoreError {
    match error {
        DbError::PaymentRefused(why) => why,
        other => PaymentStoreError::Store(other.into()),
    }
}

#[async_trait]
impl PaymentStore for SqliteStore {
    async fn open_payment(&self, open: OpenPayment) -> Result<OpenOutcome, PaymentStoreError> {
        self.db
            .write_refusable(move |conn| payment_writes::open_payment(conn, &open))
            .await
            .map_err(payment_error)
    }

    async fn record_checkout(
        &self,
        payment: PaymentId,
        provider_ref: &str,
        now: Timestamp,
    ) -> Result<PaymentRecord, PaymentStoreError> {
        let provider_ref = provider_ref.to_owned();
        let now = to_unix(now);
        self.db
            .write_refusable(move |conn| {
                payment_writes::record_checkout(conn, payment, &provider_ref, now)
            })
            .await
            .map_err(payment_error)
    }

    async fn apply_payment_event(
        &self,
        apply: EventToApply,
    ) -> Result<EventOutcome, PaymentStoreError> {
        self.db
            .write_refusable(move |conn| apply_payment_event(conn, &apply))
            .await
            .map_err(payment_error)
    }

    async fn record_refund(
        &self,
        refund: RefundToRecord,
    ) -> Result<RefundOutcome, PaymentStoreError> {
        self.db
            .write_refusable(move |conn| payment_writes::record_refund(conn, &refund))
            .await
            .map_err(payment_error)
    }

    async fn flag_payment(
        &self,
        payment: PaymentId,
        reason: &str,
        now: Timestamp,
    ) -> Result<(), PaymentStoreError> {
        let reason = reason.to_owned();
        let now = to_unix(now);
        self.db
            .write_refusable(move |conn| {
                payment_writes::flag_payment(conn, payment.get(), &reason, now)
            })
            .await
            .map_err(payment_error)
    }

    async fn payment(&self, id: PaymentId) -> Result<Option<PaymentRecord>, StoreError> {
        self.db.read(move |conn| load_payment(conn, id.get())).await
    }

    async fn payment_for_event(
        &self,
        provider: Provider,
        event: &PaymentEvent,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        let event = event.clone();
        self.db
            .read(
                move |conn| match payment_for_event(conn, provider, &event)? {
                    Some(id) => load_payment(conn, id),
                    None => Ok(None),
                },
            )
            .await
    }

    async fn payment_by_ref(
        &self,
        provider: Provider,
        provider_ref: &str,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        let provider_ref = provider_ref.to_owned();
        self.db
            .read(move |conn| {
                let row = payments::table
                    .filter(payments::payment_method.eq(provider.as_str()))
                    .filter(payments::provider_ref.eq(&provider_ref))
                    .select(PaymentRow::as_select())
                    .first(conn)
                    .optional()?;
                row.map(|row| row.into_record(conn)).transpose()
            })
            .await
    }

    async fn payments_of_appointment(
        &self,
        appointment: AppointmentId,
    ) -> Result<Vec<PaymentRecord>, StoreError> {
        self.db
            .read(move |conn| {
                let rows = payments::table
                    .filter(payments::appointment_id.eq(appointment.get()))
                    .order(payments::id.desc())
                    .select(PaymentRow::as_select())
                    .load(conn)?;
                load_payments(conn, rows)
            })
            .await
    }

    async fn payments_of_patient(
        &self,
        patient: PatientId,
    ) -> Result<Vec<PaymentRecord>, StoreError> {
        self.db
            .read(move |conn| {
                let rows = payments::table
                    .inner_join(appointments::table)
                    .filter(appointments::patient_id.eq(patient.get()))
                    .order(payments::id.desc())
                    .select(PaymentRow::as_select())
                    .load(conn)?;
                load_payments(conn, rows)
            })
            .await
    }

    async fn invoice_for_patient(
        &self,
        number: InvoiceNumber,
        patient: PatientId,
    ) -> Result<Option<Invoice>, StoreError> {
        let row = self
            .db
            .read(move |conn| invoice_of_patient(conn, number, patient))
            .await?;
        row.map(InvoiceRow::into_invoice).transpose()
    }

    async fn pending_since(&self, before: Timestamp) -> Result<Vec<PaymentRecord>, StoreError> {
        let before = to_unix(before);
        self.db
            .read(move |conn| {
                let rows = payments::table
                    .filter(payments::status.eq(PaymentState::Pending.as_str()))
                    .filter(payments::updated_at.le(before))
                    .order((payments::updated_at, payments::id))
                    .select(PaymentRow::as_select())
                    .load(conn)?;
                load_payments(conn, rows)
            })
            .await
    }

    async fn payment_history(
        &self,
        patient: PatientId,
        limit: i64,
        offset: i64,
    ) -> Result<PaymentHistory, StoreError> {
        self.db
            .read(move |conn| {
                let of_patient = || {
                    payments::table
                        .inner_join(appointments::table)
                        .filter(appointments::patient_id.eq(patient.get()))
                };
                let total: i64 = of_patient().count().get_result(conn)?;
                let rows = of_patient()
                    .order(payments::id.desc())
                    .limit(limit)
                    .offset(offset)
                    .select(PaymentRow::as_select())
                    .load(conn)?;
                Ok(PaymentHistory {
                    rows: load_payments(conn, rows)?,
                    total,
                })
            })
            .await
    }

    async fn invoice(&self, number: InvoiceNumber) -> Result<Option<Invoice>, StoreError> {
        let row = self
            .db
            .read(move |conn| invoice_by_number(conn, number))
            .await?;
        row.map(InvoiceRow::into_invoice).transpose()
    }

    async fn refunds_of_payment(&self, payment: PaymentId) -> Result<Vec<RefundEntry>, StoreError> {
        self.db
            .read(move |conn| refund_entries(conn, payment.get()))
            .await
    }
}
