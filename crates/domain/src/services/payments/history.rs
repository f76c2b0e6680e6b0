//! What patients and staff read about payments: a patient's payments page
//! by page, an invoice with the refunds made since (the invoice itself
//! stays as issued), and an appointment's payments with their refunds.

use super::Payments;
use crate::model::{AppointmentId, Invoice, InvoiceNumber, PatientId};
use crate::ports::{PaymentHistory, PaymentRecord, RefundEntry, StoreError};

/// Payments per page of GET /payments.
pub const HISTORY_PER_PAGE: i64 = 20;

/// One page of a patient's payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage {
    pub rows: Vec<PaymentRecord>,
    pub total: i64,
    /// 1 for the first; a page past the last shows the last.
    pub page: i64,
    pub pages: i64,
}

/// An invoice as issued, and the refunds of its payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceFile {
    pub invoice: Invoice,
    pub refunds: Vec<RefundEntry>,
}

/// A payment with its refunds, for the appointment pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFile {
    pub record: PaymentRecord,
    pub refunds: Vec<RefundEntry>,
}

/// Who asks to see an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceReader {
    /// Sees only their own: another patient's is not found.
    Patient(PatientId),
    Staff,
}

impl Payments {
    /// The patient's payments, newest first, `page` counted from 1.
    pub async fn history(&self, patient: PatientId, page: i64) -> Result<HistoryPage, StoreError> {
        let page = page.max(1);
        let offset = |page: i64| (page - 1).saturating_mul(HISTORY_PER_PAGE);
        let store = &self.ports.store;
        let mut found: PaymentHistory = store
            .payment_history(patient, HISTORY_PER_PAGE, offset(page))
            .await?;
        let pages = ((found.total + HISTORY_PER_PAGE - 1) / HISTORY_PER_PAGE).max(1);
        if page > pages {
            found = store
                .payment_history(patient, HISTORY_PER_PAGE, offset(pages))
                .await?;
        }
        Ok(HistoryPage {
            rows: found.rows,
            total: found.total,
            page: page.min(pages),
            pages,
        })
    }

    /// The invoice and its payment's refunds; `None` when there is no such
    /// invoice or it is another patient's.
    pub async fn invoice(
        &self,
        number: InvoiceNumber,
        reader: InvoiceReader,
    ) -> Result<Option<InvoiceFile>, StoreError> {
        let store = &self.ports.store;
        let invoice = match reader {
            InvoiceReader::Patient(patient) => store.invoice_for_patient(number, patient).await?,
            InvoiceReader::Staff => store.invoice(number).await?,
        };
        let Some(invoice) = invoice else {
            return Ok(None);
        };
        let refunds = store.refunds_of_payment(invoice.payment).await?;
        Ok(Some(InvoiceFile { invoice, refunds }))
    }

    /// The appointment's payments, newest first, with their refunds; for a
    /// patient only when the appointment is theirs (else empty).
    pub async fn payments_of_appointment(
        &self,
        appointment: AppointmentId,
        patient: Option<PatientId>,
    ) -> Result<Vec<PaymentFile>, StoreError> {
        let store = &self.ports.store;
        let records = store.payments_of_appointment(appointment).await?;
        let mut files = Vec::with_capacity(records.len());
        for record in records {
            if patient.is_some_and(|p| p != record.patient) {
                return Ok(Vec::new());
            }
            let refunds = if record.payment.refunds.is_empty() {
                Vec::new()
            } else {
                store.refunds_of_payment(record.payment.id).await?
            };
            files.push(PaymentFile { record, refunds });
        }
        Ok(files)
    }
}
