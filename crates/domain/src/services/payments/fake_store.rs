//! An in-memory payment store for the use-case tests: one appointment's
//! payments, the events it was given, and a fixed clock.

use crate::model::{
    Applied, AppointmentId, Currency, Invoice, InvoiceNumber, Money, PatientId, Payment, PaymentId,
    PaymentState, Provider,
};
use crate::ports::{
    AfterPayment, Clock, EventEffect, EventOutcome, EventToApply, EventVerdict, OpenOutcome,
    OpenPayment, PaymentEvent, PaymentRecord, PaymentStore, PaymentStoreError, RefundOutcome,
    RefundToRecord, StoreError,
};
use crate::ports::{AuditEntry, AuditLog, PaymentHistory, RefundEntry};
use async_trait::async_trait;
use jiff::Timestamp;
use std::sync::Mutex;

pub const FEE: i64 = 150_000;
pub const PATIENT: PatientId = PatientId::new(7);
pub const APPOINTMENT: AppointmentId = AppointmentId::new(3);

pub fn bdt(minor: i64) -> Money {
    Money::new(minor, Currency::parse("BDT").unwrap())
}

pub fn now() -> Timestamp {
    "2026-06-01T00:00:00Z".parse().unwrap()
}

pub struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        now()
    }
}

/// The audit log's actions, in order.
#[derive(Default)]
pub struct FakeAudit(pub Mutex<Vec<String>>);

#[async_trait]
impl AuditLog for FakeAudit {
    async fn record(&self, entry: AuditEntry) -> Result<(), StoreError> {
        self.0.lock().unwrap().push(entry.action);
        Ok(())
    }

    async fn recent(&self, _: i64, _: i64) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(Vec::new())
    }
}

#[derive(Default)]
pub struct FakeStore {
    pub payments: Mutex<Vec<PaymentRecord>>,
    pub events: Mutex<Vec<String>>,
    pub applied: Mutex<Vec<EventToApply>>,
    pub refunds: Mutex<Vec<RefundToRecord>>,
}

impl FakeStore {
    pub fn only(&self) -> PaymentRecord {
        self.payments.lock().unwrap()[0].clone()
    }

    /// A payment already paid with transaction `pi_1`.
    pub fn paid() -> Self {
        let store = Self::default();
        let mut payment = Payment::new(PaymentId::new(1), APPOINTMENT, Provider::Stripe, bdt(FEE));
        payment.state = PaymentState::Paid;
        payment.provider_ref = Some("cs_1".into());
        payment.transaction_ref = Some("pi_1".into());
        store.payments.lock().unwrap().push(record(payment));
        store
    }

    fn update<T>(
        &self,
        id: PaymentId,
        f: impl FnOnce(&mut PaymentRecord) -> T,
    ) -> Result<T, PaymentStoreError> {
        let mut all = self.payments.lock().unwrap();
        let found = all.iter_mut().find(|r| r.payment.id == id);
        found.map(f).ok_or(PaymentStoreError::PaymentNotFound)
    }
}

pub fn record(payment: Payment) -> PaymentRecord {
    PaymentRecord {
        payment,
        patient: PATIENT,
        doctor_name: "Dr Rahman".into(),
        starts_at: "2026-06-02T03:00:00Z".parse().unwrap(),
        hold_until: None,
        flagged: None,
        paid_at: None,
        invoice: None,
        created_at: now(),
        updated_at: now(),
    }
}

#[async_trait]
impl PaymentStore for FakeStore {
    async fn open_payment(&self, open: OpenPayment) -> Result<OpenOutcome, PaymentStoreError> {
        if open.patient != PATIENT || open.appointment != APPOINTMENT {
            return Err(PaymentStoreError::AppointmentNotFound);
        }
        let mut all = self.payments.lock().unwrap();
        if let Some(open) = all
            .iter()
            .find(|r| r.payment.state == PaymentState::Pending)
        {
            return Ok(OpenOutcome::Open(open.clone()));
        }
        let id = PaymentId::new(all.len() as i64 + 1);
        let created = record(Payment::new(id, APPOINTMENT, open.provider, bdt(FEE)));
        all.push(created.clone());
        Ok(OpenOutcome::Created(created))
    }

    async fn record_checkout(
        &self,
        payment: PaymentId,
        provider_ref: &str,
        _: Timestamp,
    ) -> Result<PaymentRecord, PaymentStoreError> {
        let change = crate::model::PaymentChange::CheckoutOpened {
            provider_ref: provider_ref.into(),
        };
        self.update(payment, |r| r.payment.apply(change).map(|_| r.clone()))?
            .map_err(PaymentStoreError::from)
    }

    async fn apply_payment_event(
        &self,
        apply: EventToApply,
    ) -> Result<EventOutcome, PaymentStoreError> {
        if let Some(id) = &apply.event.event_id {
            let mut seen = self.events.lock().unwrap();
            if seen.contains(id) {
                return Ok(EventOutcome::AlreadyApplied);
            }
            seen.push(id.clone());
        }
        let id = apply.event.payment.unwrap_or(PaymentId::new(1));
        let verdict = apply.event.kind.verdict(bdt(FEE));
        self.applied.lock().unwrap().push(apply);
        let effect = match verdict {
            EventVerdict::Apply(change) => self.update(id, |r| match r.payment.apply(change) {
                Ok(Applied::Changed {
                    to: PaymentState::Paid,
                    ..
                }) => EventEffect::Paid {
                    invoice: InvoiceNumber::new(2026, 1).unwrap(),
                    appointment: AfterPayment::Confirmed,
                },
                Ok(Applied::Changed { from, to }) => EventEffect::Moved { from, to },
                _ => EventEffect::Unchanged,
            })?,
            EventVerdict::AmountMismatch { .. } => EventEffect::Flagged {
                reason: "amount".into(),
            },
            EventVerdict::NoChange => EventEffect::Unchanged,
        };
        Ok(EventOutcome::Recorded {
            payment: Box::new(self.only()),
            effect,
        })
    }

    async fn record_refund(
        &self,
        refund: RefundToRecord,
    ) -> Result<RefundOutcome, PaymentStoreError> {
        self.refunds.lock().unwrap().push(refund.clone());
        let change = crate::model::PaymentChange::Refunded {
            refund_ref: refund.refund_ref,
            amount: refund.amount,
        };
        self.update(refund.payment, |r| {
            r.payment
                .apply(change)
                .map(|_| RefundOutcome::Recorded(r.clone()))
        })?
        .map_err(PaymentStoreError::from)
    }

    async fn flag_payment(
        &self,
        payment: PaymentId,
        reason: &str,
        _: Timestamp,
    ) -> Result<(), PaymentStoreError> {
        self.update(payment, |r| r.flagged = Some(reason.to_owned()))
    }

    async fn payment(&self, id: PaymentId) -> Result<Option<PaymentRecord>, StoreError> {
        Ok(self
            .payments
            .lock()
            .unwrap()
            .iter()
            .find(|r| r.payment.id == id)
            .cloned())
    }

    async fn payment_for_event(
        &self,
        _: Provider,
        event: &PaymentEvent,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        let all = self.payments.lock().unwrap();
        Ok(all
            .iter()
            .find(|r| {
                event.payment == Some(r.payment.id) || event.provider_ref == r.payment.provider_ref
            })
            .cloned())
    }

    async fn payment_by_ref(
        &self,
        _: Provider,
        provider_ref: &str,
    ) -> Result<Option<PaymentRecord>, StoreError> {
        let all = self.payments.lock().unwrap();
        Ok(all
            .iter()
            .find(|r| r.payment.provider_ref.as_deref() == Some(provider_ref))
            .cloned())
    }

    async fn payments_of_appointment(
        &self,
        _: AppointmentId,
    ) -> Result<Vec<PaymentRecord>, StoreError> {
        Ok(self.payments.lock().unwrap().clone())
    }

    async fn payments_of_patient(&self, _: PatientId) -> Result<Vec<PaymentRecord>, StoreError> {
        Ok(self.payments.lock().unwrap().clone())
    }

    async fn invoice_for_patient(
        &self,
        _: InvoiceNumber,
        _: PatientId,
    ) -> Result<Option<Invoice>, StoreError> {
        Ok(None)
    }

    async fn payment_history(
        &self,
        _: PatientId,
        limit: i64,
        offset: i64,
    ) -> Result<PaymentHistory, StoreError> {
        let all = self.payments.lock().unwrap();
        let rows = all
            .iter()
            .skip(usize::try_from(offset).unwrap())
            .take(usize::try_from(limit).unwrap())
            .cloned()
            .collect();
        Ok(PaymentHistory {
            rows,
            total: i64::try_from(all.len()).unwrap(),
        })
    }

    async fn invoice(&self, _: InvoiceNumber) -> Result<Option<Invoice>, StoreError> {
        Ok(None)
    }

    async fn refunds_of_payment(&self, _: PaymentId) -> Result<Vec<RefundEntry>, StoreError> {
        Ok(Vec::new())
    }

    async fn pending_since(&self, _: Timestamp) -> Result<Vec<PaymentRecord>, StoreError> {
        let all = self.payments.lock().unwrap();
        Ok(all
            .iter()
            .filter(|r| r.payment.state == PaymentState::Pending)
            .cloned()
            .collect())
    }
}
