//! `ClinicPaymentStore` on SQLite: a payment taken at the clinic's desk,
//! made and taken through the Paid transition in ONE immediate transaction
//! on the single writer, by the same code as a provider's Paid event.

use super::appointment_rows::load_appointment;
use super::payment_event_write::apply_payment_event;
use super::payment_rows::save_state;
use super::payment_writes::{current, refused};
use super::payments::payment_error;
use super::SqliteStore;
use crate::db::DbError;
use crate::instant::to_unix;
use crate::schema::payments;
use async_trait::async_trait;
use consulta_domain::model::{AppointmentStatus, PaymentChange, PaymentId, PaymentState, Provider};
use consulta_domain::ports::{
    ClinicPaymentStore, ClinicPaymentToRecord, EventOutcome, EventToApply, PaymentEvent,
    PaymentEventKind, PaymentStoreError,
};
use consulta_domain::services::jobs::receipt_mail;
use diesel::prelude::*;
use diesel::SqliteConnection;

const OPEN: [&str; 2] = ["created", "pending"];

#[async_trait]
impl ClinicPaymentStore for SqliteStore {
    async fn record_clinic_payment(
        &self,
        record: ClinicPaymentToRecord,
    ) -> Result<EventOutcome, PaymentStoreError> {
        self.db
            .write_refusable(move |conn| record_clinic_payment(conn, &record))
            .await
            .map_err(payment_error)
    }
}

fn record_clinic_payment(
    conn: &mut SqliteConnection,
    c: &ClinicPaymentToRecord,
) -> Result<EventOutcome, DbError> {
    let now = to_unix(c.now);
    let appointment = load_appointment(conn, c.appointment.get())?
        .ok_or_else(|| refused(PaymentStoreError::AppointmentNotFound))?
        .into_appointment()?;
    let states: Vec<String> = payments::table
        .filter(payments::appointment_id.eq(c.appointment.get()))
        .select(payments::status)
        .load(conn)?;
    if states
        .iter()
        .filter_map(|s| PaymentState::parse(s))
        .any(|s| s.was_paid())
    {
        return Err(refused(PaymentStoreError::AlreadyPaid));
    }
    // Paid at the desk before (held), on the day, or after the consultation.
    let payable = match appointment.status {
        AppointmentStatus::PendingPayment => appointment.is_active_at(c.now),
        AppointmentStatus::Confirmed | AppointmentStatus::Completed => true,
        _ => false,
    };
    if !payable {
        return Err(refused(PaymentStoreError::NotPayable));
    }
    cancel_open_payments(conn, c.appointment.get(), now)?;
    let id = diesel::insert_into(payments::table)
        .values((
            payments::appointment_id.eq(c.appointment.get()),
            payments::amount.eq(appointment.amount.minor()),
            payments::currency.eq(appointment.amount.currency().code()),
            payments::payment_method.eq(Provider::Clinic.as_str()),
            payments::status.eq(PaymentState::Created.as_str()),
            payments::created_at.eq(now),
            payments::updated_at.eq(now),
        ))
        .returning(payments::id)
        .get_result::<i64>(conn)?;
    let payment_id = PaymentId::new(id);
    let checkout = c.method.checkout_ref(payment_id);
    let mut payment = current(conn, id)?.payment;
    payment
        .apply(PaymentChange::CheckoutOpened {
            provider_ref: checkout.clone(),
        })
        .map_err(|e| refused(e.into()))?;
    save_state(conn, &payment, None, now)?;
    let apply = EventToApply {
        provider: Provider::Clinic,
        event: PaymentEvent {
            event_id: None,
            provider_ref: Some(checkout),
            payment: Some(payment_id),
            kind: PaymentEventKind::Paid {
                amount: appointment.amount,
                transaction_ref: c.reference.clone(),
            },
        },
        on_confirmed: c.on_confirmed.clone(),
        on_paid: vec![receipt_mail(
            payment_id,
            appointment.patient_id,
            appointment.id,
            c.now,
        )],
        on_failed: Vec::new(),
        on_refunded: Vec::new(),
        now: c.now,
    };
    apply_payment_event(conn, &apply)
}

/// An online checkout still open could yet be paid: cancelled here, so a
/// late success is flagged for admins (the Paid write refuses a cancelled
/// payment) instead of paying the appointment twice.
fn cancel_open_payments(
    conn: &mut SqliteConnection,
    appointment: i64,
    now: i64,
) -> Result<(), DbError> {
    let open: Vec<i64> = payments::table
        .filter(payments::appointment_id.eq(appointment))
        .filter(payments::status.eq_any(OPEN))
        .select(payments::id)
        .load(conn)?;
    for id in open {
        let mut payment = current(conn, id)?.payment;
        if payment.state == PaymentState::Created {
            // Nothing was asked of the provider yet; the state machine has
            // no move from Created but to Pending.
            payment.state = PaymentState::Cancelled;
        } else {
            payment
                .apply(PaymentChange::Cancelled)
                .map_err(|e| refused(e.into()))?;
        }
        save_state(conn, &payment, None, now)?;
    }
    Ok(())
}
