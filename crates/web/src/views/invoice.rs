//! An invoice as people read it, the same on the page and in the PDF: the
//! clinic, the facts as issued (line by line), and the refunds made since,
//! shown beside the invoice, which stays as it was issued.

use super::payments::{clinic_zone, moment};
use super::times;
use crate::state::AppState;
use consulta_domain::model::Money;
use consulta_domain::services::payments::InvoiceFile;
use jiff::tz::TimeZone;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct InvoiceLine {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefundLine {
    pub at: String,
    pub amount: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InvoiceView {
    pub number: String,
    pub clinic_name: String,
    pub clinic_address: String,
    /// Empty when `clinic.tax_id` is not set.
    pub tax_id: String,
    pub lines: Vec<InvoiceLine>,
    pub refunds: Vec<RefundLine>,
    /// What was refunded in all and what remains paid, when anything was refunded.
    pub refunded: Option<String>,
    pub net: Option<String>,
}

fn line(label: &'static str, value: impl Into<String>) -> InvoiceLine {
    InvoiceLine {
        label,
        value: value.into(),
    }
}

/// The invoice's text; times in the clinic's zone, and the reader's beside
/// the consultation's when it differs.
pub fn invoice_view(
    state: &AppState,
    file: &InvoiceFile,
    reader: Option<&TimeZone>,
) -> InvoiceView {
    let clinic = &state.settings.clinic;
    let zone = clinic_zone(state);
    let i = &file.invoice;
    let at = times::shown(i.consultation_starts_at, &zone, reader);
    let mut lines = vec![
        line("Invoice number", i.number.to_string()),
        line("Issued", moment(i.issued_at, &zone)),
        line("Patient", i.patient_name.clone()),
        line("Doctor", i.doctor_name.clone()),
        line(
            "Consultation",
            format!("{}, {} (UTC{})", at.date, at.label, at.offset),
        ),
    ];
    if let Some(theirs) = at.theirs {
        lines.push(line("Consultation, your time", theirs));
    }
    lines.extend([
        line("Amount", i.amount.display()),
        line("Paid with", i.provider.label()),
        line("Transaction", i.transaction_ref.clone()),
        line("Payment date", moment(i.paid_at, &zone)),
    ]);
    let refunded_minor: i64 = file.refunds.iter().map(|r| r.amount.minor()).sum();
    let currency = i.amount.currency();
    let any = !file.refunds.is_empty();
    InvoiceView {
        number: i.number.to_string(),
        clinic_name: clinic.name.clone(),
        clinic_address: clinic.address.clone(),
        tax_id: clinic.tax_id.trim().to_owned(),
        lines,
        refunds: file
            .refunds
            .iter()
            .map(|r| RefundLine {
                at: moment(r.at, &zone),
                amount: r.amount.display(),
                reason: r.reason.clone(),
            })
            .collect(),
        refunded: any.then(|| Money::new(refunded_minor, currency).display()),
        net: any.then(|| Money::new(i.amount.minor() - refunded_minor, currency).display()),
    }
}
